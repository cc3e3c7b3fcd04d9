"""Early-warning checks: judge recent hours (or a workspace's whole history) with the rule
in `alerts/rule.py`, and fire one alert per episode — stored, e-mailed to the
workspace's admins and analysts, and sent to `alert.fired` webhooks.

A check first counts the checked hours alone and reads the baseline weeks only for
scopes that reached the rule's minimum count, so the usual check on a quiet workspace is
two small queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from socialcycle.accounts.models import TrackedName, Workspace
from socialcycle.acting.models import Webhook
from socialcycle.acting.webhooks import emit
from socialcycle.analysis.labels import Sentiment
from socialcycle.lib.tasks import enqueue
from socialcycle.measuring.alerts.counts import (
    Interval,
    Scope,
    history_start,
    needed_intervals,
    negative_counts,
)
from socialcycle.measuring.alerts.lifecycle import resolve_quiet_alerts
from socialcycle.measuring.alerts.models import Alert
from socialcycle.measuring.alerts.notifications import alert_payload
from socialcycle.measuring.alerts.rule import DEFAULT_RULE, HOUR, AlertRule, Verdict, hour_start
from socialcycle.understanding.models import PostAnalysis, PostMention, Topic

LOOKBACK_HOURS = 2  # complete hours a periodic check looks at again, for late posts
EVIDENCE_POSTS = 20


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
