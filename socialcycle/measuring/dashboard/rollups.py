"""Daily rollups for the dashboard, kept exact without being rebuilt on every page.

`DailyCount` holds analysed posts per local day, channel, sentiment and primary kind;
`TopicDailyCount` per local day, topic and channel; `MentionDailyCount` per local day,
tracked name, channel, sentiment and primary kind (so a dashboard filtered by product is
served from it too). `bring_up_to_date(workspace)` recounts only
the days that changed: the days of analyses whose `updated_at` (new analyses and
corrections) is past the workspace's watermark, and every day of the topic counts when a
topic changed since (discovery, merges and splits move many posts at once). Only
background work runs it: every minute (`measuring.refresh_rollups`) and soon after a
batch of posts is analysed (`measuring.refresh_workspace_rollups`, which the analysis
queues). Pages only read: a
recount under a page view would take the database's write lock on SQLite and make the
figures move while a reader looks. `freshness(workspace)` says how far the counts go,
so a page that is behind says so. Days are local days in the workspace's time zone
(`Workspace.time_zone`, else TIME_ZONE).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from socialcycle.accounts.models import TrackedName, Workspace
from socialcycle.lib import localtime
from socialcycle.listening.models import Post
from socialcycle.measuring.dashboard.filters import Scope
from socialcycle.measuring.dashboard.models import (
    DailyCount,
    MentionDailyCount,
    ProductTopicDailyCount,
    RollupState,
    TopicDailyCount,
    TopicMentionDailyCount,
)
from socialcycle.measuring.dashboard.queries import DailySeries, series_from_rows
from socialcycle.responding.models import Reply
from socialcycle.understanding.models import PostAnalysis, PostMention, Topic


def bring_up_to_date(workspace: Workspace) -> int:
    """Recount the days that changed since the last time; returns how many days.

    The usual case (nothing changed) is two index lookups and no lock: on SQLite a
    locking transaction is a write lock. Days are local days in the workspace's time
    zone, wherever this runs.
    """
    with timezone.override(workspace.zone()):
        return _bring_up_to_date(workspace)


def _bring_up_to_date(workspace: Workspace) -> int:
    state = RollupState.objects.filter(workspace=workspace).first()
    if state is not None and (state.analyses_up_to, state.topics_up_to) == _newest(workspace):
        return 0
    with transaction.atomic():
        state, _ = RollupState.objects.select_for_update().get_or_create(workspace=workspace)
        analyses = PostAnalysis.objects.filter(workspace=workspace)
        newest_analysis, newest_topic = _newest(workspace)
        changed = analyses
        if state.analyses_up_to is not None:
            changed = changed.filter(updated_at__gt=state.analyses_up_to)
        days = _days_of(changed) if newest_analysis != state.analyses_up_to else set()
        topics_moved = newest_topic is not None and newest_topic != state.topics_up_to
        if not days and not topics_moved:
            return 0
        recount_days(workspace, days)
        left_behind = days_left_behind(workspace) if days else set()
        recount_days(workspace, left_behind)
        days |= left_behind
        recount_topic_days(workspace, _days_of(analyses) if topics_moved else days)
        if days:
            copy_post_times_to_replies(changed)
        state.analyses_up_to = newest_analysis
        state.topics_up_to = newest_topic
        state.save()
    return len(days)


@dataclass(frozen=True)
class Freshness:
    """How far the counts go: `counted_up_to`, the newest change they include (None: none
    counted yet); `behind`, whether analyses or topics changed since."""

    counted_up_to: datetime | None
    behind: bool


def freshness(workspace: Workspace) -> Freshness:
    """Read-only: the same two index lookups `bring_up_to_date` starts with."""
    state = RollupState.objects.filter(workspace=workspace).first()
    newest = _newest(workspace)
    if state is None:
        return Freshness(counted_up_to=None, behind=newest[0] is not None)
    counted = (state.analyses_up_to, state.topics_up_to)
    return Freshness(counted_up_to=state.analyses_up_to, behind=counted != newest)


def days_left_behind(workspace: Workspace) -> set[date]:
    """Days whose stored count no longer adds up to the analyses of that day.

    Days are recounted from the analyses that changed, which misses the day an analysis
    left: a re-imported post that moved to another day and was analysed again (its old
    analysis deleted, a new one made) stayed counted on its old day as well. One count
    of the workspace's analyses, only when something changed, finds that the totals
    differ; then the days are compared one by one.
    """
    analyses = PostAnalysis.objects.filter(workspace=workspace, is_spam=False)
    stored = DailyCount.objects.filter(workspace=workspace)
    if (stored.aggregate(total=Sum("n"))["total"] or 0) == analyses.count():
        return set()
    counted = dict(stored.values("day").annotate(total=Sum("n")).values_list("day", "total"))
    actual = dict(
        analyses.annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(total=Count("id"))
        .order_by()
        .values_list("day", "total")
    )
    return {day for day in counted.keys() | actual.keys() if counted.get(day) != actual.get(day)}


def copy_post_times_to_replies(analyses: QuerySet[PostAnalysis]) -> int:
    """Replies keep their post's time and channel (see responding.models.Reply); a
    re-import may move a post, and its analysis changes with it: copy them again."""
    posts = Post.objects.filter(pk=OuterRef("post_id"))
    return Reply.objects.filter(post_id__in=analyses.values("post_id")).update(
        post_created_at=Subquery(posts.values("created_at")[:1]),
        post_channel=Subquery(posts.values("channel")[:1]),
    )


def _newest(workspace: Workspace) -> tuple[datetime | None, datetime | None]:
    """When the workspace's newest analysis change and newest topic change happened."""
    analysis = PostAnalysis.objects.filter(workspace=workspace).aggregate(newest=Max("updated_at"))
    topic = Topic.objects.filter(workspace=workspace).aggregate(newest=Max("updated_at"))
    return analysis["newest"], topic["newest"]


