"""The inbox (filters, most urgent first) and replies (templates, connectors), by role."""

import pytest
from django.urls import reverse

from socialcycle.acting import services
from socialcycle.acting.models import Insight
from socialcycle.listening.models import Post
from socialcycle.responding.models import Reply, ReplyTemplate
from socialcycle.testing.factories import PASSWORD
from socialcycle.understanding.tests.helpers import analysed_posts

TEXTS = [
    "Love the app, works great",
    "The hub is down and smoke came out of it, my lawyer will hear about this",
    "Could you add a dark mode? It would be great",
]


def sign_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def inbox_url(workspace, **query):
    url = reverse("responding:inbox", args=[workspace.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def shown(response):
    return [row.post.text for row in response.context["rows"]]


def test_the_most_urgent_post_comes_first_and_filters_narrow(client, cast):
    analysed_posts(cast.workspace, TEXTS)
    sign_in(client, cast.analyst)
    everything = shown(client.get(inbox_url(cast.workspace)))
    assert everything[0] == TEXTS[1]
    assert len(everything) == 3
    negative = shown(client.get(inbox_url(cast.workspace, sentiment="negative", unanswered="on")))
    assert negative == [TEXTS[1]]
    urgent = shown(client.get(inbox_url(cast.workspace, min_urgency="0.5", unanswered="on")))
    assert urgent == [TEXTS[1]]


def test_an_answered_post_leaves_the_unanswered_inbox(client, cast):
    posts = analysed_posts(cast.workspace, TEXTS)
    sign_in(client, cast.analyst)
    reply_url = reverse("responding:reply", args=[cast.workspace.slug, posts[0].pk])
    client.post(reply_url, {"text": "Thank you!"})
    remaining = shown(client.get(inbox_url(cast.workspace, unanswered="on")))
    assert TEXTS[0] not in remaining
    assert len(remaining) == 2


def test_a_community_reply_is_published_in_the_thread(client, cast):
    (post,) = analysed_posts(cast.workspace, ["Is there a dark mode?"], channel="community")
    sign_in(client, cast.analyst)
    url = reverse("responding:reply", args=[cast.workspace.slug, post.pk])
    client.post(url, {"text": "Yes: Settings > Display > Dark."})
    response = Reply.objects.get()
    assert response.published_at is not None
    published = Post.objects.get(parent=post)
    assert published.text == "Yes: Settings > Display > Dark."
    assert published.author_handle == f"staff:{cast.analyst.username}"


def test_an_external_reply_is_kept_ready_to_paste(client, cast):
    (post,) = analysed_posts(cast.workspace, ["Is there a dark mode?"], channel="social")
    sign_in(client, cast.analyst)
    url = reverse("responding:reply", args=[cast.workspace.slug, post.pk])
    page = client.post(url, {"text": "Yes, in Settings."}, follow=True).content.decode()
    assert "Ready to paste." in page
    assert Reply.objects.get().published_at is None
    assert not Post.objects.filter(parent=post).exists()


def test_templates_fill_variables_and_declining_needs_reason_and_alternative(client, cast):
    (post,) = analysed_posts(cast.workspace, ["Please add a fax integration"])
    decline = ReplyTemplate.objects.create(
        workspace=cast.workspace,
        name="decline",
        body="Hi {name}, we will not build this: {reason} Instead: {alternative}",
        is_decline=True,
    )
    sign_in(client, cast.analyst)
    url = reverse("responding:reply", args=[cast.workspace.slug, post.pk])
    refused = client.post(url, {"template": decline.pk, "reason": "Nobody else uses fax."})
    assert "needs an alternative" in refused.content.decode()
    assert not Reply.objects.exists()
    client.post(
        url,
        {"template": decline.pk, "reason": "Nobody else uses fax.", "alternative": "Use e-mail."},
    )
    assert Reply.objects.get().text == (
        "Hi person0, we will not build this: Nobody else uses fax. Instead: Use e-mail."
    )


def test_a_template_with_an_unknown_variable_is_refused(client, cast):
    (post,) = analysed_posts(cast.workspace, ["Hello"])
    bad = ReplyTemplate.objects.create(
        workspace=cast.workspace, name="bad", body="Hi {name.__class__}"
    )
    sign_in(client, cast.analyst)
    url = reverse("responding:reply", args=[cast.workspace.slug, post.pk])
    assert "unknown variables" in client.post(url, {"template": bad.pk}).content.decode()
    assert not Reply.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("viewer", 403), ("outsider", 404)])
def test_only_responders_of_the_workspace_reply(client, cast, who, status):
    (post,) = analysed_posts(cast.workspace, ["Hello"])
    sign_in(client, getattr(cast, who))
    assert client.get(inbox_url(cast.workspace)).status_code == status
    url = reverse("responding:reply", args=[cast.workspace.slug, post.pk])
    assert client.post(url, {"text": "hi"}).status_code == status
    assert not Reply.objects.exists()


def test_analysts_write_templates_and_viewers_cannot(client, cast):
    url = reverse("responding:templates", args=[cast.workspace.slug])
    sign_in(client, cast.viewer)
    assert client.post(url, {"name": "thanks", "body": "Thanks {name}!"}).status_code == 403
    sign_in(client, cast.analyst)
    client.post(url, {"name": "thanks", "body": "Thanks {name}!"})
    assert ReplyTemplate.objects.get(workspace=cast.workspace).body == "Thanks {name}!"


def test_team_and_assigned_to_me_filters_follow_the_insights(client, cast):
    posts = analysed_posts(cast.workspace, TEXTS)
    team = services.create_team(cast.workspace, "Support")
    insight = services.create_insight(cast.workspace, kind="complaint", title="x", team=team)
    services.attach_posts(insight, posts[1:2])
    other = services.create_insight(cast.workspace, kind="complaint", title="y", team=team)
    services.attach_posts(other, posts[1:2])  # the same post twice through insights
    Insight.objects.filter(pk=insight.pk).update(owner=cast.analyst)
    sign_in(client, cast.analyst)
    by_team = shown(client.get(inbox_url(cast.workspace, team=team.pk, unanswered="on")))
    assert by_team == [TEXTS[1]]  # once, not once per insight
    mine = shown(client.get(inbox_url(cast.workspace, mine="on", unanswered="on")))
    assert mine == [TEXTS[1]]
