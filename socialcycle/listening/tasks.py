"""Background entry points of the listening app; each calls a service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from socialcycle.accounts.models import Workspace
from socialcycle.lib.tasks import fan_out
from socialcycle.listening import imports, influence
from socialcycle.listening.connectors import polling


@shared_task(name="listening.run_import")
def run_import(run_id: int) -> str:
    """Import (or resume importing) an uploaded file; returns the run's final status."""
    return imports.continue_import(run_id).status


@shared_task(name="listening.sweep_uploads")
def sweep_uploads() -> int:
    """Delete uploaded files that were never imported; returns how many."""
    return imports.sweep_abandoned_uploads(timezone.now())


@shared_task(name="listening.refresh_influence")
def refresh_influence() -> int:
    """Recompute participants' influence in every workspace; returns how many changed."""
    return sum(influence.refresh_influence(workspace) for workspace in Workspace.objects.all())


@shared_task(name="listening.watch_imports")
def watch_imports() -> int:
    """Mark imports whose worker stopped as interrupted; carry out or re-send queued ones."""
    return imports.watch_imports(timezone.now())


@shared_task(name="listening.poll_connections")
def poll_connections() -> int:
    """Poll the live sources that are due (each at its own interval), one task each."""
    return fan_out("listening.poll_connection", polling.due_ids(timezone.now()))


@shared_task(name="listening.poll_connection")
def poll_connection(connection_id: int) -> int:
    """Poll one live source if it is still due and no other worker took it; 1 when polled."""
    return polling.poll_one(connection_id)