def recount_days(workspace: Workspace, days: Iterable[date]) -> None:
    for day in sorted(days):
        start, end = localtime.day_bounds(day)
        # Spam is left out of every count (listening/spam.py); the analysis carries a copy.
        analyses = PostAnalysis.objects.filter(
            workspace=workspace, created_at__gte=start, created_at__lt=end, is_spam=False
        )
        _replace_day(
            DailyCount,
            workspace,
            day,
            analyses.values("channel", "sentiment", "primary_kind"),
            channel="channel",
            sentiment="sentiment",
            primary_kind="primary_kind",
        )
        mentions = PostMention.objects.filter(
            workspace=workspace, created_at__gte=start, created_at__lt=end, analysis__is_spam=False
        )
        _replace_day(
            MentionDailyCount,
            workspace,
            day,
            mentions.values(
                "kind",
                "name",
                "analysis__channel",
                "analysis__sentiment",
                "analysis__primary_kind",
            ),
            kind="kind",
            name="name",
            channel="analysis__channel",
            sentiment="analysis__sentiment",
            primary_kind="analysis__primary_kind",
        )


def _replace_day(
    rollup: Any, workspace: Workspace, day: date, grouped: QuerySet[Any], **fields: str
) -> None:
    """Count `grouped` (a `.values(...)` queryset) and store the counts as the day's rows
    of `rollup`, each field taken from the value named beside it."""
    rows = grouped.annotate(n=Count("id")).order_by()
    rollup.objects.filter(workspace=workspace, day=day).delete()
    rollup.objects.bulk_create(
        [
            rollup(
                workspace=workspace,
                day=day,
                n=row["n"],
                **{field: row[value] for field, value in fields.items()},
            )
            for row in rows
        ]
    )


def _within(rollup: Any, scope: Scope, **narrowing: Any) -> QuerySet[Any]:
    """A rollup's rows over the scope's local days and channel, narrowed further."""
    first, last = local_days(scope)
    rows: QuerySet[Any] = rollup.objects.filter(
        workspace=scope.workspace, day__gte=first, day__lte=last, **narrowing
    )
    return rows.filter(channel=scope.channel) if scope.channel else rows


def mention_counts(scope: Scope) -> list[tuple[str, str, str, int]]:
    """(kind, name, sentiment, count) over a scope's days and channel."""
    return _name_counts(_within(MentionDailyCount, scope))


def _name_counts(rows: QuerySet[Any]) -> list[tuple[str, str, str, int]]:
    totals = rows.values("kind", "name", "sentiment").annotate(total=Sum("n")).order_by()
    return list(totals.values_list("kind", "name", "sentiment", "total"))


def product_series(scope: Scope, field: str, labels: dict[str, str]) -> DailySeries:
    """Per-day counts of one dimension (channel, sentiment, primary_kind) of the posts
    naming the scope's product, from the mention rollup."""
    rows = (
        _product_mentions(scope)
        .values("day", field)
        .annotate(total=Sum("n"))
        .order_by()
        .values_list("day", field, "total")
    )
    return series_from_rows(rows, labels, scope.since, scope.until, scope.workspace.zone())


