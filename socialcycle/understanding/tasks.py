"""Background entry points of the understanding app; each calls a service."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from socialcycle.accounts.models import Workspace
from socialcycle.understanding import redetection, services, topics


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
    """Rediscover topics (one workspace, or all), then place the older posts; returns topics."""
    workspaces = Workspace.objects.all()
    if workspace_id is not None:
        workspaces = workspaces.filter(pk=workspace_id)
    found = 0
    for workspace in workspaces:
        found += topics.discover_topics(workspace)
        after: int | None = 0
        while after is not None:
            after = topics.assign_unplaced(workspace, after_id=after)
    return found


@shared_task(name="understanding.redetect_mentions")
def redetect_mentions(workspace_id: int | None = None) -> int:
    """Find tracked names again in recent posts of one workspace whose names changed, or
    of every such workspace (the periodic sweep); returns how many analyses changed."""
    ids = [workspace_id] if workspace_id is not None else redetection.stale_workspaces()
    return sum(redetection.redetect_mentions(pk) for pk in ids)
