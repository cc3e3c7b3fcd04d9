"""Background entry points of the measuring app: ids in, call a service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from socialcycle.accounts.models import Workspace
from socialcycle.lib.tasks import fan_out
from socialcycle.measuring.alerts import detection, notifications
from socialcycle.measuring.dashboard import rollups
from socialcycle.measuring.digest import sending
from socialcycle.measuring.ladder import figures as ladder_figures
from socialcycle.measuring.ladder import shared_posts


@shared_task(name="measuring.record_share_advocacy")
def record_share_advocacy() -> int:
    """Advocacy events for positive posts others shared, in every workspace (hourly)."""
    return sum(
        shared_posts.record_share_advocacy(workspace) for workspace in Workspace.objects.all()
    )


@shared_task(name="measuring.check_alerts")
def check_alerts() -> int:
    """Early-warning check of every workspace's recent hours (every 15 minutes); also sends
    the alert e-mails a failed attempt left behind. Returns how many alerts fired."""
    now = timezone.now()
    fired = fan_out("measuring.check_workspace_alerts", _workspace_ids())
    for alert_id in notifications.unsent_alert_ids(now):
        notifications.send_alert_emails(alert_id)
    return fired


@shared_task(name="measuring.check_workspace_alerts")
def check_workspace_alerts(workspace_id: int) -> int:
    """Early-warning check of one workspace, queued when a batch of its posts was analysed."""
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    return len(detection.check_workspace(workspace)) if workspace is not None else 0


@shared_task(name="measuring.send_alert_emails")
def send_alert_emails(alert_id: int) -> int:
    """E-mail a new alert to the workspace's admins and analysts."""
    return notifications.send_alert_emails(alert_id)


@shared_task(name="measuring.rebuild_rollups")
def rebuild_rollups(workspace_id: int) -> int:
    """Recount every day of one workspace's rollups (after posts were deleted)."""
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    return rollups.rebuild(workspace) if workspace is not None else 0


@shared_task(name="measuring.refresh_rollups")
def refresh_rollups() -> int:
    """Recount the dashboard's daily rollups for days that changed (every minute), one
    task per workspace."""
    return fan_out("measuring.refresh_workspace_rollups", _workspace_ids())


@shared_task(name="measuring.refresh_ladder_figures")
def refresh_ladder_figures() -> int:
    """Recompute every workspace's engagement-ladder figures (every 10 minutes), so that
    the dashboard and the Ladder page read them instead of waiting for them."""
    ids = _workspace_ids()
    fan_out("measuring.refresh_workspace_ladder_figures", ids)
    return len(ids)


@shared_task(name="measuring.refresh_workspace_ladder_figures")
def refresh_workspace_ladder_figures(workspace_id: int) -> int:
    """Recompute one workspace's engagement-ladder figures."""
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    if workspace is None:
        return 0
    ladder_figures.refresh(workspace)
    return 1


def _workspace_ids() -> list[int]:
    return list(Workspace.objects.order_by("pk").values_list("pk", flat=True))


@shared_task(name="measuring.send_weekly_digests")
def send_weekly_digests() -> int:
    """Send last week's digest of every workspace that has not had it (hourly; from Monday
    07:00 in the workspace's own time zone). Returns how many digests went out."""
    return sending.send_due_digests(timezone.now())


@shared_task(name="measuring.refresh_workspace_rollups")
def refresh_workspace_rollups(workspace_id: int) -> int:
    """Recount the days of one workspace's rollups that changed (after its tracked names
    were found again in its posts); returns how many days."""
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    return rollups.bring_up_to_date(workspace) if workspace is not None else 0
