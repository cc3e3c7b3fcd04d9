"""The dashboard's figures: filters, topics rising and falling, share of voice, CSV."""

import csv
import io
import random
from datetime import timedelta
from itertools import count

import pytest
from django.urls import reverse
from django.utils import timezone

from socialcycle.accounts.services import track_name
from socialcycle.measuring.dashboard.filters import DashboardForm, Scope
from socialcycle.measuring.dashboard.trends import topic_trends
from socialcycle.measuring.dashboard.voice import share_of_voice
from socialcycle.measuring.tests.rollup_helpers import counted
from socialcycle.testing.factories import make_source
from socialcycle.understanding.models import PostAnalysis, PostMention, Topic
from socialcycle.understanding.services import mentions_of

_ids = count(1)
NOW = timezone.now()


def said(source, *, days_ago=0, at=None, sentiment="neutral", topic=None, names=()):
    """A post with a stored analysis (the figures, not the models, are under test), said
    `days_ago` days and an hour before NOW, or `at` that time."""
    from socialcycle.listening.models import Post

    when = at or NOW - timedelta(days=days_ago, hours=1)
    post = Post.objects.create(
        workspace=source.workspace,
        source=source,
        channel=source.channel,
        external_id=str(next(_ids)),
        text="words",
        created_at=when,
        analysed_at=NOW,
    )
    analysis = PostAnalysis.objects.create(
        post=post,
        workspace=source.workspace,
        created_at=when,
        sentiment=sentiment,
        sentiment_score={"positive": 0.8, "negative": -0.8}.get(sentiment, 0.0),
        topic=topic,
        entities=[{"kind": kind, "name": name, "start": 0, "end": 1} for kind, name in names],
        analysed_at=NOW,
    )
    PostMention.objects.bulk_create(mentions_of(analysis))
    return post


def scope(workspace, days=30, **narrowing):
    until = NOW + timedelta(minutes=1)
    return Scope(workspace, until - timedelta(days=days), until, **narrowing)


def test_a_topic_that_jumps_is_rising_and_a_steady_one_is_not(cast):
    source = make_source(cast.workspace)
    outage = Topic.objects.create(workspace=cast.workspace, label="Hub outage")
    pairing = Topic.objects.create(workspace=cast.workspace, label="Pairing")
    for _ in range(2):
        said(source, days_ago=40, topic=outage)
    for _ in range(25):
        said(source, days_ago=3, topic=outage)
    for days_ago in (45, 44, 43, 42, 41, 10, 9, 8, 7, 6):
        said(source, days_ago=days_ago, topic=pairing)
    counted(cast.workspace)
    trends = {trend.label: trend for trend in topic_trends(scope(cast.workspace))}
    assert (trends["Hub outage"].previous, trends["Hub outage"].current) == (2, 25)
    assert trends["Hub outage"].direction == "rising"
    assert trends["Hub outage"].p_value < 0.001
    assert trends["Pairing"].direction == "steady"


def test_a_small_move_is_not_called_a_trend(cast):
    source = make_source(cast.workspace)
    topic = Topic.objects.create(workspace=cast.workspace, label="Battery")
    said(source, days_ago=40, topic=topic)
    said(source, days_ago=3, topic=topic)
    said(source, days_ago=2, topic=topic)
    counted(cast.workspace)
    [trend] = topic_trends(scope(cast.workspace))
    assert trend.direction == "steady"


def test_share_of_voice_counts_mentions_and_their_sentiment(cast):
    source = make_source(cast.workspace)
    said(source, days_ago=1, sentiment="positive", names=[("brand", "Lumio")])
    said(
        source,
        days_ago=1,
        sentiment="negative",
        names=[("brand", "Lumio"), ("competitor", "HomeArc")],
    )
    said(source, days_ago=2, sentiment="positive", names=[("competitor", "HomeArc")])
    said(source, days_ago=2, sentiment="positive", names=[("competitor", "HomeArc")])
    said(source, days_ago=60, sentiment="negative", names=[("brand", "Lumio")])  # out of range
    counted(cast.workspace)
    voices = {voice.name: voice for voice in share_of_voice(scope(cast.workspace))}
    assert voices["Lumio"].mentions == 2
    assert voices["Lumio"].net_sentiment == 0
    assert voices["HomeArc"].mentions == 3
    assert voices["HomeArc"].is_competitor
    assert round(voices["HomeArc"].share, 2) == 0.6
    assert round(voices["HomeArc"].net_sentiment, 2) == round(1 / 3, 2)


