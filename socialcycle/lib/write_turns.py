"""On SQLite, writers of post batches queue for the write lock instead of polling for it.

SQLite lets one transaction write at a time. A writer that finds the lock taken sleeps and
tries again (the busy handler: sleeps of up to 100 ms), so with many clients most of them
sleep while the lock is free, and intake at 4 clients stored fewer posts a second than at
one (benchmarks/load_bench.py). `write_turn` makes them wait on a file lock instead
(`flock`, which the kernel hands to the next waiter the moment it is released), so only
one of them at a time asks SQLite for its lock. Other writers (the analysis, the
scheduler's tasks) are untouched and still wait in SQLite's own way.

It is taken only outside any transaction: a caller that already holds SQLite's lock must
not wait here for someone who waits for it. PostgreSQL locks rows, not the database, and
needs none of this.
"""

from __future__ import annotations

import fcntl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

_held = threading.local()


@contextmanager
def write_turn(name: str = "post-writes") -> Iterator[None]:
    """Wait for this process's and every other process's turn at writing `name`."""
    held: bool = getattr(_held, "held", False)
    if connection.vendor != "sqlite" or connection.in_atomic_block or held:
        yield
        return
    folder = Path(settings.DATA_DIR) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{name}.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        _held.held = True
        try:
            yield
        finally:
            _held.held = False
            fcntl.flock(handle, fcntl.LOCK_UN)
