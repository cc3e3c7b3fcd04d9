"""Topic discovery as background runs: asked for from the Topics page, by the daily
schedule, or by itself once enough new posts fit no topic; the page shows each run's
progress and how it ended."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from socialcycle.accounts.models import User, Workspace
from socialcycle.lib.tasks import enqueue
from socialcycle.understanding import topics
from socialcycle.understanding.models import PostAnalysis, TopicDiscoveryRun
from socialcycle.understanding.topics import TopicError

logger = logging.getLogger(__name__)

RUN_TASK = "understanding.run_topic_discovery"
# A running run whose progress has not moved for this long lost its worker.
STALE_AFTER = timedelta(minutes=15)
Status = TopicDiscoveryRun.Status
Scope = TopicDiscoveryRun.Scope


def active_run(workspace: Workspace) -> TopicDiscoveryRun | None:
    return TopicDiscoveryRun.objects.filter(
        workspace=workspace, status__in=[Status.QUEUED, Status.RUNNING]
    ).first()


def latest_run(workspace: Workspace) -> TopicDiscoveryRun | None:
    return TopicDiscoveryRun.objects.filter(workspace=workspace).order_by("-created_at").first()


def request_discovery(
    workspace: Workspace,
    *,
    by: User | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    scope: str = Scope.RECENT,
) -> TopicDiscoveryRun:
    """Queue a discovery run (or return the one already waiting or running) and wake a
    worker after the commit; the caller never waits for the clustering."""
    fail_stale_runs(workspace)
    if since is not None and until is not None and since >= until:
        raise TopicError("the period's start must come before its end.", field="since")
    if (current := active_run(workspace)) is not None:
        return current
    try:
        with transaction.atomic():
            run = TopicDiscoveryRun.objects.create(
                workspace=workspace,
                requested_by=by,
                since=since,
                until=until,
                scope=Scope.PERIOD if scope == Scope.RECENT and (since or until) else scope,
            )
    except IntegrityError:  # another request queued one at the same moment
        current = active_run(workspace)
        if current is None:
            raise
        return current
    enqueue(RUN_TASK, run.pk)
    return run


def run_discovery(run_id: int) -> TopicDiscoveryRun | None:
    """Claim a queued run (a conditional update: one worker only), discover, place the
    posts, and end `done` with counts or `failed` with the reason. None if not claimed."""
    now = timezone.now()
    claimed = TopicDiscoveryRun.objects.filter(pk=run_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=now, updated_at=now, stage="starting"
    )
    if not claimed:
        return None
    run = TopicDiscoveryRun.objects.select_related("workspace").get(pk=run_id)
    try:
        _discover(run)
    except Exception as error:  # the run must end in a status a person can read
        logger.exception("topic discovery %s failed", run.pk)
        _finish(run, Status.FAILED, error=_reason(error))
    else:
        _finish(run, Status.DONE)
    return run


def _discover(run: TopicDiscoveryRun) -> None:
    def report(stage: str, percent: int) -> None:
        _progress(run, stage, percent)

    outcome = topics.discover_topics(
        run.workspace,
        since=run.since,
        until=run.until,
        unplaced_only=run.scope == Scope.UNPLACED,
        progress=report,
    )
    run.posts_considered, run.topics_found, run.topics_new = (
        outcome.considered,
        outcome.found,
        outcome.new,
    )
    waiting = PostAnalysis.objects.filter(
        workspace=run.workspace, topic__isnull=True, not_analysed=""
    ).count()
    placed = looked_at = 0
    after: int | None = 0
    report("placing the other posts", 90)
    while after is not None:
        after, done = topics.assign_unplaced(run.workspace, after_id=after)
        placed += done
        looked_at += topics.PLACE_BATCH
        report("placing the other posts", 90 + 9 * min(looked_at, waiting) // max(waiting, 1))
    run.posts_placed = outcome.placed + placed
    run.posts_unplaced = PostAnalysis.objects.filter(
        _in_period(run), workspace=run.workspace, topic__isnull=True, not_analysed=""
    ).count()


def _in_period(run: TopicDiscoveryRun) -> Q:
    period = Q()
    if run.since is not None:
        period &= Q(created_at__gte=run.since)
    if run.until is not None:
        period &= Q(created_at__lt=run.until)
    return period


def _progress(run: TopicDiscoveryRun, stage: str, percent: int) -> None:
    run.stage, run.progress = stage, max(0, min(100, percent))
    TopicDiscoveryRun.objects.filter(pk=run.pk, status=Status.RUNNING).update(
        stage=run.stage, progress=run.progress, updated_at=timezone.now()
    )


def _finish(run: TopicDiscoveryRun, status: str, error: str = "") -> None:
    run.status, run.error, run.finished_at = status, error, timezone.now()
    if status == Status.DONE:
        run.progress, run.stage = 100, "finished"
    run.save()


def _reason(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return f"{text[:400]}. Start the discovery again; if it fails again, tell an operator."


def fail_stale_runs(workspace: Workspace | None = None) -> int:
    """Runs whose worker stopped (no progress for STALE_AFTER) end as failed, saying so."""
    stale = TopicDiscoveryRun.objects.filter(
        status=Status.RUNNING, updated_at__lt=timezone.now() - STALE_AFTER
    )
    if workspace is not None:
        stale = stale.filter(workspace=workspace)
    return stale.update(
        status=Status.FAILED,
        finished_at=timezone.now(),
        error="The discovery stopped without finishing (its worker was stopped or "
        "restarted). Start it again.",
    )


def unplaced_since_last_run(workspace: Workspace) -> int:
    """Analysed posts without a topic that arrived after the last discovery started."""
    rows = PostAnalysis.objects.filter(workspace=workspace, topic__isnull=True, not_analysed="")
    last = latest_run(workspace)
    if last is not None:
        rows = rows.filter(analysed_at__gt=last.created_at)
    return rows.count()


def discover_unplaced_if_due(workspace: Workspace) -> TopicDiscoveryRun | None:
    """Once TOPIC_UNPLACED_TRIGGER new posts fit no topic, discover topics among them
    rather than forcing them into old ones."""
    if active_run(workspace) is not None:
        return None
    if unplaced_since_last_run(workspace) < settings.TOPIC_UNPLACED_TRIGGER:
        return None
    return request_discovery(workspace, scope=Scope.UNPLACED)


def queued_runs() -> list[int]:
    return list(
        TopicDiscoveryRun.objects.filter(status=Status.QUEUED)
        .order_by("created_at")
        .values_list("pk", flat=True)
    )


def discover_now(workspace: Workspace, *, by: User | None = None) -> TopicDiscoveryRun:
    """Queue a run and do it in this process (the CLI, the demo); a worker that claimed it
    first does it instead. Returns the run as it stands."""
    run = request_discovery(workspace, by=by)
    run_discovery(run.pk)
    run.refresh_from_db()
    return run