def test_filters_narrow_by_channel_product_and_topic(cast):
    social, reviews = make_source(cast.workspace), make_source(cast.workspace, "Stars", "review")
    topic = Topic.objects.create(workspace=cast.workspace, label="Hub")
    said(social, days_ago=1, topic=topic, names=[("product", "Lumio Hub")])
    said(social, days_ago=1)
    said(reviews, days_ago=1, names=[("product", "Lumio Hub")])
    assert scope(cast.workspace).analyses().count() == 3
    assert scope(cast.workspace, channel="review").analyses().count() == 1
    assert scope(cast.workspace, product="Lumio Hub").analyses().count() == 2
    assert scope(cast.workspace, topic_id=topic.pk).posts().count() == 1
    assert scope(cast.workspace, channel="social", product="Lumio Hub").posts().count() == 1


def test_the_form_refuses_an_end_before_the_start_and_defaults_to_90_days(cast):
    track_name(cast.workspace, kind="product", name="Lumio Hub")
    form = DashboardForm({"since": "2026-05-10", "until": "2026-05-01"}, workspace=cast.workspace)
    assert not form.is_valid()
    assert "before the start" in str(form.errors["until"])
    default = DashboardForm(None, workspace=cast.workspace).scope(NOW)
    assert default.days == 90
    product = DashboardForm(None, workspace=cast.workspace).fields["product"]
    assert ("Lumio Hub", "Lumio Hub") in product.choices  # type: ignore[attr-defined]


@pytest.fixture
def viewer_client(client, cast):
    client.force_login(cast.viewer)
    return client


def test_each_figure_downloads_as_csv_with_formulas_neutralised(viewer_client, cast):
    source = make_source(cast.workspace)
    topic = Topic.objects.create(workspace=cast.workspace, label='=HYPERLINK("http://x")')
    for _ in range(6):
        said(source, days_ago=2, sentiment="negative", topic=topic, names=[("brand", "Lumio")])
    counted(cast.workspace)
    url = reverse("measuring:home", args=[cast.workspace.slug])
    page = viewer_client.get(url, {"channel": "social"})
    assert page.status_code == 200
    assert "download=topics" in page.content.decode()
    response = viewer_client.get(url, {"channel": "social", "download": "topics"})
    assert response["Content-Type"].startswith("text/csv")
    assert f"{cast.workspace.slug}-topics-" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["topic", "before", "now", "change", "p-value", "direction"]
    assert rows[1][0] == '\'=HYPERLINK("http://x")'
    assert rows[1][2] == "6"
    sentiment = list(
        csv.reader(io.StringIO(viewer_client.get(url, {"download": "sentiment"}).content.decode()))
    )
    negative_day = [row for row in sentiment[1:] if row[3] == "6"]
    assert negative_day[0][4] == "-1.0"  # a number, not neutralised text
    assert viewer_client.get(url, {"download": "nonsense"}).status_code == 404


def test_the_dashboard_is_not_shown_to_other_workspaces(client, cast):
    client.force_login(cast.outsider)
    url = reverse("measuring:home", args=[cast.workspace.slug])
    assert client.get(url).status_code == 404
    assert client.get(url, {"download": "volume"}).status_code == 404


def test_the_posts_list_shows_one_day_when_asked(viewer_client, cast):
    source = make_source(cast.workspace)
    said(source, days_ago=0)
    said(source, days_ago=5)
    url = reverse("understanding:posts", args=[cast.workspace.slug])
    day = (NOW - timedelta(hours=1)).astimezone(timezone.get_current_timezone()).date()
    response = viewer_client.get(url, {"day": day.isoformat()})
    assert len(response.context["page"].object_list) == 1
    unreadable = viewer_client.get(url, {"day": "not-a-day"})  # said, never ignored
    assert unreadable.status_code == 400
    assert "day: “not-a-day” is not a date" in unreadable.content.decode()


