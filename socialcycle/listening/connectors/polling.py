"""Polling live sources: each connection at its own interval, its cursor stored with the
posts it ends, every failure a sentence on the Sources page, repeated failures backed off
and told to the admins once.

The every-minute sweep (`listening.poll_connections`) sends one task per due source
(`listening.poll_connection`; in turn, in-process, without a broker), so a slow platform
delays no other. Each claims its connection by moving `next_poll_at` forward in one
conditional UPDATE, so two workers never poll one source at the same time.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from socialcycle.accounts.models import Membership, Role
from socialcycle.lib.credentials import SealError
from socialcycle.lib.retry import retry_when_busy
from socialcycle.lib.urls import absolute
from socialcycle.lib.write_turns import write_turn
from socialcycle.listening.connectors import connector_for
from socialcycle.listening.connectors.base import ConnectorError, Page
from socialcycle.listening.importers.mapping import TARGETS, ColumnMapping, map_record
from socialcycle.listening.incoming import IncomingPost
from socialcycle.listening.models import Connection
from socialcycle.listening.services import record_posts

logger = logging.getLogger(__name__)

# A record's post fields come by name; dates are ISO 8601 with their offset.
MAPPING = ColumnMapping(columns={target: (target,) for target in TARGETS}, date_format="iso")
CLAIM_SECONDS = 600  # a poll that has not finished by then is taken again
MAX_BACKOFF_SECONDS = 6 * 3600
TELL_ADMINS_AFTER = 3  # failures in a row


@dataclass(frozen=True)
class PollResult:
    ok: bool
    fetched: int = 0
    created: int = 0
    problem: str = ""


def due_ids(now: datetime) -> list[int]:
    """The connections whose time has come, the longest waiting first."""
    due = Connection.objects.filter(paused=False).filter(
        Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
    )
    return list(due.order_by("next_poll_at").values_list("pk", flat=True))


def poll_due(now: datetime) -> int:
    """Poll every connection whose time has come, here and in turn; returns how many."""
    return sum(poll_one(pk, now) for pk in due_ids(now))


def poll_one(pk: int, now: datetime | None = None) -> int:
    """Claim one due connection and poll it; 0 when another worker took it first."""
    connection = claim(pk, now or timezone.now())
    if connection is None:
        return 0
    poll(connection, now)
    return 1


def claim(pk: int, now: datetime) -> Connection | None:
    """Take a due connection for this worker, or None when another took it first."""
    lease = now + timedelta(seconds=CLAIM_SECONDS)
    taken = (
        Connection.objects.filter(pk=pk, paused=False)
        .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
        .update(next_poll_at=lease)
    )
    return Connection.objects.select_related("source").get(pk=pk) if taken else None


def poll(connection: Connection, now: datetime | None = None) -> PollResult:
    """Fetch once after the stored cursor and store what came; never raises for a
    platform's trouble (it becomes the connection's `last_error`)."""
    now = now or timezone.now()
    try:
        page = connector_for(connection).fetch(connection.cursor)
    except (ConnectorError, SealError) as error:
        return _failed(connection, now, error)
    except Exception:  # an answer of a shape we do not know must not stop the other sources
        logger.exception("polling source %s failed unexpectedly", connection.pk)
        unreadable = ConnectorError(
            "The platform answered in a way socialcycle could not read; we will try again "
            "later (the server log has the details)."
        )
        return _failed(connection, now, unreadable)
    posts, problems = _mapped(connection, page)
    created = _store(connection, now, page, posts, problems)
    return PollResult(ok=True, fetched=len(posts), created=created)


def _mapped(connection: Connection, page: Page) -> tuple[list[IncomingPost], list[str]]:
    posts: list[IncomingPost] = []
    problems = list(page.notes)
    for record in page.records:
        mapped = map_record(record, MAPPING, connection.source.name)
        if isinstance(mapped, IncomingPost):
            posts.append(mapped)
        else:
            problems.append(str(mapped))
    return posts, problems


def _store(
    connection: Connection,
    now: datetime,
    page: Page,
    posts: list[IncomingPost],
    problems: list[str],
) -> int:
    """The posts and the cursor after them, in one transaction."""
    wait = 0 if page.more else connection.poll_seconds
    note = _left_out(problems)

    def store() -> int:
        with transaction.atomic():
            result = record_posts(connection.source, posts)
            Connection.objects.filter(pk=connection.pk).update(
                cursor=page.cursor,
                last_polled_at=now,
                last_success_at=now,
                next_poll_at=now + timedelta(seconds=wait),
                fetched_last=len(posts),
                fetched_total=F("fetched_total") + len(posts),
                failures=0,
                failing_since=None,
                last_error=note,
                admins_told_at=None,
            )
            return result.created

    with write_turn():
        created = retry_when_busy(store)
    connection.refresh_from_db()
    return created


def _left_out(problems: list[str]) -> str:
    if not problems:
        return ""
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"The last poll left out {len(problems)} item(s): {problems[0]}{more}."


def _failed(connection: Connection, now: datetime, error: Exception) -> PollResult:
    failures = connection.failures + 1
    needs_a_person = bool(getattr(error, "reconnect", False))
    # Asking again with credentials the platform refused helps nobody (and some
    # platforms block an app that keeps trying): wait the longest until a person mends it.
    wait = backoff_seconds(connection.poll_seconds, failures, longest=needs_a_person)
    asked = getattr(error, "retry_after", None)
    if asked is not None:
        wait = max(wait, asked)
    sentence = str(error)
    Connection.objects.filter(pk=connection.pk).update(
        last_polled_at=now,
        next_poll_at=now + timedelta(seconds=wait),
        failures=failures,
        failing_since=connection.failing_since or now,
        last_error=sentence,
        fetched_last=0,
    )
    connection.refresh_from_db()
    told_soon = needs_a_person or failures >= TELL_ADMINS_AFTER
    if told_soon and connection.admins_told_at is None:
        _tell_admins(connection, now)
    return PollResult(ok=False, problem=sentence)


def backoff_seconds(interval: int, failures: int, *, longest: bool = False) -> float:
    """The interval doubled for each failure in a row, at most six hours (at once when
    `longest`), with ±20% jitter so sources that failed together do not all come back at
    once."""
    doubled = interval * 2 ** max(0, failures - 1)
    base = float(MAX_BACKOFF_SECONDS if longest else min(doubled, MAX_BACKOFF_SECONDS))
    return base * random.uniform(0.8, 1.2)  # noqa: S311 (spreading load, not a secret)


def _tell_admins(connection: Connection, now: datetime) -> None:
    """E-mail the workspace's admins once per failing spell; the next success re-arms it."""
    told = Connection.objects.filter(pk=connection.pk, admins_told_at__isnull=True).update(
        admins_told_at=now
    )
    if not told:
        return
    source = connection.source
    admins = Membership.objects.filter(workspace_id=source.workspace_id, role=Role.ADMIN)
    emails = [m.user.email for m in admins.select_related("user") if m.user.email]
    if not emails:
        return
    page = absolute(reverse("listening:sources", args=[source.workspace.slug]))
    body = (
        f"The source {source.name!r} failed{_in_a_row(connection.failures)}. "
        f"The last problem: {connection.last_error}\n\n"
        f"It keeps trying less often. See it, pause it or poll it now: {page}\n"
    )
    try:
        send_mail(f"[socialcycle] {source.name} cannot be polled", body, None, emails)
    except OSError:
        logger.exception("could not tell the admins that %s keeps failing", source.name)


def _in_a_row(failures: int) -> str:
    return f" {failures} times in a row" if failures > 1 else ""
