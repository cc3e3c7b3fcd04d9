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

from django.db.models import F, FloatField, Func, Min, Q
from django.utils import timezone

from socialcycle.accounts.models import Workspace
from socialcycle.acting.models import Insight, InsightPost
from socialcycle.listening.models import Channel
from socialcycle.responding.loop import contributors_of
from socialcycle.responding.models import Notification, Response


@dataclass(frozen=True)
class ResponseTime:
    group: str
    answered: int
    median_hours: float | None
    p90_hours: float | None


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
    replies = Response.objects.filter(
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
    rows = list(first_replies)
    teams = defaultdict(set)  # posts of routed insights: few beside the replies
    for post_id, team in InsightPost.objects.filter(
        insight__workspace=workspace, insight__team__isnull=False
    ).values_list("post_id", "insight__team__name"):
        teams[post_id].add(team)
    by_channel: dict[str, list[float]] = defaultdict(list)
    by_team: dict[str, list[float]] = defaultdict(list)
    channel_names = dict(Channel.choices)
    for post_id, channel, hours_to_reply in rows:
        hours = max(hours_to_reply, 0.0)
        by_channel[channel_names.get(channel, channel)].append(hours)
        for team in teams.get(post_id, ()):
            by_team[team].append(hours)
    return {"channel": _summaries(by_channel), "team": _summaries(by_team)}


def _summaries(groups: dict[str, list[float]]) -> list[ResponseTime]:
    rows = []
    for group, hours in sorted(groups.items()):
        ordered = sorted(hours)
        p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
        rows.append(
            ResponseTime(group, len(hours), round(statistics.median(hours), 1), round(p90, 1))
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