def test_analysing_a_post_stores_its_tracked_names_as_rows(
    cast, django_capture_on_commit_callbacks
):
    from socialcycle.listening.services import record_posts
    from socialcycle.testing.factories import incoming

    track_name(cast.workspace, kind="product", name="Lumio Hub", aliases=["the hub"])
    track_name(cast.workspace, kind="competitor", name="HomeArc")
    with django_capture_on_commit_callbacks(execute=True):
        record_posts(
            make_source(cast.workspace),
            [incoming("1", "The hub keeps dropping, thinking of moving to HomeArc")],
        )
    names = set(PostMention.objects.values_list("kind", "name"))
    assert names == {("product", "Lumio Hub"), ("competitor", "HomeArc")}


def test_the_fast_binomial_test_agrees_with_scipys():
    from scipy.stats import binomtest

    from socialcycle.measuring.dashboard.trends import two_sided_binomial_p

    cases = [(25, 27, 0.5), (2, 27, 0.5), (13, 27, 0.5), (0, 5, 0.3), (40, 100, 0.55)]
    cases += [(5, 5, 0.3), (0, 1, 0.5), (1, 1, 0.5), (3, 10, 0.01), (9, 10, 0.99), (7, 7, 1.0)]
    cases += [(4_100, 8_000, 0.5), (2_000, 10_000, 0.2), (2_130, 10_000, 0.2), (1, 9, 0.1)]
    rng = random.Random(5)
    cases += [(rng.randint(0, n), n, rng.random()) for n in (3, 30, 300, 3000) for _ in range(25)]
    for k, n, p in cases:
        expected = binomtest(k, n, p).pvalue
        assert abs(two_sided_binomial_p(k, n, p) - expected) < 1e-9, (k, n, p)


def test_the_overview_counts_posts_waiting_for_analysis_too(cast):
    from socialcycle.listening.models import Post
    from socialcycle.measuring.dashboard.sections import overview

    source = make_source(cast.workspace)
    said(source, days_ago=1)
    said(source, days_ago=2)
    Post.objects.create(
        workspace=cast.workspace,
        source=source,
        channel=source.channel,
        external_id="waiting",
        text="not analysed yet",
        created_at=NOW - timedelta(hours=2),
    )
    counted(cast.workspace)
    counts = overview(scope(cast.workspace))
    assert (counts.posts, counts.analysed) == (3, 2)
    assert overview(scope(cast.workspace, channel="review")).posts == 0


def test_first_reply_times_follow_the_channel_topic_and_product_filters(cast):
    from socialcycle.responding.measures import first_response_times
    from socialcycle.responding.models import Reply

    social, reviews = make_source(cast.workspace), make_source(cast.workspace, "Stars", "review")
    topic = Topic.objects.create(workspace=cast.workspace, label="Hub")
    answered = [
        said(social, days_ago=1, topic=topic),
        said(social, days_ago=1, names=[("product", "Lumio Hub")]),
        said(reviews, days_ago=1, topic=topic, names=[("product", "Lumio Hub")]),
    ]
    for post in answered:
        Reply.objects.create(workspace=cast.workspace, post=post, text="On it")

    def answered_per_channel(**narrowing):
        narrowed = scope(cast.workspace, **narrowing)
        times = first_response_times(
            cast.workspace, narrowed.since, narrowed.until, narrowed.replies()
        )
        return {row.group: row.answered for row in times["channel"]}

    assert answered_per_channel() == {"Social network": 2, "Review site": 1}
    assert answered_per_channel(channel="review") == {"Review site": 1}
    assert answered_per_channel(topic_id=topic.pk) == {"Social network": 1, "Review site": 1}
    assert answered_per_channel(product="Lumio Hub") == {"Social network": 1, "Review site": 1}
    assert answered_per_channel(channel="social", topic_id=topic.pk) == {"Social network": 1}
