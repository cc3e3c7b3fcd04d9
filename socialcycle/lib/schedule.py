"""Periodic tasks for the embedded default, where no Celery beat runs.

With REDIS_URL, `socialcycle worker --beat` runs CELERY_BEAT_SCHEDULE. Without it,
`socialcycle serve` starts `socialcycle scheduler`, which runs the same schedule in its
own process, each task in-process, and stops when the server that started it stops.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

from socialcycle.lib.tasks import run_task

log = logging.getLogger(__name__)


def run_due(
    schedule: Mapping[str, Mapping[str, Any]],
    last_run: dict[str, float],
    now: float,
    run: Callable[[str, list[Any]], None] = run_task,
) -> list[str]:
    """Run every entry whose interval has passed since its last run; returns their names.

    An entry that fails is logged and tried again at its next interval: one broken task
    must not stop the others.
    """
    ran = []
    for name, entry in schedule.items():
        every = float(entry["schedule"])
        if now - last_run.get(name, float("-inf")) < every:
            continue
        last_run[name] = now
        try:
            run(str(entry["task"]), list(entry.get("args", ())))
        except Exception:
            log.exception("Scheduled task %s failed", name)
        ran.append(name)
    return ran


def run_forever(
    schedule: Mapping[str, Mapping[str, Any]],
    keep_going: Callable[[], bool],
    tick: float = 5.0,
) -> None:
    """Run the schedule until `keep_going()` turns false."""
    last_run: dict[str, float] = {}
    while keep_going():
        run_due(schedule, last_run, time.monotonic())
        time.sleep(tick)
