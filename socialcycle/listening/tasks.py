"""Background entry points of the listening app; each calls a service."""

from __future__ import annotations

from celery import shared_task

from socialcycle.listening import imports


@shared_task(name="listening.run_import")
def run_import(run_id: int) -> str:
    """Import (or resume importing) an uploaded file; returns the run's final status."""
    return imports.continue_import(run_id).status
