"""Background entry points of the measuring app: ids in, call a service."""

from __future__ import annotations

from celery import shared_task

from socialcycle.accounts.models import Workspace
from socialcycle.measuring import services


@shared_task(name="measuring.record_share_advocacy")
def record_share_advocacy() -> int:
    """Advocacy events for positive posts others shared, in every workspace (hourly)."""
    return sum(services.record_share_advocacy(workspace) for workspace in Workspace.objects.all())
