"""Enqueue background work only after the surrounding transaction commits.

A worker that starts before the commit would not find the rows it was sent. Tasks are
named, so an app can wake work further along the flow without importing that app.
Without a broker (REDIS_URL unset) the task runs in-process; its arguments are still
round-tripped through JSON so that the embedded default refuses what a broker would.

A task that cannot be sent (the broker is down) never fails the request whose data was
committed: it is logged and counted (`enqueue_failures`), and the periodic sweeps pick up
what it would have started (posts wait for analysis until a sweep claims them).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction

from socialcycle.celery import app

logger = logging.getLogger(__name__)
_failures = 0


def enqueue(task_name: str, *args: Any) -> None:
    """Run the task named `task_name` with `args` once the current transaction commits.

    Without a broker, tasks in EMBEDDED_SCHEDULED_TASKS are not run in the caller's
    process: the embedded scheduler's periodic sweep does that work in its own process,
    so a web request that stores posts never waits for their analysis.
    """
    payload = json.loads(json.dumps(list(args)))
    if settings.CELERY_TASK_ALWAYS_EAGER and task_name in settings.EMBEDDED_SCHEDULED_TASKS:
        return
    transaction.on_commit(lambda: run_task(task_name, payload))


def run_task(task_name: str, args: list[Any]) -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        app.tasks[task_name].apply(args=tuple(args), throw=True)
        return
    try:
        app.send_task(task_name, args=args)
    except Exception:  # the data is committed: a lost wake-up must not fail the request
        global _failures  # a process-wide count, read by enqueue_failures
        _failures += 1
        logger.exception(
            "could not send task %s (%d failed sends in this process); the periodic sweep "
            "will do its work",
            task_name,
            _failures,
        )


def enqueue_failures() -> int:
    """Tasks this process could not send to the broker since it started."""
    return _failures


def fan_out(task_name: str, workspace_ids: Iterable[int]) -> int:
    """Run `task_name` once per workspace (or other id: a live source), each apart from
    the others.

    With a broker each is a task of its own, sent now: one workspace that raises or is
    large delays no other, and workers share them. In-process they run in turn, and one
    that raises is logged while the rest go on. Returns the sum of what the tasks
    returned when they ran here, or how many were sent.
    """
    total = 0
    for workspace_id in workspace_ids:
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            run_task(task_name, [workspace_id])
            total += 1
            continue
        try:
            result: Any = app.tasks[task_name].apply(args=(workspace_id,), throw=True).result
        except Exception:
            logger.exception("%s failed for %s", task_name, workspace_id)
            continue
        total += int(result or 0)
    return total
