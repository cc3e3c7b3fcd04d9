"""Periodic tasks for the embedded default, where no Celery beat runs.

With REDIS_URL, `socialcycle worker --beat` runs CELERY_BEAT_SCHEDULE. Without it,
`socialcycle serve` starts `socialcycle scheduler`, which runs the same schedule in its
own process and stops when the server that started it stops. Each task runs in a thread
of its own, so a long one (the analysis of a large backlog) does not hold back the others
(an uploaded file's import); a task still running is not started a second time.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from django.db import connections

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


class ThreadPerTask:
    """Runs each task in a thread of its own; a task whose last run is still going is skipped."""

    def __init__(self, run: Callable[[str, list[Any]], None] = run_task) -> None:
        self.run = run
        self.threads: dict[str, threading.Thread] = {}

    def __call__(self, task_name: str, args: list[Any]) -> None:
        running = self.threads.get(task_name)
        if running is not None and running.is_alive():
            return
        thread = threading.Thread(
            target=self._run, args=(task_name, args), name=f"task {task_name}", daemon=True
        )
        self.threads[task_name] = thread
        thread.start()

    def _run(self, task_name: str, args: list[Any]) -> None:
        try:
            self.run(task_name, args)
        except Exception:
            log.exception("Scheduled task %s failed", task_name)
        finally:
            connections.close_all()  # this thread's own connections

    def wait(self, timeout: float | None = None) -> None:
        for thread in list(self.threads.values()):
            thread.join(timeout)


def run_forever(
    schedule: Mapping[str, Mapping[str, Any]],
    keep_going: Callable[[], bool],
    tick: float = 1.0,
) -> None:
    """Run the schedule until `keep_going()` turns false, each task in its own thread."""
    last_run: dict[str, float] = {}
    runner = ThreadPerTask()
    while keep_going():
        run_due(schedule, last_run, time.monotonic(), run=runner)
        time.sleep(tick)
