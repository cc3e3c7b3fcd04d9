"""What the weekly digest says about one workspace's week: its figures beside the week
before, topics rising and falling, insights, alerts and replies, built the same from a
page, the hourly task or the shell, and shown in the workspace's time zone."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, F, Min, Q, Sum
from django.urls import reverse
from django.utils import timezone

from socialcycle.accounts.models import Workspace
from socialcycle.acting.models import Insight, InsightPost
from socialcycle.analysis.labels import FEEDBACK_KIND_LABELS, Sentiment
from socialcycle.lib.urls import absolute
from socialcycle.measuring.alerts.models import Alert
from socialcycle.measuring.dashboard import rollups, wording
from socialcycle.measuring.dashboard.filters import Scope
from socialcycle.measuring.dashboard.models import DailyCount
from socialcycle.measuring.dashboard.trends import TopicTrend, topic_trends
from socialcycle.measuring.digest.weeks import WEEK_DAYS, local_today, week_bounds
from socialcycle.responding import measures
from socialcycle.responding.models import Reply

NOTHING = "n/a"  # a figure that has no value: no posts, no replies
TOP_INSIGHTS = 5
STATUS_CHANGES = 10


@dataclass(frozen=True)
class Change:
    """One number of the week beside the week before."""

    current: float | None
    previous: float | None
    unit: str = "count"  # count, hours, share (0 to 1, shown as %) or score (-1 to 1)

    @property
    def delta(self) -> float | None:
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    @property
    def percent(self) -> float | None:
        """Relative change of a count; None when there was nothing the week before."""
        if self.delta is None or not self.previous or self.unit != "count":
            return None
        return 100 * self.delta / self.previous

    @property
    def current_text(self) -> str:
        return self._show(self.current)

    @property
    def previous_text(self) -> str:
        return self._show(self.previous)

    @property
    def delta_text(self) -> str:
        delta = self.delta
        if delta is None:
            return NOTHING
        if self.unit == "share":
            return f"{100 * delta:+.1f} points"
        if self.unit == "score":
            return f"{delta:+.2f}"
        if self.unit == "hours":
            return f"{delta:+.1f} h"
        percent = self.percent
        return f"{delta:+.0f}" + (f" ({percent:+.0f}%)" if percent is not None else "")

    def _show(self, value: float | None) -> str:
        if value is None:
            return NOTHING
        if self.unit == "share":
            return f"{100 * value:.1f}%"
        if self.unit == "score":
            return f"{value:+.2f}"
        if self.unit == "hours":
            return f"{value:.1f} h"
        return f"{value:.0f}"


@dataclass(frozen=True)
class KindCount:
    label: str
    current: int
    previous: int


@dataclass(frozen=True)
class InsightLine:
    title: str
    status: str
    new_posts: int
    url: str


@dataclass(frozen=True)
class StatusChange:
    title: str
    status: str
    changed_at: datetime
    url: str


@dataclass(frozen=True)
class AlertLine:
    scope: str
    label: str
    hour: datetime
    observed: int
    usual: float
    state: str
    url: str


@dataclass(frozen=True)
class Digest:
    """Everything the digest says about one workspace's week, ready to render."""

    workspace: Workspace
    week_ending: date
    built_at: datetime
    posts: Change
    analysed: Change
    net_sentiment: Change
    negative_share: Change
    kinds: list[KindCount]
    rising: list[TopicTrend]
    falling: list[TopicTrend]
    top_insights: list[InsightLine]
    status_changes: list[StatusChange]
    new_insights: int
    alerts: list[AlertLine]
    first_reply_hours: Change
    replied_posts: int
    sla_missed: int
    open_overdue: int
    loop: measures.LoopClosure
    url: str

    @property
    def week_starting(self) -> date:
        return self.week_ending - timedelta(days=WEEK_DAYS - 1)

    @property
    def numbers(self) -> list[tuple[str, Change]]:
        """The headline figures, in the order the digest shows them."""
        return [
            ("Posts", self.posts),
            ("Analysed posts", self.analysed),
            ("Net sentiment", self.net_sentiment),
            ("Negative share", self.negative_share),
            ("First reply, median hours", self.first_reply_hours),
        ]

    @property
    def loop_sentence(self) -> str:
        return wording.loop_sentence(self.loop)

    @property
    def subject(self) -> str:
        return (
            f"{self.workspace.name}: the week of {self.week_starting:%d %b} to "
            f"{self.week_ending:%d %b %Y}"
        )


# Building ----------------------------------------------------------------------------------
def build_digest(workspace: Workspace, week_ending: date | None = None) -> Digest:
    """The digest of the workspace's seven local days ending on `week_ending` (default:
    yesterday there), the same from a page, the hourly task or the shell."""
    # The rollups' local days (the counts and the topic trends) are read in the current zone.
    with timezone.override(workspace.zone()):
        return _build_digest(workspace, week_ending)


