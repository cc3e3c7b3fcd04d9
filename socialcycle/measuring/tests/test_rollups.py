"""The dashboard's daily rollups stay equal to counting the analyses themselves."""

from collections import Counter
from datetime import UTC, timedelta

import pytest
from django.utils import timezone

from socialcycle.analysis.labels import FEEDBACK_KIND_LABELS, SENTIMENT_LABELS
from socialcycle.listening.models import Channel
from socialcycle.measuring.dashboard import queries, rollups
from socialcycle.measuring.dashboard import sections as dashboard
from socialcycle.measuring.dashboard.voice import share_of_voice
from socialcycle.measuring.models import DailyCount, TopicDailyCount
from socialcycle.measuring.tests.test_dashboard import said, scope
from socialcycle.testing.factories import make_source
from socialcycle.understanding.models import PostAnalysis, Topic


def counted(workspace):
    return {
        (row.day, row.channel, row.sentiment, row.primary_kind): row.n
        for row in DailyCount.objects.filter(workspace=workspace)
    }


def test_new_analyses_corrections_and_topic_moves_are_recounted(cast):
    source, reviews = make_source(cast.workspace), make_source(cast.workspace, "Stars", "review")
    hub, pairing = (Topic.objects.create(workspace=cast.workspace, label=x) for x in ("Hub", "P"))
    said(source, days_ago=1, sentiment="negative", topic=hub)
    said(source, days_ago=1, sentiment="positive", topic=hub)
    said(reviews, days_ago=3, sentiment="negative", topic=pairing)
    assert rollups.bring_up_to_date(cast.workspace) == 2  # two days
    assert rollups.bring_up_to_date(cast.workspace) == 0  # nothing changed since
    assert sum(counted(cast.workspace).values()) == 3
    assert rollups.total(scope(cast.workspace, channel="review")) == 1

    corrected = PostAnalysis.objects.filter(sentiment="positive").get()
    corrected.sentiment = "negative"
    corrected.save()
    rollups.bring_up_to_date(cast.workspace)
    sentiments = {key[2]: n for key, n in counted(cast.workspace).items() if key[1] == "social"}
    assert sentiments == {"negative": 2}

    PostAnalysis.objects.filter(topic=pairing).update(topic=hub)  # a merge moves many posts
    pairing.merged_into = hub
    pairing.save()
    rollups.bring_up_to_date(cast.workspace)
    assert rollups.topic_counts(scope(cast.workspace)) == {hub.pk: 3}


def test_the_rollups_equal_a_count_of_the_analyses(cast):
    source = make_source(cast.workspace)
    for days_ago, sentiment in [(0, "positive"), (0, "neutral"), (5, "negative"), (40, "positive")]:
        said(source, days_ago=days_ago, sentiment=sentiment)
    rollups.rebuild(cast.workspace)
    expected = {
        (timezone.localtime(row["created_at"]).date(), row["sentiment"]): 1
        for row in PostAnalysis.objects.values("created_at", "sentiment")
    }
    stored = {(row.day, row.sentiment): row.n for row in DailyCount.objects.all()}
    assert stored == expected
    series = rollups.daily_series(scope(cast.workspace, days=10), "sentiment", {"positive": "P"})
    assert sum(series.counts["P"]) == 1  # the one 40 days ago is outside the period
    assert not TopicDailyCount.objects.exists()


def test_another_workspace_is_counted_apart(cast):
    said(make_source(cast.workspace), days_ago=1)
    said(make_source(cast.other_workspace), days_ago=1)
    rollups.bring_up_to_date(cast.workspace)
    assert rollups.total(scope(cast.workspace)) == 1
    assert rollups.total(scope(cast.other_workspace)) == 0  # not brought up to date yet
    rollups.bring_up_to_date(cast.other_workspace)
    assert rollups.total(scope(cast.other_workspace)) == 1


HUB, ARC = ("product", "Lumio Hub"), ("competitor", "HomeArc")
NARROWINGS = [
    {"channel": "review"},
    {"product": "Lumio Hub"},
    {"product": "Lumio Hub", "channel": "review"},
]
FIELDS = {
    "sentiment": SENTIMENT_LABELS,
    "channel": dict(Channel.choices),
    "primary_kind": FEEDBACK_KIND_LABELS,
}


