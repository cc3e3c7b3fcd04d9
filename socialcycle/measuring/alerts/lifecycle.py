"""An alert after it fired: acknowledged by a person, resolved when its scope stays quiet."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import User, Workspace
from socialcycle.measuring.alerts.models import Alert
from socialcycle.measuring.alerts.rule import DEFAULT_RULE, AlertRule, hour_start


def resolve_quiet_alerts(
    workspace: Workspace, now: datetime, rule: AlertRule = DEFAULT_RULE
) -> int:
    """Close the episodes that had no anomalous hour for `quiet_hours`; returns how many."""
    return Alert.objects.filter(
        workspace=workspace,
        state__in=[Alert.State.OPEN, Alert.State.ACKNOWLEDGED],
        last_anomalous_hour__lt=hour_start(now) - rule.quiet,
    ).update(state=Alert.State.RESOLVED, resolved_at=now)


def acknowledge_alert(alert: Alert, *, by: User) -> bool:
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
            AuditAction.ACKNOWLEDGE_ALERT,
            "alert",
            alert.pk,
            before={"state": Alert.State.OPEN},
            after={"state": Alert.State.ACKNOWLEDGED},
        )
    return bool(changed)
