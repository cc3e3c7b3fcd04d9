"""Negative posts per hour, for each topic and tracked product: what the early-warning rule
judges.

Counting is two GROUP BY queries (topics, products) over only the hours a check needs:
the hours being checked and the same hours in each baseline week.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Count, Min, Q
from django.db.models.functions import TruncHour

from socialcycle.accounts.models import TrackedName, Workspace
from socialcycle.analysis.labels import Sentiment
from socialcycle.measuring.alerts.models import Alert
from socialcycle.measuring.alerts.rule import HOUR, WEEK, AlertRule
from socialcycle.understanding.models import PostAnalysis, PostMention

Scope = tuple[str, int]  # (Alert.Scope value, topic id or TrackedName id)
Counts = dict[Scope, dict[datetime, int]]


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime  # exclusive


def needed_intervals(hours: Sequence[datetime], rule: AlertRule) -> list[Interval]:
    """The time ranges holding `hours` and their baselines, overlapping ones merged."""
    first, last = min(hours), max(hours) + HOUR
    spread = rule.neighbour_hours * HOUR
    pieces = [Interval(first, last)] + [
        Interval(first - week * WEEK - spread, last - week * WEEK + spread)
        for week in range(1, rule.weeks + 1)
    ]
    merged: list[Interval] = []
    for piece in sorted(pieces, key=lambda interval: interval.start):
        if merged and piece.start <= merged[-1].end:
            merged[-1] = Interval(merged[-1].start, max(merged[-1].end, piece.end))
        else:
            merged.append(piece)
    return merged


def _within(intervals: Iterable[Interval]) -> Q:
    condition = Q()
    for interval in intervals:
        condition |= Q(created_at__gte=interval.start, created_at__lt=interval.end)
    return condition


def negative_counts(
    workspace: Workspace,
    intervals: Sequence[Interval],
    topic_ids: Iterable[int] | None = None,
    product_names: Iterable[str] | None = None,
) -> Counts:
    """Negative posts per hour (UTC) for each topic and tracked product in the intervals.

    `topic_ids`/`product_names` narrow the count to those scopes (None: all of them).
    """
    products = dict(
        TrackedName.objects.filter(workspace=workspace, kind=TrackedName.Kind.PRODUCT).values_list(
            "name", "id"
        )
    )
    counts: Counts = defaultdict(dict)
    by_topic = PostAnalysis.objects.filter(
        _within(intervals),
        workspace=workspace,
        sentiment=Sentiment.NEGATIVE,
        topic__isnull=False,
        is_spam=False,
    )
    if topic_ids is not None:
        by_topic = by_topic.filter(topic_id__in=list(topic_ids))
    for topic_id, hour, count in (
        by_topic.annotate(hour=TruncHour("created_at", tzinfo=UTC))
        .values("topic_id", "hour")
        .annotate(count=Count("id"))
        .values_list("topic_id", "hour", "count")
    ):
        counts[(Alert.Scope.TOPIC, topic_id)][hour] = count
    names = list(products) if product_names is None else [n for n in product_names if n in products]
    if names:
        by_product = PostMention.objects.filter(
            _within(intervals),
            workspace=workspace,
            kind=TrackedName.Kind.PRODUCT,
            name__in=names,
            analysis__sentiment=Sentiment.NEGATIVE,
            analysis__is_spam=False,
        )
        for name, hour, count in (
            by_product.annotate(hour=TruncHour("created_at", tzinfo=UTC))
            .values("name", "hour")
            .annotate(count=Count("id"))
            .values_list("name", "hour", "count")
        ):
            counts[(Alert.Scope.PRODUCT, products[name])][hour] = count
    return counts


def history_start(workspace: Workspace) -> datetime | None:
    """When the workspace's analysed posts begin: baselines never reach before it."""
    first: datetime | None = PostAnalysis.objects.filter(workspace=workspace).aggregate(
        first=Min("created_at")
    )["first"]
    return first
