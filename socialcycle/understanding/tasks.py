"""Background entry points of the understanding app; each calls a service."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from socialcycle.accounts.models import Workspace
from socialcycle.understanding import discovery, redetection, services


@shared_task(name="understanding.analyse_pending_posts")
def analyse_pending_posts() -> int:
    """Analyse one batch of waiting posts, then queue the next batch while any remain.

    In-process (no broker) there is no queue to come back to, so it keeps going instead.
    """
    batch_size = settings.ANALYSE_BATCH_SIZE
    done = services.analyse_pending_posts(batch_size)
    if done < batch_size:
        return done
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        analyse_pending_posts.delay()
        return done
    while (more := services.analyse_pending_posts(batch_size)) > 0:
        done += more
    return done


@shared_task(name="understanding.discover_topics")
def discover_topics(workspace_id: int | None = None) -> int:
    """Queue a discovery run of recent posts for one workspace, or for each; returns runs."""
    workspaces = Workspace.objects.all()
    if workspace_id is not None:
        workspaces = workspaces.filter(pk=workspace_id)
    runs = [discovery.request_discovery(workspace) for workspace in workspaces]
    return len(runs)


@shared_task(name="understanding.run_topic_discovery")
def run_topic_discovery(run_id: int) -> str:
    """Do one queued discovery run; returns how it ended."""
    run = discovery.run_discovery(run_id)
    return run.status if run is not None else "not claimed"


@shared_task(name="understanding.topic_upkeep")
def topic_upkeep() -> int:
    """End runs whose worker died, start discovery where enough new posts fit no topic,
    and do the queued runs (the embedded scheduler's way to run them); returns runs done."""
    discovery.fail_stale_runs()
    for workspace in Workspace.objects.all():
        discovery.discover_unplaced_if_due(workspace)
    done = 0
    for run_id in discovery.queued_runs():
        if settings.CELERY_TASK_ALWAYS_EAGER:
            done += discovery.run_discovery(run_id) is not None
        else:
            run_topic_discovery.delay(run_id)
    return done


@shared_task(name="understanding.redetect_mentions")
def redetect_mentions(workspace_id: int | None = None) -> int:
    """Find tracked names again in recent posts of one workspace whose names changed, or
    of every such workspace (the periodic sweep); returns how many analyses changed."""
    ids = [workspace_id] if workspace_id is not None else redetection.stale_workspaces()
    return sum(redetection.redetect_mentions(pk) for pk in ids)
