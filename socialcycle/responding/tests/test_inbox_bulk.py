"""Several inbox posts at once: attached to an insight, assigned, or marked spam or not spam, each
through the service one post's page uses; only the workspace's own posts are touched."""

import pytest
from django.urls import reverse

from socialcycle.accounts.models import AuditEvent
from socialcycle.acting import services
from socialcycle.listening.models import Post
from socialcycle.responding.models import Assignment
from socialcycle.responding.tests.test_inbox_and_replies import sign_in
from socialcycle.understanding.models import Correction
from socialcycle.understanding.tests.helpers import analysed_posts

pytestmark = pytest.mark.django_db


def bulk(client, workspace, **data):
    url = reverse("responding:inbox-bulk", args=[workspace.slug])
    return client.post(url, data, follow=True)


def test_chosen_posts_are_attached_to_the_chosen_insight(client, cast):
    posts = analysed_posts(cast.workspace, ["The hub will not pair", "Pairing fails", "Love it"])
    (theirs,) = analysed_posts(cast.other_workspace, ["Pairing fails here too"])
    insight = services.create_insight(cast.workspace, kind="complaint", title="Pairing fails")
    sign_in(client, cast.analyst)

    page = bulk(
        client,
        cast.workspace,
        action="attach",
        insight=insight.pk,
        posts=[posts[0].pk, posts[1].pk, theirs.pk],
        query="sentiment=negative",
    )

    assert sorted(insight.posts.values_list("pk", flat=True)) == [posts[0].pk, posts[1].pk]
    assert "2 posts attached to the insight." in page.content.decode()
    assert page.redirect_chain[-1][0].endswith("/inbox/?sentiment=negative")


def test_chosen_posts_are_marked_spam_as_corrections_the_scorer_learns_from(client, cast):
    posts = analysed_posts(cast.workspace, ["Win a free phone now", "Cheap followers here"])
    sign_in(client, cast.analyst)

    page = bulk(client, cast.workspace, action="spam", posts=[p.pk for p in posts])

    assert set(Post.objects.values_list("is_spam", "spam_marked")) == {(True, True)}
    assert Correction.objects.filter(post__in=posts).count() == 2
    assert "2 posts marked as spam." in page.content.decode()


def test_nothing_changes_without_posts_an_action_or_the_insight(client, cast):
    (post,) = analysed_posts(cast.workspace, ["The hub will not pair"])
    sign_in(client, cast.analyst)

    no_posts = bulk(client, cast.workspace, action="spam")
    no_action = bulk(client, cast.workspace, posts=[post.pk])
    no_insight = bulk(client, cast.workspace, action="attach", posts=[post.pk])

    assert "Nothing changed: choose at least one post." in no_posts.content.decode()
    assert "Nothing changed: choose what to do with the posts." in no_action.content.decode()
    assert "Nothing changed: choose the insight" in no_insight.content.decode()
    assert not Post.objects.filter(is_spam=True).exists()
    assert not post.insights.exists()


def test_a_viewer_may_not(client, cast):
    (post,) = analysed_posts(cast.workspace, ["The hub will not pair"])
    sign_in(client, cast.viewer)
    url = reverse("responding:inbox-bulk", args=[cast.workspace.slug])

    assert client.post(url, {"action": "spam", "posts": [post.pk]}).status_code == 403
    assert not Post.objects.filter(is_spam=True).exists()


def test_the_filters_sent_back_cannot_break_the_answer(client, cast):
    (post,) = analysed_posts(cast.workspace, ["Win a free phone now"])
    sign_in(client, cast.analyst)
    url = reverse("responding:inbox-bulk", args=[cast.workspace.slug])

    answer = client.post(url, {"action": "spam", "posts": [post.pk], "query": "a=1\r\nX: y"})

    assert answer.status_code == 302
    assert "\n" not in answer["Location"]
    assert answer["Location"].endswith("/inbox/?a=1%0D%0AX%3A+y")


def test_chosen_posts_are_assigned_and_found_by_assigned_to_me(client, cast):
    mine, other = analysed_posts(cast.workspace, ["The hub will not pair", "Pairing fails"])
    sign_in(client, cast.analyst)

    page = bulk(client, cast.workspace, action="assign", assignee=cast.admin.pk, posts=[mine.pk])

    assert "1 posts assigned." in page.content.decode()
    assert Assignment.objects.get(post=mine).assignee == cast.admin
    event = AuditEvent.objects.get(action="assign posts")
    assert event.after == {"assignee": "alice", "posts": [mine.pk]}
    client.force_login(cast.admin)
    inbox = client.get(reverse("responding:inbox", args=[cast.workspace.slug]), {"mine": "on"})
    shown = [row.post_id for row in inbox.context["rows"]]
    assert shown == [mine.pk]
    assert "assigned to alice" in inbox.content.decode()

    again = bulk(
        client, cast.workspace, action="assign", assignee="none", posts=[mine.pk, other.pk]
    )
    assert "1 posts assigned." in again.content.decode()
    assert not Assignment.objects.exists()


def test_posts_go_only_to_someone_who_may_reply_in_this_workspace(client, cast):
    (post,) = analysed_posts(cast.workspace, ["The hub will not pair"])
    sign_in(client, cast.analyst)

    to_viewer = bulk(
        client, cast.workspace, action="assign", assignee=cast.viewer.pk, posts=[post.pk]
    )
    to_outsider = bulk(
        client, cast.workspace, action="assign", assignee=cast.outsider.pk, posts=[post.pk]
    )
    to_nobody_chosen = bulk(client, cast.workspace, action="assign", posts=[post.pk])

    for page in (to_viewer, to_outsider):
        assert "Nothing changed: choose a member of this workspace who may reply" in (
            page.content.decode()
        )
    assert "Nothing changed: choose who answers the posts." in to_nobody_chosen.content.decode()
    assert not Assignment.objects.exists()


def test_the_posts_page_offers_the_same_choices_to_those_who_may_reply(client, cast):
    (post,) = analysed_posts(cast.workspace, ["The hub will not pair"])
    insight = services.create_insight(cast.workspace, kind="complaint", title="Pairing fails")
    posts_page = reverse("understanding:posts", args=[cast.workspace.slug])
    form_url = reverse("responding:bulk-form", args=[cast.workspace.slug])
    sign_in(client, cast.analyst)

    assert form_url in client.get(posts_page).content.decode()
    assert client.get(form_url).url == posts_page  # opened by hand: the Posts page
    form = client.get(
        form_url, {"query": "sentiment=negative"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert f'<option value="{insight.pk}">Pairing fails</option>' in form
    assert 'name="back" value="posts"' in form
    done = bulk(
        client,
        cast.workspace,
        action="attach",
        insight=insight.pk,
        posts=[post.pk],
        back="posts",
        query="sentiment=negative",
    )
    assert done.redirect_chain[-1][0] == f"{posts_page}?sentiment=negative"
    assert list(insight.posts.all()) == [post]

    client.force_login(cast.viewer)
    assert form_url not in client.get(posts_page).content.decode()
    assert client.get(form_url, headers={"HX-Request": "true"}).status_code == 403
