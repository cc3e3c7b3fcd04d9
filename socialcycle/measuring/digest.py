"""The weekly digest: one workspace's week in one e-mail (HTML, plain text and PDF).

A week is seven local days of the workspace's time zone (`Workspace.zone()`: its own, else
TIME_ZONE) ending on `week_ending`, wherever the digest is built, and it is shown in that
zone. The digest is sent to the workspace's admins and analysts once per week, from Monday
SEND_HOUR in the workspace's zone: a `DigestDelivery` row is claimed before anything is
sent, so a retried task or a second click never e-mails twice.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Count, F, Min, Q, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.models import Role, User, Workspace
from socialcycle.acting.models import Insight, InsightPost
from socialcycle.analysis.labels import FEEDBACK_KIND_LABELS, Sentiment
from socialcycle.lib import localtime
from socialcycle.lib.urls import absolute
from socialcycle.measuring import rollups, wording
from socialcycle.measuring.filters import Scope
from socialcycle.measuring.models import Alert, DigestDelivery
from socialcycle.measuring.rollup_models import DailyCount
from socialcycle.measuring.trends import TopicTrend, topic_trends
from socialcycle.responding import measures
from socialcycle.responding.models import Response

WEEK_DAYS = 7
NOTHING = "n/a"  # a figure that has no value: no posts, no replies
SEND_WEEKDAY = 0  # Monday: the digest of the week that ended on Sunday
SEND_HOUR = 7  # local time, so it is waiting when people start work
DIGEST_ROLES = (Role.ADMIN, Role.ANALYST)
TOP_INSIGHTS = 5
STATUS_CHANGES = 10
# A claim whose send neither finished nor failed (a worker died) may be taken over after this.
CLAIM_EXPIRES = timedelta(hours=1)


class WeekError(ValueError):
    """A week that cannot be shown, with a sentence saying why."""


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


# The week ----------------------------------------------------------------------------------
def last_week_ending(today: date) -> date:
    """The Sunday before `today`: the end of the last whole week, Monday to Sunday."""
    return today - timedelta(days=today.weekday() + 1)


def local_today(workspace: Workspace, now: datetime | None = None) -> date:
    """The day it is in the workspace's zone (`now`, default: now)."""
    return timezone.localdate(now, workspace.zone())


def last_whole_week(workspace: Workspace, now: datetime | None = None) -> date:
    """The end of the workspace's last whole local week: the week its Monday e-mail is about."""
    return last_week_ending(local_today(workspace, now))


def parse_week_ending(text: str, today: date) -> date:
    """A `YYYY-MM-DD` from a request, as a week's last day; WeekError says what is wrong."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise WeekError(
            f"week_ending must be a date written YYYY-MM-DD, not {text[:40]!r}."
        ) from None
    if day > today:
        raise WeekError(
            f"The week ending {day} has not begun to end yet: choose {today} or before."
        )
    return day


def week_bounds(week_ending: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """The half-open [start, end) of the seven local days of `zone` ending on `week_ending`
    (167 or 169 hours in a week whose clocks change)."""
    return localtime.days_bounds(week_ending - timedelta(days=WEEK_DAYS - 1), week_ending, zone)


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
        Response.objects.filter(
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


# Rendering ---------------------------------------------------------------------------------
def render_html(digest: Digest) -> str:
    """The digest as a self-contained HTML e-mail: inline styles, no scripts, no fetches.
    Times (an alert's hour) are the workspace's, as its pages show them."""
    with timezone.override(digest.workspace.zone()):
        return render_to_string("measuring/digest_email.html", {"digest": digest})


def render_text(digest: Digest) -> str:
    """The digest as plain text, for mail readers that show no HTML."""
    with timezone.override(digest.workspace.zone()):
        return render_to_string("measuring/digest_email.txt", {"digest": digest})


def render_pdf(digest: Digest) -> bytes:
    """The same HTML as a PDF. Nothing is fetched: only data: URLs would be read."""
    # Imported here: loading weasyprint costs 0.6 s, paid by every web process at start
    # when it was imported with this module, though only the weekly digest uses it.
    from weasyprint import HTML, URLFetcher  # noqa: PLC0415

    document = HTML(
        string=render_html(digest),
        base_url=None,
        url_fetcher=URLFetcher(allowed_protocols={"data"}),
    )
    pdf: bytes = document.write_pdf()
    return pdf


def pdf_filename(workspace: Workspace, week_ending: date) -> str:
    return f"{workspace.slug}-digest-{week_ending.isoformat()}.pdf"


# Sending -----------------------------------------------------------------------------------
def digest_recipients(workspace: Workspace) -> list[User]:
    """The workspace's admins and analysts with an e-mail address."""
    return list(
        User.objects.filter(
            memberships__workspace=workspace, memberships__role__in=DIGEST_ROLES
        ).exclude(email="")
    )


def claim_delivery(workspace: Workspace, week_ending: date, now: datetime) -> DigestDelivery | None:
    """Take the right to send this week's digest, or None when it is sent or being sent."""
    delivery, created = DigestDelivery.objects.get_or_create(
        workspace=workspace, week_ending=week_ending, defaults={"claimed_at": now}
    )
    if created:
        return delivery
    # A failed send frees its claim; a worker that died leaves it to expire.
    free = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_EXPIRES)
    taken = DigestDelivery.objects.filter(free, pk=delivery.pk, sent_at__isnull=True).update(
        claimed_at=now, error=""
    )
    if not taken:
        return None
    delivery.refresh_from_db()
    return delivery