def _build_digest(workspace: Workspace, week_ending: date | None) -> Digest:
    now = timezone.now()
    if week_ending is None:
        week_ending = local_today(workspace, now) - timedelta(days=1)
    since, until = week_bounds(week_ending, workspace.zone())
    week = Scope(workspace, since, until)
    before = week.previous()
    rollups.bring_up_to_date(workspace)
    sentiments, sentiments_before = _counts(week, "sentiment"), _counts(before, "sentiment")
    trends = topic_trends(week)
    times, times_before = _first_reply_hours(week), _first_reply_hours(before)
    insights = Insight.objects.confirmed().filter(workspace=workspace, merged_into__isnull=True)
    return Digest(
        workspace=workspace,
        week_ending=week_ending,
        built_at=now,
        posts=Change(week.posts().count(), before.posts().count()),
        analysed=Change(sum(sentiments.values()), sum(sentiments_before.values())),
        net_sentiment=Change(_net(sentiments), _net(sentiments_before), "score"),
        negative_share=Change(
            _share(sentiments, Sentiment.NEGATIVE),
            _share(sentiments_before, Sentiment.NEGATIVE),
            "share",
        ),
        kinds=_kinds(week, before),
        rising=[trend for trend in trends if trend.direction == "rising"],
        falling=[trend for trend in trends if trend.direction == "falling"],
        top_insights=_top_insights(workspace, since, until),
        status_changes=[
            StatusChange(
                insight.title, insight.get_status_display(), changed, _insight_url(insight)
            )
            for insight in insights.filter(
                status_changed_at__gte=since, status_changed_at__lt=until
            ).order_by("-status_changed_at")[:STATUS_CHANGES]
            if (changed := insight.status_changed_at) is not None
        ],
        new_insights=insights.filter(created_at__gte=since, created_at__lt=until).count(),
        alerts=_alerts(workspace, since, until),
        first_reply_hours=Change(_median(times), _median(times_before), "hours"),
        replied_posts=len(times),
        sla_missed=_sla_missed(workspace, since, min(until, now)),
        open_overdue=measures.sla_breaches(workspace)["open_overdue"],
        loop=measures.loop_closure(workspace),
        url=absolute(
            reverse("measuring:digest", args=[workspace.slug])
            + f"?week_ending={week_ending.isoformat()}"
        ),
    )


def _counts(scope: Scope, field: str) -> dict[str, int]:
    """Analysed posts of the scope's local days by sentiment or primary kind (rollups)."""
    first, last = rollups.local_days(scope)
    rows = (
        DailyCount.objects.filter(workspace=scope.workspace, day__gte=first, day__lte=last)
        .values(field)
        .annotate(total=Sum("n"))
        .order_by()
        .values_list(field, "total")
    )
    return {key: int(total) for key, total in rows}


def _net(sentiments: dict[str, int]) -> float | None:
    total = sum(sentiments.values())
    if not total:
        return None
    return (sentiments.get(Sentiment.POSITIVE, 0) - sentiments.get(Sentiment.NEGATIVE, 0)) / total


def _share(counts: dict[str, int], key: str) -> float | None:
    total = sum(counts.values())
    return counts.get(key, 0) / total if total else None


def _kinds(week: Scope, before: Scope) -> list[KindCount]:
    now, then = _counts(week, "primary_kind"), _counts(before, "primary_kind")
    rows = [
        KindCount(FEEDBACK_KIND_LABELS.get(kind, kind or "Not classified"), now.get(kind, 0), n)
        for kind, n in ((kind, then.get(kind, 0)) for kind in set(now) | set(then))
    ]
    return sorted(rows, key=lambda row: (-row.current, -row.previous, row.label))


def _insight_url(insight: Insight) -> str:
    return absolute(reverse("acting:insight", args=[insight.workspace.slug, insight.pk]))


def _top_insights(workspace: Workspace, since: datetime, until: datetime) -> list[InsightLine]:
    """The insights that gathered the most supporting posts this week."""
    added = (
        InsightPost.objects.filter(
            insight__workspace=workspace,
            insight__merged_into__isnull=True,
            insight__suggested=False,  # suggestions wait in the staff's queue
            added_at__gte=since,
            added_at__lt=until,
        )
        .values("insight_id")
        .annotate(n=Count("id"))
        .order_by("-n", "insight_id")[:TOP_INSIGHTS]
    )
    counts = {row["insight_id"]: row["n"] for row in added}
    insights = Insight.objects.select_related("workspace").in_bulk(list(counts))
    return [
        InsightLine(
            insights[pk].title, insights[pk].get_status_display(), n, _insight_url(insights[pk])
        )
        for pk, n in counts.items()
        if pk in insights
    ]


def _alerts(workspace: Workspace, since: datetime, until: datetime) -> list[AlertLine]:
    """Alerts that fired this week (their first anomalous hour), in order."""
    page = absolute(reverse("measuring:alerts", args=[workspace.slug]))
    return [
        AlertLine(
            alert.get_scope_display(),
            alert.scope_label,
            alert.hour,
            alert.observed,
            alert.baseline_median,
            alert.get_state_display(),
            f"{page}#alert-{alert.pk}",
        )
        for alert in Alert.objects.filter(
            workspace=workspace, hour__gte=since, hour__lt=until
        ).order_by("hour", "pk")
    ]


def _first_reply_hours(scope: Scope) -> list[float]:
    """Hours from each post of the period that was answered to its first reply."""
    rows = (
        Reply.objects.filter(
            workspace=scope.workspace,
            post__created_at__gte=scope.since,
            post__created_at__lt=scope.until,
        )
        .values("post_id", "post__created_at")
        .annotate(first_reply=Min("created_at"))
        .order_by()
        .values_list("post__created_at", "first_reply")
    )
    return [max((replied - created).total_seconds() / 3600, 0.0) for created, replied in rows]


def _median(values: Sequence[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def _sla_missed(workspace: Workspace, since: datetime, until: datetime) -> int:
    """Insights whose SLA fell due in the period and were not closed by then."""
    due = Insight.objects.confirmed().filter(
        workspace=workspace, sla_due_at__gte=since, sla_due_at__lt=until
    )
    closed_in_time = Q(status__in=Insight.CLOSED_STATUSES) & Q(
        status_changed_at__lte=F("sla_due_at")
    )
    return due.exclude(closed_in_time).count()
