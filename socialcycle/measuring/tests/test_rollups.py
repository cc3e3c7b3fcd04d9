"""The dashboard's daily rollups stay equal to counting the analyses themselves."""

from django.utils import timezone

from socialcycle.measuring import rollups
from socialcycle.measuring.rollup_models import DailyCount, TopicDailyCount
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