def product_total(scope: Scope) -> int:
    return int(_product_mentions(scope).aggregate(total=Sum("n"))["total"] or 0)


def _product_mentions(scope: Scope) -> QuerySet[MentionDailyCount]:
    return _within(MentionDailyCount, scope, kind=TrackedName.Kind.PRODUCT, name=scope.product)


def serves_product(scope: Scope) -> bool:
    """Filtered by a product (and perhaps a channel) but not by a topic."""
    return bool(scope.product) and scope.topic_id is None


def recount_topic_days(workspace: Workspace, days: Iterable[date]) -> None:
    for day in sorted(days):
        start, end = localtime.day_bounds(day)
        _replace_day(
            TopicDailyCount,
            workspace,
            day,
            PostAnalysis.objects.filter(
                workspace=workspace,
                created_at__gte=start,
                created_at__lt=end,
                topic__isnull=False,
                is_spam=False,
            ).values("topic", "channel"),
            topic_id="topic",
            channel="channel",
        )
        with_topic = PostMention.objects.filter(
            workspace=workspace,
            created_at__gte=start,
            created_at__lt=end,
            analysis__topic__isnull=False,
            analysis__is_spam=False,
        )
        _replace_day(
            ProductTopicDailyCount,
            workspace,
            day,
            with_topic.filter(kind=TrackedName.Kind.PRODUCT).values(
                "name", "analysis__topic", "analysis__channel"
            ),
            product="name",
            topic_id="analysis__topic",
            channel="analysis__channel",
        )
        _replace_day(
            TopicMentionDailyCount,
            workspace,
            day,
            with_topic.values(
                "analysis__topic", "kind", "name", "analysis__channel", "analysis__sentiment"
            ),
            topic_id="analysis__topic",
            kind="kind",
            name="name",
            channel="analysis__channel",
            sentiment="analysis__sentiment",
        )


def topic_mention_counts(scope: Scope, topic_id: int) -> list[tuple[str, str, str, int]]:
    """(kind, name, sentiment, count) of the posts of one topic over the scope's days and
    channel."""
    return _name_counts(_within(TopicMentionDailyCount, scope, topic_id=topic_id))


def _days_of(analyses: QuerySet[PostAnalysis]) -> set[date]:
    rows = (
        analyses.annotate(day=TruncDate("created_at"))
        .values_list("day", flat=True)
        .distinct()
        .order_by()
    )
    return set(rows)


def rebuild(workspace: Workspace) -> int:
    """Recount every day from scratch (after deleting posts, or to check the rollups)."""
    with transaction.atomic():
        RollupState.objects.filter(workspace=workspace).delete()
        DailyCount.objects.filter(workspace=workspace).delete()
        TopicDailyCount.objects.filter(workspace=workspace).delete()
        ProductTopicDailyCount.objects.filter(workspace=workspace).delete()
        TopicMentionDailyCount.objects.filter(workspace=workspace).delete()
        MentionDailyCount.objects.filter(workspace=workspace).delete()
    return bring_up_to_date(workspace)


def daily_series(scope: Scope, field: str, labels: dict[str, str]) -> DailySeries:
    """Per-day counts of one dimension (channel, sentiment, primary_kind) from the rollup."""
    rows = (
        _daily(scope)
        .values("day", field)
        .annotate(total=Sum("n"))
        .order_by()
        .values_list("day", field, "total")
    )
    return series_from_rows(rows, labels, scope.since, scope.until, scope.workspace.zone())


def total(scope: Scope) -> int:
    return int(_daily(scope).aggregate(total=Sum("n"))["total"] or 0)


def topic_counts(scope: Scope) -> dict[int, int]:
    """Posts per topic over a scope's days and channel (and product, if it names one)."""
    rows = (
        _within(ProductTopicDailyCount, scope, product=scope.product)
        if scope.product
        else _within(TopicDailyCount, scope)
    )
    totals = rows.values("topic_id").annotate(total=Sum("n")).order_by()
    return {row["topic_id"]: row["total"] for row in totals}


def serves(scope: Scope) -> bool:
    """Whether the daily rollup serves the scope: not filtered by product or topic (see
    serves_product for the one, the analyses' topic index for the other)."""
    return not scope.product and scope.topic_id is None


def _daily(scope: Scope) -> QuerySet[DailyCount]:
    return _within(DailyCount, scope)


def local_days(scope: Scope) -> tuple[date, date]:
    """The first and last local day of a scope's half-open period, in the workspace's time
    zone whatever zone is current."""
    return localtime.local_days(scope.since, scope.until, scope.workspace.zone())
