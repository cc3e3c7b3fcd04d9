"""Negative (and other) posts placed in given hours, with their analysis, without models."""

from datetime import UTC, datetime, timedelta
from itertools import count

from socialcycle.accounts.models import TrackedName
from socialcycle.listening.models import Post
from socialcycle.measuring.models import Alert
from socialcycle.testing.factories import make_source
from socialcycle.understanding.models import PostAnalysis, PostMention, Topic

_ids = count(1)
NOW = datetime(2026, 3, 4, 19, 40, tzinfo=UTC)  # a Wednesday evening
HOUR = NOW.replace(minute=0)
WEEK = timedelta(days=7)


def topic(workspace, label="Cloud connection"):
    return Topic.objects.create(workspace=workspace, label=label)


def product(workspace, name="Lumio Hub"):
    return TrackedName.objects.create(workspace=workspace, kind="product", name=name)


def posts_in(workspace, hour, n, *, about=None, sentiment="negative", text="It is down again"):
    """`n` analysed posts spread over the hour from `hour`, about a Topic or a product."""
    if n <= 0:
        return []
    source = make_source(workspace, "Chirper export")
    made = Post.objects.bulk_create(
        Post(
            workspace=workspace,
            source=source,
            channel=source.channel,
            external_id=f"a{next(_ids)}",
            text=text,
            created_at=hour + timedelta(seconds=(3599 * i) // n),
            analysed_at=hour,
        )
        for i in range(n)
    )
    analyses = PostAnalysis.objects.bulk_create(
        PostAnalysis(
            post=post,
            workspace=workspace,
            created_at=post.created_at,
            channel=post.channel,
            sentiment=sentiment,
            sentiment_score=-0.8 if sentiment == "negative" else 0.5,
            topic=about if isinstance(about, Topic) else None,
            analysed_at=post.created_at,
        )
        for post in made
    )
    if isinstance(about, TrackedName):
        PostMention.objects.bulk_create(
            PostMention(
                analysis=analysis,
                workspace=workspace,
                created_at=analysis.created_at,
                kind="product",
                name=about.name,
            )
            for analysis in analyses
        )
    return made


def usual_weeks(workspace, about, around, counts_by_offset, weeks=4):
    """The same hours of the week in each of the previous `weeks` weeks: {offset: count}."""
    for week in range(1, weeks + 1):
        for offset, n in counts_by_offset.items():
            posts_in(workspace, around - week * WEEK + timedelta(hours=offset), n, about=about)


def make_alert(workspace, label="Cloud <b>connection</b>", evidence=(), **fields):
    values = {
        "scope": "topic",
        "scope_id": 1,
        "scope_label": label,
        "hour": HOUR,
        "last_anomalous_hour": HOUR,
        "observed": 12,
        "peak_observed": 12,
        "baseline_median": 1.0,
        "baseline_mad": 1.0,
        "scale": 1.48,
        "score": 7.4,
        "baseline_samples": 12,
        "evidence_post_ids": [post.pk for post in evidence],
        "episode_key": f"topic:1:{next(_ids)}",
    }
    values.update(fields)
    return Alert.objects.create(workspace=workspace, **values)
