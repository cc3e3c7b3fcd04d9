"""The gunicorn worker `socialcycle serve` runs: gunicorn's threaded worker, with a
graceful exit that answers every connection it has accepted.

On a reload (`kill -HUP`) gunicorn starts new workers and sends the old ones SIGTERM.
Gunicorn's threaded worker then leaves its loop within a second and closes the
connections it had accepted but not yet read: a client that connected at that instant
saw its connection reset (2 of 3,281 requests in benchmarks/restart_bench.py). This one
first stops accepting (the new workers take the listening socket's queue), answers what
it had accepted, each answer closing its connection, and leaves once no connection is
left or the graceful timeout has passed. SIGINT and SIGQUIT still stop it at once.
"""

from __future__ import annotations

import time
from types import FrameType

from gunicorn.workers.gthread import ThreadWorker


class DrainingThreadWorker(ThreadWorker):  # type: ignore[misc]  # gunicorn is untyped
    draining_since: float | None = None

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if self.draining_since is None:
            self.draining_since = time.monotonic()

    def notify(self) -> None:
        """Called at the top of every turn of the worker's loop: the place to drain."""
        super().notify()
        if self.draining_since is not None:
            self._drain()

    def _drain(self) -> None:
        with self._lock:
            registered = self.poller.get_map()
            for listener in self.sockets:
                if listener in registered:
                    self.poller.unregister(listener)
            connections_left = len(registered)
        # From now on every answer closes its connection (gunicorn reads this per answer).
        self.cfg.set("keepalive", 0)
        overdue = time.monotonic() - (self.draining_since or 0.0) > self.cfg.graceful_timeout
        if connections_left == 0 or overdue:
            # Requests being answered finish in their threads: gunicorn waits for them.
            self.alive = False
