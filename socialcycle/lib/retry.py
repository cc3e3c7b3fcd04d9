"""Retry a short write when the database is busy, and say in a sentence what went wrong.

SQLite has one writer at a time: a writer waits up to its busy timeout (20 s, settings.py)
for the lock and then fails with "database is locked". PostgreSQL can fail a write on a
deadlock or a lock timeout. Such a write is worth trying again after a pause; any other
error is not. Only a whole transaction can be retried, so the work given here must open
its own (`transaction.atomic()`), and it runs once, unretried, inside an outer one.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import DatabaseError, Error, connection

log = logging.getLogger(__name__)

T = TypeVar("T")

ATTEMPTS = 4
FIRST_PAUSE = 0.5
BUSY_SIGNS = (
    "database is locked",
    "database table is locked",
    "database is busy",
    "deadlock detected",
    "lock timeout",
    "could not obtain lock",
    "could not serialize access",
)
UNREACHABLE_SIGNS = (
    "unable to open database",
    "connection refused",
    "could not connect",
    "server closed the connection",
    "connection to server",
    "terminating connection",
    "connection already closed",
    "the connection is closed",
    "no such host",
    "could not translate host name",
)


def is_busy(error: BaseException) -> bool:
    """Whether `error` is the database being busy with other writers (worth a retry)."""
    return isinstance(error, DatabaseError) and _mentions(error, BUSY_SIGNS)


def retry_when_busy(
    work: Callable[[], T],
    *,
    attempts: int = ATTEMPTS,
    first_pause: float = FIRST_PAUSE,
    before_retry: Callable[[], None] | None = None,
) -> T:
    """Run `work` (a whole transaction); when the database is busy, pause and run it again.

    Pauses double from `first_pause`; after `attempts` tries the last error is raised.
    `before_retry` puts back whatever the failed try changed in memory.
    """
    if connection.in_atomic_block:
        return work()
    pause = first_pause
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except DatabaseError as error:
            if attempt == attempts or not is_busy(error):
                raise
            log.debug("Database busy (%s); trying again in %.1f s", error, pause)
        time.sleep(pause)
        pause *= 2
        if before_retry is not None:
            before_retry()
    raise AssertionError("unreachable")  # pragma: no cover


def database_problem(error: BaseException) -> str | None:
    """A sentence for a busy or unreachable database, or None when `error` is neither."""
    if not isinstance(error, Error):
        return None
    if is_busy(error):
        return (
            "the database stayed locked by other work (such as the analysis of waiting "
            "posts) for too long"
        )
    if _mentions(error, UNREACHABLE_SIGNS):
        first_line = (str(error).strip().splitlines() or ["no reason given"])[0]
        return f"the database cannot be reached ({first_line}); check DATABASE_URL"
    return None


def _mentions(error: BaseException, signs: tuple[str, ...]) -> bool:
    message = str(error).lower()
    return any(sign in message for sign in signs)