def send_digest(
    workspace: Workspace, week_ending: date, by: User | None = None
) -> DigestDelivery | None:
    """E-mail the week's digest to admins and analysts, once per workspace and week; `by`:
    the admin who asked for it now (None: the schedule).

    Returns the delivery (check `is_sent` and `error`), or None when it was already sent or
    another worker is sending it.
    """
    delivery = _deliver(workspace, week_ending)
    if by is not None and delivery is not None:
        after = {"week_ending": week_ending.isoformat(), "recipients": delivery.recipients}
        record_change(
            workspace,
            by,
            "send digest",
            "digest",
            delivery.pk,
            after={**after, **({"error": delivery.error} if delivery.error else {})},
        )
    return delivery


def _deliver(workspace: Workspace, week_ending: date) -> DigestDelivery | None:
    now = timezone.now()
    delivery = claim_delivery(workspace, week_ending, now)
    if delivery is None:
        return None
    recipients = digest_recipients(workspace)
    try:
        sent = _send(build_digest(workspace, week_ending), recipients) if recipients else 0
    except (OSError, ValueError) as error:  # smtplib's errors are OSErrors
        # Free the claim so the hourly task tries again; keep the reason for the page.
        delivery.claimed_at = None
        delivery.error = f"{type(error).__name__}: {error}"[:500]
        delivery.save(update_fields=["claimed_at", "error"])
        return delivery
    delivery.sent_at, delivery.recipients, delivery.error = timezone.now(), sent, ""
    delivery.save(update_fields=["sent_at", "recipients", "error"])
    return delivery


def _send(digest: Digest, recipients: list[User]) -> int:
    html, text, pdf = render_html(digest), render_text(digest), render_pdf(digest)
    filename = pdf_filename(digest.workspace, digest.week_ending)
    messages = []
    for user in recipients:
        message = EmailMultiAlternatives(subject=digest.subject, body=text, to=[user.email])
        message.attach_alternative(html, "text/html")
        message.attach(filename, pdf, "application/pdf")
        messages.append(message)
    return get_connection().send_messages(messages) or 0


def due_week_ending(now: datetime, zone: tzinfo) -> date | None:
    """The week whose digest should have gone by `now` in `zone`: last week, from Monday
    SEND_HOUR local time on."""
    local = timezone.localtime(now, zone)
    week_ending = last_week_ending(local.date())
    send_day = week_ending + timedelta(days=1 + SEND_WEEKDAY)
    send_at = timezone.make_aware(datetime.combine(send_day, time(SEND_HOUR)), zone)
    return week_ending if local >= send_at else None


def due_digests(now: datetime) -> list[tuple[Workspace, date]]:
    """(workspace, week ending) of each digest due by `now` and not sent: each workspace's
    last week once it is Monday SEND_HOUR in its own zone (so Auckland's goes out nearly a
    day before Los Angeles'); workspaces created after that week have none."""
    due = []
    for workspace in Workspace.objects.order_by("pk"):
        zone = workspace.zone()
        week_ending = due_week_ending(now, zone)
        if week_ending is not None and workspace.created_at < week_bounds(week_ending, zone)[1]:
            due.append((workspace, week_ending))
    sent = set(
        DigestDelivery.objects.filter(
            week_ending__in={week_ending for _, week_ending in due}, sent_at__isnull=False
        ).values_list("workspace_id", "week_ending")
    )
    return [(workspace, week) for workspace, week in due if (workspace.pk, week) not in sent]


def send_due_digests(now: datetime) -> int:
    """Send each workspace's last week's digest that is due and not sent; returns how many."""
    deliveries = [send_digest(workspace, week) for workspace, week in due_digests(now)]
    return sum(1 for delivery in deliveries if delivery is not None and delivery.is_sent)
