"""Suggested insights from posts of one topic and kind; confirm, merge and split them."""

from django.urls import reverse

from socialcycle.acting import suggestions
from socialcycle.acting.models import Insight
from socialcycle.testing.factories import PASSWORD
from socialcycle.understanding.models import PostAnalysis, Topic
from socialcycle.understanding.tests.helpers import analysed_posts


def on_topic(cast, texts, kind="idea"):
    posts = analysed_posts(cast.workspace, texts)
    topic, _ = Topic.objects.get_or_create(
        workspace=cast.workspace, label="dark / mode / theme", defaults={"centroid": b"\0" * 1536}
    )
    PostAnalysis.objects.filter(post__in=posts).update(topic=topic, primary_kind=kind)
    return posts


IDEAS = [f"Please add a dark mode, idea number {n}" for n in range(6)]


def sign_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_a_group_of_posts_becomes_one_suggested_insight_and_new_ones_join_it(cast):
    on_topic(cast, IDEAS)
    assert suggestions.suggest(cast.workspace) == 6
    insight = Insight.objects.get()
    assert insight.suggested
    assert insight.kind == "idea"
    assert insight.title.startswith("Please add a dark mode")  # a customer's words
    assert suggestions.suggest(cast.workspace) == 0  # nothing new
    on_topic(cast, ["Dark mode would save my eyes at night"])
    assert suggestions.suggest(cast.workspace) == 1
    assert Insight.objects.count() == 1
    assert insight.posts.count() == 7


def test_small_groups_and_praise_are_not_suggested(cast):
    on_topic(cast, IDEAS[:3])
    on_topic(cast, [f"Love it {n}" for n in range(6)], kind="praise")
    assert suggestions.suggest(cast.workspace) == 0
    assert not Insight.objects.exists()


def test_people_confirm_merge_and_split_from_the_insight_page(client, cast):
    on_topic(cast, IDEAS)
    suggestions.suggest(cast.workspace)
    suggested = Insight.objects.get()
    other = Insight.objects.create(workspace=cast.workspace, kind="idea", title="Night theme")
    sign_in(client, cast.analyst)
    url = reverse("acting:insight", args=[cast.workspace.slug, suggested.pk])

    client.post(url, {"confirm": "1"})
    suggested.refresh_from_db()
    assert not suggested.suggested

    two = list(suggested.posts.values_list("id", flat=True)[:2])
    client.post(
        url, {"split": "1", "posts": [str(pk) for pk in two], "split_title": "Dark keyboard"}
    )
    part = Insight.objects.get(title="Dark keyboard")
    assert set(part.posts.values_list("id", flat=True)) == set(two)
    assert suggested.posts.count() == 4

    client.post(url, {"merge_into": str(other.pk)})
    suggested.refresh_from_db()
    assert suggested.merged_into == other
    assert other.posts.count() == 4
    listing = client.get(reverse("acting:insights", args=[cast.workspace.slug])).content.decode()
    assert "Dark keyboard" in listing
    assert f'/insights/{suggested.pk}/"' not in listing  # merged ones leave the list


def test_splitting_needs_posts_and_a_title(client, cast):
    on_topic(cast, IDEAS)
    suggestions.suggest(cast.workspace)
    insight = Insight.objects.get()
    sign_in(client, cast.analyst)
    url = reverse("acting:insight", args=[cast.workspace.slug, insight.pk])
    page = client.post(url, {"split": "1", "split_title": "x"}, follow=True).content.decode()
    assert "choose the posts to move" in page
    assert Insight.objects.count() == 1
