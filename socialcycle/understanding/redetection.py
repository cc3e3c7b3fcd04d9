"""Find tracked names again in recent posts after a workspace changed them.

Accounts stamps `Workspace.names_changed_at` and queues `understanding.redetect_mentions`.
The task reads the names once, walks the analyses of the last `REDETECT_DAYS` days in
batches (each stored in its own short transaction, the matching done with none open),
rewrites `PostAnalysis.entities` and the `PostMention` rows where they differ, and clears
the stamp only if no newer change arrived meanwhile. Rewritten analyses get a new
`updated_at`, so the dashboard's rollups recount exactly their days; the recount is
queued by name, as measuring comes after this app.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from socialcycle.accounts.models import Workspace
from socialcycle.analysis.entities import find_entities
from socialcycle.analysis.pipeline import prepare
from socialcycle.lib.tasks import enqueue
from socialcycle.understanding.models import PostAnalysis, PostMention
from socialcycle.understanding.services import analysis_context, mentions_of

BATCH_SIZE = 1000
ROLLUP_TASK = "measuring.refresh_workspace_rollups"


def stale_workspaces() -> list[int]:
    """Workspaces whose tracked names changed since their mentions were last found."""
    return list(
        Workspace.objects.filter(names_changed_at__isnull=False)
        .order_by("names_changed_at")
        .values_list("pk", flat=True)
    )


def redetect_mentions(workspace_id: int, *, days: int | None = None) -> int:
    """Find the workspace's tracked names again in its recent posts; returns how many
    analyses changed. Does nothing if its names have not changed."""
    stamp = (
        Workspace.objects.filter(pk=workspace_id).values_list("names_changed_at", flat=True).first()
    )
    if stamp is None:
        return 0
    since = timezone.now() - timedelta(days=days if days is not None else settings.REDETECT_DAYS)
    context = analysis_context(workspace_id)
    changed, after = 0, 0
    while True:
        rows = list(
            PostAnalysis.objects.filter(
                workspace_id=workspace_id, created_at__gte=since, pk__gt=after
            )
            .select_related("post")
            .only("pk", "entities", "workspace_id", "created_at", "post__title", "post__text")
            .order_by("pk")[:BATCH_SIZE]
        )
        if not rows:
            break
        after = rows[-1].pk
        texts = [_analysed_text(row.post.title, row.post.text) for row in rows]
        found = find_entities([item.scan for item in prepare(texts)], context)
        fresh = {
            row.pk: [asdict(entity) for entity in entities]
            for row, entities in zip(rows, found, strict=True)
            if [asdict(entity) for entity in entities] != row.entities
        }
        changed += _store(fresh)
    if changed:
        enqueue(ROLLUP_TASK, workspace_id)
    # Only the change this run started from is done; a newer one keeps the stamp.
    Workspace.objects.filter(pk=workspace_id, names_changed_at=stamp).update(names_changed_at=None)
    return changed


def _analysed_text(title: str, text: str) -> str:
    # The text the analysis read (understanding.services.analyse_texts).
    return f"{title}\n{text}" if title else text


def _write_entities(rows: list[PostAnalysis], now: datetime) -> None:
    """One prepared UPDATE per row (executemany): Django's bulk_update builds a CASE over
    every row per field, which made this 40 times slower than the matching itself."""
    meta = PostAnalysis._meta
    entities, updated_at = meta.get_field("entities"), meta.get_field("updated_at")
    quote = connection.ops.quote_name
    assert meta.pk is not None
    table, pk = quote(meta.db_table), quote(str(meta.pk.column))
    sql = (
        f"UPDATE {table} SET {quote(str(entities.column))} = %s, "  # noqa: S608 (names from the model)
        f"{quote(str(updated_at.column))} = %s WHERE {pk} = %s"
    )
    stamp = updated_at.get_db_prep_save(now, connection)
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [(entities.get_db_prep_save(row.entities, connection), stamp, row.pk) for row in rows],
        )


def _store(fresh: dict[int, list[dict[str, Any]]]) -> int:
    """Write the new entities and mentions of analyses that still exist; returns how many."""
    if not fresh:
        return 0
    now: datetime = timezone.now()
    with transaction.atomic():
        rows = list(
            PostAnalysis.objects.filter(pk__in=fresh).only("pk", "workspace_id", "created_at")
        )
        for row in rows:
            row.entities = fresh[row.pk]
        _write_entities(rows, now)
        PostMention.objects.filter(analysis__in=rows).delete()
        PostMention.objects.bulk_create(
            [mention for row in rows for mention in mentions_of(row)], ignore_conflicts=True
        )
    return len(rows)
