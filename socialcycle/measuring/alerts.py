"""Early-warning alerts: count negative posts per hour for each topic and product, judge
the recent hours with the rule in `alert_rule`, and fire one alert per episode — stored,
e-mailed to the workspace's admins and analysts, and sent to `alert.fired` webhooks.

Counting is two GROUP BY queries (topics, products) over only the hours a check needs:
the hours being checked and the same hours in each baseline week. A check first counts
the checked hours alone and reads the baseline weeks only for scopes that reached the
rule's minimum count, so the usual check on a quiet workspace is two small queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Count, Min, Q
from django.db.models.functions import TruncHour
from django.urls import reverse
from django.utils import timezone

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.models import Role, TrackedName, User, Workspace
from socialcycle.acting.models import Webhook
from socialcycle.acting.webhooks import emit
from socialcycle.analysis.labels import Sentiment
from socialcycle.lib.tasks import enqueue
from socialcycle.lib.urls import absolute
from socialcycle.measuring.alert_rule import (
    DEFAULT_RULE,
    HOUR,
    WEEK,
    AlertRule,
    Verdict,
    hour_start,
)
from socialcycle.measuring.models import Alert
from socialcycle.understanding.models import PostAnalysis, PostMention, Topic

LOOKBACK_HOURS = 2  # complete hours a periodic check looks at again, for late posts
EVIDENCE_POSTS = 20
EMAIL_RETRY_WITHIN = timedelta(days=1)
ALERT_ROLES = (Role.ADMIN, Role.ANALYST)

Scope = tuple[str, int]  # (Alert.Scope value, topic id or TrackedName id)
Counts = dict[Scope, dict[datetime, int]]


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime  # exclusive


# Counting ---------------------------------------------------------------------------------
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


# Checking ---------------------------------------------------------------------------------
def check_workspace(
    workspace: Workspace,
    *,
    now: datetime | None = None,
    lookback_hours: int = LOOKBACK_HOURS,
    rule: AlertRule = DEFAULT_RULE,
) -> list[Alert]:
    """Judge the current hour and the `lookback_hours` before it; returns new alerts.

    Running it again over the same hours fires nothing new: an anomalous hour within an
    episode only extends that episode's alert.
    """
    now = now or timezone.now()
    last = hour_start(now)
    hours = [last - back * HOUR for back in range(lookback_hours, -1, -1)]
    fired = check_hours(workspace, hours, rule)
    resolve_quiet_alerts(workspace, now, rule)
    return fired


def check_history(
    workspace: Workspace, *, now: datetime | None = None, rule: AlertRule = DEFAULT_RULE
) -> list[Alert]:
    """Judge every complete hour of the workspace's history, oldest first, and record the
    episodes found there without telling anyone (`Alert.from_history`); returns them.

    For posts stored long after they were written (the demo, a first import of an
    archive): the periodic check looks only at the last hours, so their episodes would
    otherwise never appear. Running it again finds nothing new.
    """
    start = history_start(workspace)
    if start is None:
        return []
    now = now or timezone.now()
    first, last = hour_start(start), hour_start(now) - HOUR
    hours = [first + n * HOUR for n in range(int((last - first) / HOUR) + 1)]
    fired = check_hours(workspace, hours, rule, from_history=True) if hours else []
    resolve_quiet_alerts(workspace, now, rule)
    for alert in fired:  # most episodes of the past are over by now
        alert.refresh_from_db(fields=["state", "resolved_at"])
    return fired


def check_hours(
    workspace: Workspace,
    hours: Sequence[datetime],
    rule: AlertRule,
    *,
    from_history: bool = False,
) -> list[Alert]:
    """Judge each hour (ascending) for every scope busy enough to be anomalous then."""
    recent = negative_counts(workspace, [Interval(min(hours), max(hours) + HOUR)])
    busy = [
        scope
        for scope, series in recent.items()
        if any(series.get(hour, 0) >= rule.min_count for hour in hours)
    ]
    if not busy:
        return []
    counts = negative_counts(
        workspace,
        needed_intervals(hours, rule),
        topic_ids=[scope_id for kind, scope_id in busy if kind == Alert.Scope.TOPIC],
        product_names=_product_names(workspace, busy),
    )
    start = history_start(workspace)
    fired = []
    for scope in busy:
        for hour in hours:
            verdict = rule.judge_hour(hour, counts.get(scope, {}), start)
            if verdict.anomalous:
                alert = record_anomalous_hour(
                    workspace, scope, hour, verdict, rule, from_history=from_history
                )
                if alert is not None:
                    fired.append(alert)
    return fired


def _product_names(workspace: Workspace, scopes: Iterable[Scope]) -> list[str]:
    ids = [scope_id for kind, scope_id in scopes if kind == Alert.Scope.PRODUCT]
    return list(
        TrackedName.objects.filter(workspace=workspace, pk__in=ids).values_list("name", flat=True)
    )


def record_anomalous_hour(
    workspace: Workspace,
    scope: Scope,
    hour: datetime,
    verdict: Verdict,
    rule: AlertRule,
    *,
    from_history: bool = False,
) -> Alert | None:
    """Extend the scope's episode around `hour`, or fire a new alert; returns a new alert.

    A new alert goes to webhooks and by e-mail, unless it was found `from_history`."""
    kind, scope_id = scope
    with transaction.atomic():
        episode = (
            Alert.objects.select_for_update()
            .filter(
                workspace=workspace,
                scope=kind,
                scope_id=scope_id,
                last_anomalous_hour__gte=hour - rule.quiet,
                hour__lte=hour + rule.quiet,
            )
            .order_by("-last_anomalous_hour")
            .first()
        )
        if episode is not None:
            _extend(episode, hour, verdict)
            return None
        try:
            with transaction.atomic():  # a concurrent check may fire the same episode
                alert = Alert.objects.create(
                    workspace=workspace,
                    scope=kind,
                    scope_id=scope_id,
                    scope_label=_label(workspace, scope)[:200],
                    hour=hour,
                    last_anomalous_hour=hour,
                    observed=verdict.observed,
                    peak_observed=verdict.observed,
                    baseline_median=verdict.median,
                    baseline_mad=verdict.mad,
                    scale=verdict.scale,
                    score=verdict.score,
                    baseline_samples=verdict.samples,
                    evidence_post_ids=evidence_post_ids(workspace, scope, hour),
                    episode_key=f"{kind}:{scope_id}:{hour.isoformat()}",
                    from_history=from_history,
                )
        except IntegrityError:
            return None
        if not from_history:
            emit(workspace.pk, Webhook.Event.ALERT_FIRED, {"alert": alert_payload(alert)})
            enqueue("measuring.send_alert_emails", alert.pk)
    return alert


def _extend(alert: Alert, hour: datetime, verdict: Verdict) -> None:
    alert.last_anomalous_hour = max(alert.last_anomalous_hour, hour)
    alert.peak_observed = max(alert.peak_observed, verdict.observed)
    fields = ["last_anomalous_hour", "peak_observed"]
    if hour == alert.hour and verdict.observed > alert.observed:
        # The firing hour is still filling up: keep its figures and posts current.
        alert.observed, alert.score = verdict.observed, verdict.score
        alert.evidence_post_ids = evidence_post_ids(
            alert.workspace, (alert.scope, alert.scope_id), hour
        )
        fields += ["observed", "score", "evidence_post_ids"]
    alert.save(update_fields=fields)


def _label(workspace: Workspace, scope: Scope) -> str:
    kind, scope_id = scope
    if kind == Alert.Scope.TOPIC:
        topic = Topic.objects.filter(workspace=workspace, pk=scope_id).first()
        return topic.label if topic else f"Topic {scope_id}"
    product = TrackedName.objects.filter(workspace=workspace, pk=scope_id).first()
    return product.name if product else f"Product {scope_id}"


def evidence_post_ids(workspace: Workspace, scope: Scope, hour: datetime) -> list[int]:
    """The negative posts of the scope in that hour, oldest first (at most EVIDENCE_POSTS)."""
    kind, scope_id = scope
    in_hour = {"created_at__gte": hour, "created_at__lt": hour + HOUR}
    if kind == Alert.Scope.TOPIC:
        by_topic = PostAnalysis.objects.filter(
            workspace=workspace,
            topic_id=scope_id,
            sentiment=Sentiment.NEGATIVE,
            is_spam=False,
            **in_hour,
        )
        return list(
            by_topic.order_by("created_at").values_list("post_id", flat=True)[:EVIDENCE_POSTS]
        )
    name = TrackedName.objects.filter(pk=scope_id).values_list("name", flat=True).first()
    by_product = PostMention.objects.filter(
        workspace=workspace,
        kind=TrackedName.Kind.PRODUCT,
        name=name or "",
        analysis__sentiment=Sentiment.NEGATIVE,
        analysis__is_spam=False,
        **in_hour,
    )
    return list(
        by_product.order_by("created_at").values_list("analysis__post_id", flat=True)[
            :EVIDENCE_POSTS
        ]
    )


def resolve_quiet_alerts(
    workspace: Workspace, now: datetime, rule: AlertRule = DEFAULT_RULE
) -> int:
    """Close the episodes that had no anomalous hour for `quiet_hours`; returns how many."""
    return Alert.objects.filter(
        workspace=workspace,
        state__in=[Alert.State.OPEN, Alert.State.ACKNOWLEDGED],
        last_anomalous_hour__lt=hour_start(now) - rule.quiet,
    ).update(state=Alert.State.RESOLVED, resolved_at=now)


# Telling people ---------------------------------------------------------------------------
def alert_url(alert: Alert) -> str:
    path = reverse("measuring:alerts", args=[alert.workspace.slug])
    return absolute(f"{path}#alert-{alert.pk}")


def alert_payload(alert: Alert) -> dict[str, Any]:
    """What a webhook receiver is told about an alert."""
    return {
        "id": alert.pk,
        "workspace": alert.workspace.slug,
        "scope": alert.scope,
        "scope_id": alert.scope_id,
        "label": alert.scope_label,
        "hour": alert.hour.isoformat(),
        "observed": alert.observed,
        "baseline_median": alert.baseline_median,
        "baseline_mad": alert.baseline_mad,
        "score": round(alert.score, 2),
        "jump": alert.jump,
        "evidence_post_ids": alert.evidence_post_ids,
        "url": alert_url(alert),
    }


def alert_message(alert: Alert) -> tuple[str, str]:
    """Subject and plain-text body of the e-mail about an alert."""
    subject = (
        f"Early warning: negative posts about {alert.scope_label} jumped to {alert.observed} "
        f"an hour"
    )[:300]
    body = (
        f"{alert.get_scope_display()} “{alert.scope_label}” had {alert.observed} negative posts "
        f"in the hour from {alert.hour:%Y-%m-%d %H:00} UTC.\n"
        f"Usually at this hour of the week: {alert.baseline_median:g} "
        f"(median of {alert.baseline_samples} hours, MAD {alert.baseline_mad:g}); "
        f"the jump is {alert.score:.1f} times the usual spread.\n\n"
        f"The posts and the baseline: {alert_url(alert)}\n"
    )
    return subject, body


def alert_recipients(workspace: Workspace) -> list[User]:
    """The workspace's admins and analysts with an e-mail address."""
    return list(
        User.objects.filter(
            memberships__workspace=workspace, memberships__role__in=ALERT_ROLES
        ).exclude(email="")
    )


