"""The exports through the API: one page at a time, each with a signed cursor to the next."""

from __future__ import annotations

from django.core import signing

from socialcycle.accounts.models import Workspace
from socialcycle.lib.outages import is_outage
from socialcycle.measuring.exports.catalogue import Export
from socialcycle.measuring.exports.rows import Row
from socialcycle.measuring.exports.streams import ExportStoppedError, read_up_to_failure
from socialcycle.understanding.queries import PostFilter

CURSOR_SALT = "socialcycle.measuring.exports.cursor"


class CursorError(ValueError):
    """A cursor this API did not hand out for this export of this workspace."""


def read_page(
    export: Export, workspace: Workspace, post_filter: PostFilter, cursor: str | None, limit: int
) -> tuple[list[Row], str | None]:
    """One API page after `cursor` (None: the first page) and the cursor of the next one,
    None when this page is the last."""
    after = _position(export, workspace, cursor) if cursor else 0
    try:
        rows, size = read_up_to_failure(export, workspace, post_filter, after, limit + 1)
    except ExportStoppedError as stopped:
        if is_outage(stopped.cause):
            raise stopped.cause from None  # the API's 503 with Retry-After (lib/outages.py)
        raise
    if size > limit:  # read whole: one row more than the page says whether another follows
        if len(rows) <= limit:
            return rows, None
        rows = rows[:limit]
    elif len(rows) < size:
        return rows, None
    # Else the rows before one that cannot be read: the next page starts at it, and fails.
    return rows, signing.dumps(
        {"w": workspace.pk, "e": export.name, "after": rows[-1]["id"]}, salt=CURSOR_SALT
    )


def _position(export: Export, workspace: Workspace, cursor: str) -> int:
    try:
        data = signing.loads(cursor, salt=CURSOR_SALT)
    except signing.BadSignature:
        raise CursorError(
            "cursor is not one this API handed out (changed or cut short?): pass next_cursor "
            "back exactly as received, or leave cursor out to start from the first page."
        ) from None
    if data.get("w") != workspace.pk or data.get("e") != export.name:
        raise CursorError(
            f"cursor belongs to another export; use the next_cursor of the {export.name} "
            "export of this workspace."
        )
    after = data.get("after")
    if not isinstance(after, int):
        raise CursorError("cursor has no position; leave cursor out to start again.")
    return after
