"""The Posts page: filters from the URL, search with highlights, paging, errors said."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from socialcycle.accounts.services import track_name
from socialcycle.testing.factories import make_source
from socialcycle.testing.posts import stored_post
from socialcycle.understanding.views import POSTS_PER_PAGE

DAY = datetime(2026, 3, 10, 12, tzinfo=UTC)


@pytest.fixture
def viewer(client, cast):
    client.force_login(cast.viewer)
    return client


def url(cast):
    return reverse("understanding:posts", args=[cast.workspace.slug])


def shown(response):
    return [post.text for post, _ in response.context["rows"]]


def test_filters_combine_and_the_url_carries_them_to_the_next_page(viewer, cast):
    track_name(cast.workspace, kind="product", name="Lumio Hub")
    social = make_source(cast.workspace, "Chirper", "social")
    email = make_source(cast.workspace, "Mail", "email")
    for i in range(POSTS_PER_PAGE + 5):
        stored_post(social, f"hub {i}", when=DAY - timedelta(minutes=i), products=("Lumio Hub",))
    stored_post(email, "hub by mail", when=DAY, products=("Lumio Hub",))
    stored_post(social, "hub before", when=DAY - timedelta(days=30), products=("Lumio Hub",))
    stored_post(social, "no product", when=DAY)
    query = {"product": "Lumio Hub", "channel": "social", "since": "2026-03-01"}
    first = viewer.get(url(cast), query)
    assert first.status_code == 200
    assert first.context["page"].paginator.count == POSTS_PER_PAGE + 5
    text = first.content.decode()
    assert f"1\N{EN DASH}{POSTS_PER_PAGE} of {POSTS_PER_PAGE + 5} posts" in text
    for carried in ("page=2", "product=Lumio+Hub", "channel=social", "since=2026-03-01"):
        assert carried in text
    second = viewer.get(url(cast), {**query, "page": 2})
    assert len(shown(second)) == 5
    assert not {"hub by mail", "hub before", "no product"} & set(shown(first) + shown(second))


def test_a_days_and_a_topics_posts_say_so_in_the_heading(viewer, cast):
    from socialcycle.understanding.models import Topic

    topic = Topic.objects.create(workspace=cast.workspace, label="Battery")
    stored_post(make_source(cast.workspace), "dies", when=DAY, topic=topic)
    response = viewer.get(url(cast), {"day": "2026-03-10", "topic": topic.pk})
    assert "<h1>Posts about “Battery” on 10 Mar 2026</h1>" in response.content.decode()
    assert shown(response) == ["dies"]


def test_search_ranks_and_highlights_and_escapes_the_post(viewer, cast):
    source = make_source(cast.workspace)
    stored_post(source, "battery battery <script>alert(1)</script>", when=DAY)
    stored_post(source, "the battery died", when=DAY - timedelta(days=1))
    stored_post(source, "screen", when=DAY)
    response = viewer.get(url(cast), {"q": "battery", "sentiment": "neutral"})
    assert shown(response) == ["battery battery <script>alert(1)</script>", "the battery died"]
    html = response.content.decode()
    assert "<mark>battery</mark>" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "best match first" in html


def test_a_search_past_the_ranking_window_says_so_and_counts_all_on_request(viewer, cast, settings):
    settings.SEARCH_RANK_WINDOW = 2
    source = make_source(cast.workspace)
    for i in range(3):
        stored_post(source, f"battery {i}", when=DAY)
    response = viewer.get(url(cast), {"q": "battery"})
    assert set(shown(response)) == {"battery 2", "battery 1"}  # equal ranks: either order
    html = response.content.decode()
    assert "More than 2 posts match: these are the best of the 2 most recently added" in html
    assert "q=battery&amp;count=all" in html
    counted = viewer.get(url(cast), {"q": "battery", "count": "all"}).content.decode()
    assert "3 posts match: these are the best of the 2 most recently added" in counted
    assert "count every match" not in counted
    within = viewer.get(url(cast), {"q": "battery 0"}).content.decode()
    assert 'id="ranked-window"' not in within


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ({"since": "24-02-2015"}, "since: “24-02-2015” is not a date"),
        ({"product": "Toaster"}, "product: “Toaster” is not a tracked product"),
        ({"topic": "abc"}, "topic: “abc” is not a topic of this workspace"),
        ({"q": '"unbalanced'}, None),
    ],
)
def test_unreadable_filters_are_said_on_the_page_and_odd_searches_are_fine(
    viewer, cast, query, said
):
    stored_post(make_source(cast.workspace), "unbalanced quotes", when=DAY)
    response = viewer.get(url(cast), query)
    if said is None:
        assert response.status_code == 200
        assert shown(response) == ["unbalanced quotes"]
    else:
        assert response.status_code == 400
        assert said in response.content.decode()


def test_posts_like_this_one_are_nearest_in_meaning(viewer, cast):
    source = make_source(cast.workspace)
    post = stored_post(source, "The app crashes every time I open the settings screen")
    stored_post(source, "Our office will be closed for the holidays next week")
    stored_post(source, "Application keeps crashing when opening settings")
    stored_post(make_source(cast.other_workspace), "The app crashes when I open settings")
    response = viewer.get(reverse("understanding:similar", args=[cast.workspace.slug, post.pk]))
    assert response.status_code == 200
    nearest = [item.post.text for item in response.context["similar"]]
    assert nearest == [
        "Application keeps crashing when opening settings",
        "Our office will be closed for the holidays next week",
    ]


def test_another_workspaces_post_has_no_similar_page_here(viewer, cast):
    theirs = stored_post(make_source(cast.other_workspace), "theirs")
    page = reverse("understanding:similar", args=[cast.workspace.slug, theirs.pk])
    assert viewer.get(page).status_code == 404