def send_alert_emails(alert_id: int) -> int:
    """E-mail one alert to the workspace's admins and analysts, once; returns how many."""
    claimed = Alert.objects.filter(pk=alert_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return 0  # sent already, or another worker is sending it
    alert = Alert.objects.select_related("workspace").get(pk=alert_id)
    subject, body = alert_message(alert)
    messages = [
        EmailMessage(subject=subject, body=body, to=[user.email])
        for user in alert_recipients(alert.workspace)
    ]
    try:
        sent = get_connection().send_messages(messages) or 0
    except (OSError, ValueError) as error:
        # Let the periodic check try again; keep the reason for the alerts page.
        Alert.objects.filter(pk=alert_id).update(
            emailed_at=None, email_error=f"{type(error).__name__}: {error}"[:500]
        )
        return 0
    Alert.objects.filter(pk=alert_id).update(email_error="")
    return sent


def unsent_alert_ids(now: datetime) -> list[int]:
    """Recent alerts whose e-mail has not gone out (a failed send is tried again)."""
    return list(
        Alert.objects.filter(
            emailed_at__isnull=True, from_history=False, created_at__gte=now - EMAIL_RETRY_WITHIN
        ).values_list("pk", flat=True)
    )


# Acknowledging ----------------------------------------------------------------------------
def acknowledge_alert(alert: Alert, by: User) -> bool:
    """Mark an open alert as seen by `by`; returns whether it changed (conditional update)."""
    now = timezone.now()
    changed = Alert.objects.filter(pk=alert.pk, state=Alert.State.OPEN).update(
        state=Alert.State.ACKNOWLEDGED, acknowledged_by=by, acknowledged_at=now
    )
    if changed:
        alert.state, alert.acknowledged_by, alert.acknowledged_at = (
            Alert.State.ACKNOWLEDGED,
            by,
            now,
        )
        record_change(
            alert.workspace_id,
            by,
            "acknowledge alert",
            "alert",
            alert.pk,
            before={"state": Alert.State.OPEN},
            after={"state": Alert.State.ACKNOWLEDGED},
        )
    return bool(changed)
