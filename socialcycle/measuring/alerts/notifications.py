"""Telling people about an alert: the webhook payload, and the e-mail to the workspace's
admins and analysts, claimed before it is sent so they hear once."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import timezone

from socialcycle.accounts.models import Role, User, Workspace
from socialcycle.lib.urls import absolute
from socialcycle.measuring.alerts.models import Alert

EMAIL_RETRY_WITHIN = timedelta(days=1)
ALERT_ROLES = (Role.ADMIN, Role.ANALYST)


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
