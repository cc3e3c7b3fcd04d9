"""Writers of live sources: connect one, pause or resume it, ask for a poll now.

Credentials are sealed before they are stored (lib/credentials.py) and the audit log
records only that they changed, never what they are.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import User, Workspace
from socialcycle.lib.credentials import SealError, reseal, seal, unseal
from socialcycle.lib.errors import DomainError
from socialcycle.listening.connectors import CONNECTORS, connector_for
from socialcycle.listening.connectors.base import ConnectorError
from socialcycle.listening.models import Connection
from socialcycle.listening.services import create_source

MIN_POLL_MINUTES = 5
MAX_POLL_MINUTES = 24 * 60


class LiveSourceError(DomainError):
    """A live source that cannot be connected as asked, said as one sentence."""

    code = "connection"


@transaction.atomic
def connect_source(
    workspace: Workspace,
    *,
    name: str,
    kind: str,
    settings: dict[str, Any],
    credentials: dict[str, Any] | None = None,
    poll_minutes: int = 15,
    by: User,
) -> Connection:
    """Create the source `name` polled by connector `kind` (or change its settings); its
    first poll is due at once. A credential not given keeps the one saved before."""
    connector = CONNECTORS.get(kind)
    if connector is None:
        raise LiveSourceError(f"there is no connector called {kind!r}.", field="kind")
    if not MIN_POLL_MINUTES <= poll_minutes <= MAX_POLL_MINUTES:
        raise LiveSourceError(
            f"poll every {MIN_POLL_MINUTES} to {MAX_POLL_MINUTES} minutes.", field="poll_minutes"
        )
    source = create_source(workspace, name=name, channel=connector.channel)
    if source.channel != connector.channel:
        raise LiveSourceError(
            f"the source {name!r} exists already for another channel.", field="name"
        )
    connection, created = Connection.objects.get_or_create(source=source, defaults={"kind": kind})
    # A credential left blank keeps the one saved (the form never shows it again), unless
    # the source now uses another connector, whose credentials are not these.
    saved = unseal(connection.credentials) if connection.kind == kind else {}
    kept = {**saved, **(credentials or {})}
    connection.kind = kind
    connection.settings = settings
    connection.credentials = seal(kept)
    connection.poll_seconds = poll_minutes * 60
    connection.next_poll_at = timezone.now()
    try:
        connector_for(connection)  # its settings are checked before anything is stored
    except ConnectorError as error:
        raise LiveSourceError(str(error), field=error.field or "kind") from None
    connection.save()
    record_change(
        workspace,
        by,
        AuditAction.CONNECT_SOURCE,
        "source",
        source.pk,
        after={
            "name": name,
            "connector": kind,
            "settings": settings,
            "poll_minutes": poll_minutes,
            "credentials": "changed" if credentials else ("none" if created else "kept"),
        },
    )
    return connection


def set_paused(connection: Connection, paused: bool, *, by: User) -> None:
    """Pause a live source (nothing is fetched) or resume it (a poll is due at once)."""
    if connection.paused == paused:
        return
    Connection.objects.filter(pk=connection.pk).update(
        paused=paused, next_poll_at=None if paused else timezone.now()
    )
    action = AuditAction.PAUSE_SOURCE if paused else AuditAction.RESUME_SOURCE
    record_change(connection.source.workspace_id, by, action, "source", connection.pk)


def poll_now(connection: Connection, *, by: User) -> None:
    """Make the source due at once: the every-minute sweep polls it within a minute,
    outside this request (a platform may take seconds to answer)."""
    Connection.objects.filter(pk=connection.pk).update(next_poll_at=timezone.now())
    record_change(
        connection.source.workspace_id, by, AuditAction.POLL_SOURCE_NOW, "source", connection.pk
    )


def reseal_all() -> tuple[int, list[str]]:
    """Seal every connection's credentials with the newest key; returns how many were
    sealed again and the names of the sources no configured key opens."""
    resealed, unopened = 0, []
    for connection in Connection.objects.exclude(credentials="").select_related("source"):
        try:
            sealed = reseal(connection.credentials)
        except SealError:
            unopened.append(connection.source.name)
            continue
        Connection.objects.filter(pk=connection.pk).update(credentials=sealed)
        resealed += 1
    return resealed, unopened
