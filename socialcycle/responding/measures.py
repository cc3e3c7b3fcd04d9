"""The measures of acting and responding: first-response time, SLA breaches, loop closure.

Plain queries over the workspace's rows; the measuring app's dashboards (issue 7) chart
them, and the Responsiveness page shows them now.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Min
from django.utils import timezone

from socialcycle.accounts.models import Workspace
from socialcycle.acting.models import Insight, InsightPost
from socialcycle.listening.models import Channel, Post
from socialcycle.responding.loop import contributors
from socialcycle.responding.models import Notification


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


def first_response_times(workspace: Workspace, since: datetime) -> dict[str, list[ResponseTime]]:
    """Hours from a post to its first reply, by channel and by team (of its insights)."""
    posts = (
        Post.objects.filter(workspace=workspace, created_at__gte=since)
        .annotate(first_reply=Min("responses__created_at"))
        .filter(first_reply__isnull=False)
        .values_list("id", "channel", "created_at", "first_reply")
    )
    teams = defaultdict(set)
    for post_id, team in InsightPost.objects.filter(
        insight__workspace=workspace, insight__team__isnull=False
    ).values_list("post_id", "insight__team__name"):
        teams[post_id].add(team)
    by_channel: dict[str, list[float]] = defaultdict(list)
    by_team: dict[str, list[float]] = defaultdict(list)
    channel_names = dict(Channel.choices)
    for post_id, channel, created, replied in posts:
        hours = max((replied - created).total_seconds() / 3600, 0.0)
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
    with_sla = Insight.objects.filter(workspace=workspace, sla_due_at__isnull=False)
    open_late = with_sla.exclude(status__in=Insight.CLOSED_STATUSES).filter(sla_due_at__lt=now)
    closed_late = with_sla.filter(status__in=Insight.CLOSED_STATUSES).filter(
        status_changed_at__gt=F("sla_due_at")
    )
    return {"open_overdue": open_late.count(), "closed_late": closed_late.count()}


def loop_closure(workspace: Workspace) -> LoopClosure:
    insights = Insight.objects.filter(workspace=workspace)
    closed = list(insights.filter(status__in=Insight.CLOSED_STATUSES))
    told = 0
    for insight in closed:
        people = {person.pk for person in contributors(insight)}
        notified = set(
            Notification.objects.filter(
                insight=insight, about=f"status:{insight.status}", participant__isnull=False
            ).values_list("participant_id", flat=True)
        )
        told += people <= notified
    return LoopClosure(insights.count(), len(closed), told)
