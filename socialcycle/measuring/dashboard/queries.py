"""Read-side selectors for the dashboards; every query is scoped to one workspace."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from django.db import connections
from django.db.models import Count, QuerySet
from django.db.models.functions import Substr, TruncDate
from django.utils import timezone

from socialcycle.accounts.models import Workspace
from socialcycle.analysis.labels import FEEDBACK_KIND_LABELS, SENTIMENT_LABELS
from socialcycle.lib import localtime
from socialcycle.listening.models import Channel, Post
from socialcycle.understanding.models import PostAnalysis

if TYPE_CHECKING:
    from socialcycle.measuring.dashboard.filters import Scope

UNCLASSIFIED = "Unclassified"


@dataclass(frozen=True)
class DailySeries:
    """Counts per day for each group (channel, sentiment or kind), zero-filled."""

    days: list[date]
    counts: dict[str, list[int]]

    def total(self) -> int:
        return sum(sum(values) for values in self.counts.values())


@dataclass(frozen=True)
class Overview:
    posts: int
    analysed: int
    participants: int
    since: date
    until: date


def posts_per_day_by_channel(workspace: Workspace, since: datetime, until: datetime) -> DailySeries:
    """Posts per local day of the workspace (its time zone, wherever this runs) and channel."""
    rows = Post.objects.filter(workspace=workspace, created_at__gte=since, created_at__lt=until)
    with timezone.override(workspace.zone()):
        return _daily(rows, "channel", dict(Channel.choices), since, until)


def posts_per_day_by_sentiment(
    workspace: Workspace, since: datetime, until: datetime
) -> DailySeries:
    """Analysed posts per local day of the workspace and sentiment."""
    rows = _analyses(workspace, since, until)
    with timezone.override(workspace.zone()):
        return _daily(rows, "sentiment", SENTIMENT_LABELS, since, until)


def posts_per_day_by_kind(workspace: Workspace, since: datetime, until: datetime) -> DailySeries:
    """Analysed posts per local day of the workspace and primary kind."""
    rows = _analyses(workspace, since, until)
    with timezone.override(workspace.zone()):
        return _daily(rows, "primary_kind", FEEDBACK_KIND_LABELS, since, until)


def _analyses(workspace: Workspace, since: datetime, until: datetime) -> QuerySet[PostAnalysis]:
    return PostAnalysis.objects.filter(
        workspace=workspace, created_at__gte=since, created_at__lt=until, is_spam=False
    )


def _daily(
    rows: QuerySet[Post] | QuerySet[PostAnalysis],
    group_field: str,
    labels: dict[str, str],
    since: datetime,
    until: datetime,
) -> DailySeries:
    """Count rows per day and group; one GROUP BY query, then zero-fill the gaps. Days are
    those of the current time zone, which the callers set to the workspace's."""
    counted = counts_per_day(rows, [group_field])
    return series_from_rows(((day, group, n) for day, group, n in counted), labels, since, until)


def counts_per_day(
    rows: QuerySet[Post] | QuerySet[PostAnalysis], fields: list[str]
) -> list[tuple[Any, ...]]:
    """(local day, *fields, count) rows: one GROUP BY query. Local to the current time
    zone: the callers run it in the workspace's (`daily_counts`, the dashboard's entry
    points, `workspace_view` pages).

    On SQLite, Django's TruncDate calls a Python function for every row; there the rows
    are grouped by their UTC minute instead (a prefix of the stored text, counted by
    SQLite itself) and each minute becomes its local day here: never more minutes than
    rows, and exact in every time zone, since all offsets are whole minutes."""
    if connections[rows.db].vendor != "sqlite":
        return list(
            rows.annotate(day=TruncDate("created_at"))
            .values("day", *fields)
            .annotate(n=Count("id"))
            .order_by()
            .values_list("day", *fields, "n")
        )
    by_minute = list(
        rows.annotate(minute=Substr("created_at", 1, 16))
        .values("minute", *fields)
        .annotate(n=Count("id"))
        .order_by()
        .values_list("minute", *fields, "n")
    )
    day_of = _local_days(row[0] for row in by_minute)
    return [(day_of[row[0]], *row[1:]) for row in by_minute]


def _local_days(minutes: Iterable[str]) -> dict[str, date]:
    """The local day of each UTC minute ("YYYY-MM-DD HH:MM"), looking the zone's offset up
    once a UTC day (per minute only on a day whose offset changes: no zone changes twice
    in one day)."""
    zone = timezone.get_current_timezone()
    offsets: dict[str, timedelta | None] = {}
    days: dict[str, date] = {}
    for minute in minutes:
        if minute in days:
            continue
        moment = datetime.fromisoformat(minute).replace(tzinfo=UTC)
        utc_day = minute[:10]
        if utc_day not in offsets:
            midnight = moment.replace(hour=0, minute=0)
            first = midnight.astimezone(zone).utcoffset()
            last = (midnight + timedelta(hours=23, minutes=59)).astimezone(zone).utcoffset()
            offsets[utc_day] = first if first == last else None
        offset = offsets[utc_day]
        local = moment + offset if offset is not None else moment.astimezone(zone)
        days[minute] = local.date()
    return days


def series_from_rows(
    rows: Iterable[tuple[date, str, int]],
    labels: dict[str, str],
    since: datetime,
    until: datetime,
    zone: tzinfo | None = None,
) -> DailySeries:
    """(day, group, count) rows as a zero-filled series in the labels' order, over the days
    of `zone` (default: the current time zone) that the period touches."""
    days = _days_between(since, until, zone)
    index = {day: position for position, day in enumerate(days)}
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(days))
    for day, group, n in rows:
        if day in index:
            counts[labels.get(group, UNCLASSIFIED)][index[day]] += n
    ordered = {
        label: counts[label] for label in [*labels.values(), UNCLASSIFIED] if label in counts
    }
    return DailySeries(days=days, counts=ordered)


def _days_between(since: datetime, until: datetime, zone: tzinfo | None = None) -> list[date]:
    """The local days of `zone` (default: the current one) from the one holding `since` to
    the one before `until`."""
    return localtime.days_between(since, until, zone)


def daily_counts(
    rows: QuerySet[Post] | QuerySet[PostAnalysis],
    group_field: str,
    labels: dict[str, str],
    scope: Scope,
) -> DailySeries:
    """Counts per local day of the scope's workspace and group over its period (see
    `_daily`)."""
    with timezone.override(scope.workspace.zone()):
        return _daily(rows, group_field, labels, scope.since, scope.until)