def a_mixed_week(workspace):
    social, reviews = make_source(workspace), make_source(workspace, "Stars", "review")
    hub = Topic.objects.create(workspace=workspace, label="Hub")
    said(social, days_ago=1, sentiment="negative", topic=hub, names=[HUB])
    said(reviews, days_ago=1, sentiment="positive", topic=hub, names=[HUB, ARC])
    said(reviews, days_ago=2, sentiment="negative", names=[ARC])
    said(reviews, days_ago=2, sentiment="neutral", topic=hub)
    said(social, days_ago=3, sentiment="positive", names=[ARC])
    rollups.rebuild(workspace)
    return hub


@pytest.mark.parametrize("narrowing", NARROWINGS, ids=str)
def test_filtered_by_channel_or_product_the_rollups_equal_counting_the_analyses(cast, narrowing):
    a_mixed_week(cast.workspace)
    narrowed = scope(cast.workspace, **narrowing)
    for field, labels in FIELDS.items():
        from_rollups = dashboard.daily_series(narrowed, field, labels)
        grouped_by = "post__channel" if field == "channel" else field
        counted = queries.daily_counts(narrowed.analyses(), grouped_by, labels, narrowed)
        assert from_rollups == counted, field
    overview = dashboard.overview(narrowed)
    assert overview.analysed == narrowed.analyses().count()
    by_topic = Counter(narrowed.analyses().exclude(topic=None).values_list("topic_id", flat=True))
    assert rollups.topic_counts(narrowed) == dict(by_topic)


def test_topics_and_voice_follow_the_channel_filter(cast):
    hub = a_mixed_week(cast.workspace)
    reviews = scope(cast.workspace, channel="review")
    assert rollups.topic_counts(reviews) == {hub.pk: 2}
    assert rollups.topic_counts(scope(cast.workspace)) == {hub.pk: 3}
    voices = {
        voice.name: (voice.mentions, voice.positive, voice.negative)
        for voice in share_of_voice(reviews)
    }
    assert voices == {"Lumio Hub": (1, 1, 0), "HomeArc": (2, 1, 1)}


def test_filtered_by_topic_posts_fall_on_their_local_day(cast, settings):
    settings.TIME_ZONE = "Asia/Kathmandu"  # UTC+5:45: local midnight is 18:15 UTC
    source = make_source(cast.workspace)
    hub = Topic.objects.create(workspace=cast.workspace, label="Hub")
    evening = said(source, days_ago=4, topic=hub)
    late = said(source, days_ago=4, topic=hub)
    base = timezone.localtime(evening.created_at).replace(hour=0, minute=0).astimezone(UTC)
    before, after = base - timedelta(minutes=10), base + timedelta(minutes=5)  # 23:50, 00:05
    for post, when in [(evening, before), (late, after)]:
        PostAnalysis.objects.filter(post=post).update(created_at=when)
    narrowed = scope(cast.workspace, topic_id=hub.pk)
    series = dashboard.daily_series(narrowed, "sentiment", SENTIMENT_LABELS)
    counts = dict(zip(series.days, series.counts["Neutral"], strict=True))
    day = timezone.localtime(after).date()
    assert (counts[day - timedelta(days=1)], counts[day]) == (1, 1)


def test_a_post_moved_by_a_reimport_moves_its_replies_copy_too(cast):
    from socialcycle.listening.models import Post
    from socialcycle.responding.models import Reply

    post = said(make_source(cast.workspace), days_ago=3)
    reply = Reply.objects.create(workspace=cast.workspace, post=post, text="on it")
    assert reply.post_created_at == post.created_at
    rollups.bring_up_to_date(cast.workspace)
    moved = post.created_at - timedelta(days=1)
    Post.objects.filter(pk=post.pk).update(created_at=moved)
    analysis = PostAnalysis.objects.get(post=post)
    analysis.created_at = moved
    analysis.save()  # re-analysed after the re-import

    rollups.bring_up_to_date(cast.workspace)

    reply.refresh_from_db()
    assert reply.post_created_at == moved


def test_voice_within_a_topic_comes_from_its_rollup_and_equals_the_mentions(cast):
    hub = a_mixed_week(cast.workspace)
    within = scope(cast.workspace, topic_id=hub.pk)
    voices = {v.name: (v.mentions, v.positive, v.negative) for v in share_of_voice(within)}
    assert voices == {"Lumio Hub": (2, 1, 1), "HomeArc": (1, 1, 0)}
    reviews = scope(cast.workspace, topic_id=hub.pk, channel="review")
    voices = {v.name: (v.mentions, v.positive, v.negative) for v in share_of_voice(reviews)}
    assert voices == {"Lumio Hub": (1, 1, 0), "HomeArc": (1, 1, 0)}
