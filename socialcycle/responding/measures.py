"""The measures of acting and responding: first-response time, SLA breaches, loop closure.

Plain queries over the workspace's rows; the measuring app's dashboards (issue 7) chart
them, and the Responsiveness page shows them now.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import F, FloatField, Func, Min, Q, QuerySet
from django.utils import timezone

from socialcycle.accounts.models import Workspace
from socialcycle.acting.business_hours import hours_between
from socialcycle.acting.models import Insight, InsightPost, Team
from socialcycle.listening.models import Channel
from socialcycle.responding.loop import contributors_of
from socialcycle.responding.models import Notification, Reply


@dataclass(frozen=True)
class ResponseTime:
    group: str
    answered: int
    median_hours: float | None
    p90_hours: float | None
    counted: str = "calendar hours"  # or "working hours, Mon-Fri 09:00-17:00 Europe/Paris"


@dataclass(frozen=True)
class LoopClosure:
    insights: int
    closed: int
    closed_and_told: int

    @property
    def share(self) -> float:
        """Insights closed (done or declined) with every contributor told, of all insights."""
        return self.closed_and_told / self.insights if self.insights else 0.0


class HoursBetween(Func):
    """Hours from the first datetime to the second, computed by the database (SQLite or
    PostgreSQL): reading two datetimes per row into Python costs more than the query."""

    output_field = FloatField()
    arity = 2

    def _operands(self, compiler: Any) -> tuple[str, str, tuple[Any, ...]]:
        (start, start_params), (end, end_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        return start, end, (*end_params, *start_params)  # in the order of the SQL below

    def as_sqlite(
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, tuple[Any, ...]]:
        start, end, params = self._operands(compiler)
        return f"((julianday({end}) - julianday({start})) * 24.0)", params

    def as_postgresql(
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, tuple[Any, ...]]:
        start, end, params = self._operands(compiler)
        return f"(EXTRACT(EPOCH FROM ({end} - {start})) / 3600.0)", params


def first_response_times(
    workspace: Workspace,
    since: datetime,
    until: datetime | None = None,
    replying_to: Q | None = None,
) -> dict[str, list[ResponseTime]]:
    """Hours from a post to its first reply, by channel and by team (of its insights), for
    the posts written in [since, until) whose replies match `replying_to` (a condition on
    the replies, e.g. on the post's channel they keep)."""
    # From the replies, not the posts: far fewer rows to group on a large workspace. A
    # reply is never older than its post, so replies since `since` are the only ones that
    # can answer the period's posts; that condition lets the (workspace, time) index of
    # replies find them without scanning the period's posts.
    replies = Reply.objects.filter(
        workspace=workspace, created_at__gte=since, post_created_at__gte=since
    )
    if until is not None:
        replies = replies.filter(post_created_at__lt=until)
    if replying_to is not None:
        replies = replies.filter(replying_to)
    first_replies = (
        replies.values("post_id", "post_channel", "post_created_at")
        .annotate(hours=HoursBetween(F("post_created_at"), Min("created_at")))
        .order_by()
        .values_list("post_id", "post_channel", "hours")
    )
    by_channel: dict[str, list[float]] = defaultdict(list)
    channel_names = dict(Channel.choices)
    for _post_id, channel, hours_to_reply in first_replies:
        by_channel[channel_names.get(channel, channel)].append(max(hours_to_reply, 0.0))
    by_team, counted = _team_hours(workspace, replies)
    return {"channel": _summaries(by_channel), "team": _summaries(by_team, counted)}


def _team_hours(
    workspace: Workspace, replies: QuerySet[Reply]
) -> tuple[dict[str, list[float]], dict[str, str]]:
    """Hours to first reply of the posts of routed insights, per team: working hours for
    a team that keeps business hours, calendar hours for one that works round the clock.
    Returns the hours and, per team, what its hours count."""
    routed = InsightPost.objects.filter(insight__workspace=workspace, insight__team__isnull=False)
    teams_of = defaultdict(set)  # posts of routed insights: few beside the replies
    for post_id, team_id in routed.values_list("post_id", "insight__team_id"):
        teams_of[post_id].add(team_id)
    if not teams_of:
        return {}, {}
    teams = Team.objects.filter(pk__in={t for ids in teams_of.values() for t in ids})
    names = {team.pk: team.name for team in teams}
    kept = {team.pk: team.business_hours() for team in teams.select_related("workspace")}
    moments = (
        replies.filter(post_id__in=routed.values("post_id"))
        .values("post_id", "post_created_at")
        .annotate(first=Min("created_at"))
        .order_by()
        .values_list("post_id", "post_created_at", "first")
    )
    by_team: dict[str, list[float]] = defaultdict(list)
    for post_id, written, first in moments:
        if written is None:  # a reply stored before its post's time was copied
            continue
        for team_id in teams_of[post_id]:
            by_team[names[team_id]].append(hours_between(kept[team_id], written, first))
    counted = {
        names[pk]: f"working hours, {hours.describe()}" if hours else "calendar hours"
        for pk, hours in kept.items()
    }
    return by_team, counted


def _summaries(
    groups: dict[str, list[float]], counted: dict[str, str] | None = None
) -> list[ResponseTime]:
    rows = []
    for group, hours in sorted(groups.items()):
        ordered = sorted(hours)
        p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
        rows.append(
            ResponseTime(
                group,
                len(hours),
                round(statistics.median(hours), 1),
                round(p90, 1),
                (counted or {}).get(group, "calendar hours"),
            )
        )
    return rows


def sla_breaches(workspace: Workspace) -> dict[str, int]:
    """Insights past their SLA now (open), and closed ones that were closed late."""
    now = timezone.now()
    with_sla = Insight.objects.confirmed().filter(workspace=workspace, sla_due_at__isnull=False)
    open_late = with_sla.exclude(status__in=Insight.CLOSED_STATUSES).filter(sla_due_at__lt=now)
    closed_late = with_sla.filter(status__in=Insight.CLOSED_STATUSES).filter(
        status_changed_at__gt=F("sla_due_at")
    )
    return {"open_overdue": open_late.count(), "closed_late": closed_late.count()}


def loop_closure(workspace: Workspace) -> LoopClosure:
    insights = Insight.objects.confirmed().filter(workspace=workspace)
    closed = dict(insights.filter(status__in=Insight.CLOSED_STATUSES).values_list("pk", "status"))
    people = contributors_of(list(closed))
    notified: dict[int, set[int]] = defaultdict(set)
    notices = Notification.objects.filter(insight_id__in=closed, participant__isnull=False)
    for insight_id, about, person in notices.values_list("insight_id", "about", "participant_id"):
        if about == f"status:{closed[insight_id]}":
            notified[insight_id].add(person)
    told = sum(people.get(pk, set()) <= notified[pk] for pk in closed)
    return LoopClosure(insights.count(), len(closed), told)
