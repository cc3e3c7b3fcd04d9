"""The workspace's sources as the Settings pages show them, and renaming one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Count, Max

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import User, Workspace
from socialcycle.lib.errors import DomainError
from socialcycle.listening.connectors import CONNECTORS
from socialcycle.listening.models import Channel, Connection, ImportRun, Post, Source


class SourceError(DomainError):
    """A source change that cannot be made, said as one sentence."""

    code = "source"


@dataclass(frozen=True)
class SourceRow:
    source: Source
    kind: str  # how its posts arrive
    posts: int
    last_import: datetime | None

    @property
    def connection(self) -> Connection | None:
        """The live source's polling state, when socialcycle polls it itself."""
        return getattr(self.source, "connection", None)

    @property
    def history_note(self) -> str:
        """What the platform keeps of its history, where that can lose posts."""
        connector = CONNECTORS.get(self.connection.kind) if self.connection else None
        return str(getattr(connector, "history_note", ""))


def source_rows(workspace: Workspace) -> list[SourceRow]:
    """Every source of the workspace with how its posts arrive, how many, and when the
    last file import started."""
    posts = dict(
        Post.objects.filter(workspace=workspace)
        .values("source_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("source_id", "n")
    )
    imports = dict(
        ImportRun.objects.filter(workspace=workspace)
        .values("source_id")
        .annotate(last=Max("started_at"))
        .order_by()
        .values_list("source_id", "last")
    )
    return [
        SourceRow(source, _kind(source), posts.get(source.pk, 0), imports.get(source.pk))
        for source in Source.objects.filter(workspace=workspace)
        .select_related("connection")
        .order_by("name")
    ]


def _kind(source: Source) -> str:
    connection = getattr(source, "connection", None)
    if connection is not None:
        connector = CONNECTORS.get(connection.kind)
        platform = connector.label if connector else connection.kind
        return f"live from {platform}, every {_every(connection.poll_seconds)}"
    if source.channel == Channel.COMMUNITY:
        return "community"
    if source.channel == Channel.API:
        return "intake API"
    return "file imports"


def rename_source(source: Source, name: str, *, by: User) -> Source:
    """Give a source a new name (unique in its workspace); recorded in the audit log."""
    name = name.strip()
    if not name:
        raise SourceError("a source needs a name.")
    if len(name) > 120:
        raise SourceError("a source's name is at most 120 characters.")
    if name == source.name:
        return source
    taken = Source.objects.filter(workspace_id=source.workspace_id, name=name)
    if taken.exclude(pk=source.pk).exists():
        raise SourceError(f"another source is called {name!r}.")
    with transaction.atomic():
        before = source.name
        source.name = name
        source.save(update_fields=["name"])
        record_change(
            source.workspace_id,
            by,
            AuditAction.RENAME,
            "source",
            source.pk,
            before={"name": before},
            after={"name": name},
        )
    return source


def _every(seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    if minutes % 60:
        return f"{minutes} minute{'s' if minutes > 1 else ''}"
    hours = minutes // 60
    return "hour" if hours == 1 else f"{hours} hours"
