"""An export written out: its rows read in keyset pages and streamed as CSV or JSON Lines,
ending with a line that says so when it could not finish.

Every export reads the database in keyset pages (`WHERE id > last ORDER BY id LIMIT n`),
and each page's extras (kinds, counts, stages, handles) come from one query per page, so
a million rows stream in the memory of one page. The API serves the same pages
(`cursors.py`).

CSV cells are written for spreadsheets: a text cell that starts with `=`, `+`, `-`, `@`,
a tab or a carriage return gets a leading `'`, so a post reading `=HYPERLINK(…)` is shown
as text instead of being run as a formula (OWASP's "CSV injection"). Numbers are written
as numbers. JSON Lines carries every value as it is.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from socialcycle.accounts.models import Workspace
from socialcycle.lib.outages import is_outage
from socialcycle.lib.spreadsheet import csv_cell, csv_text
from socialcycle.measuring.exports.catalogue import Export, Format
from socialcycle.measuring.exports.rows import Row
from socialcycle.understanding.queries import PostFilter

CHUNK_SIZE = 2000
logger = logging.getLogger(__name__)


class ExportStoppedError(Exception):
    """The row after id `after` could not be read, so the export cannot go past it."""

    def __init__(self, after: int, cause: BaseException) -> None:
        self.after = after
        self.cause = cause
        reason = f"{type(cause).__name__}: {str(cause).strip()[:200]}"
        if is_outage(cause):
            advice = "the database stopped answering; export again in a moment."
        else:
            advice = (
                "a stored value breaks today's rules: `socialcycle check-data` finds it and "
                "`socialcycle check-data --repair` mends it; then export again."
            )
        super().__init__(f"the row after id {after} could not be read ({reason}): {advice}")


def pages(
    export: Export,
    workspace: Workspace,
    post_filter: PostFilter,
    *,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[list[Row]]:
    """The export's rows in id order, one keyset page at a time, up to a row that cannot be
    read (ExportStoppedError says where)."""
    after = 0
    while True:
        page, size = read_up_to_failure(export, workspace, post_filter, after, chunk_size)
        if page:
            yield page
        if len(page) < size:
            return
        after = page[-1]["id"]


def read_up_to_failure(
    export: Export, workspace: Workspace, post_filter: PostFilter, after: int, size: int
) -> tuple[list[Row], int]:
    """`export.read` of `size` rows after `after`, and the size read. A read that fails is
    tried again with half as many rows, so every row before one that cannot be read is
    still given; ExportStoppedError when even the next row alone fails, or the database is out."""
    # Downloads run in autocommit (no ATOMIC_REQUESTS), so a query the database refused
    # does not stop the smaller ones that follow; the known unreadable value (year 10000)
    # fails in the driver, after PostgreSQL answered, and leaves even a transaction usable.
    while True:
        try:
            return export.read(workspace, post_filter, after, size), size
        except Exception as error:
            if size == 1 or is_outage(error):
                raise ExportStoppedError(after, error) from error
            size //= 2


def stream(
    export: Export,
    workspace: Workspace,
    post_filter: PostFilter,
    fmt: Format,
    *,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[str]:
    """The export as text, one piece per page (the CSV header first). An export that
    cannot finish ends with a line that says so (`incomplete_notice`): the answer's status
    was sent with its first page, so the file itself must tell."""
    if fmt is Format.CSV:
        yield csv_text([export.columns])
    written = 0
    try:
        for page in pages(export, workspace, post_filter, chunk_size=chunk_size):
            if fmt is Format.CSV:
                # Rows are built in column order (the tests hold every export to it).
                yield csv_text([csv_cell(value) for value in row.values()] for row in page)
            else:
                yield "".join(json_line(row) for row in page)
            written += len(page)
    except Exception as error:  # whatever stops it, the file must not end as if complete
        logger.exception(
            "The %s export of %s stopped after %d rows", export.name, workspace, written
        )
        yield incomplete_notice(fmt, written, error)


INCOMPLETE = "EXPORT INCOMPLETE"


def incomplete_notice(fmt: Format, written: int, error: Exception) -> str:
    """The last line of an export that could not finish: a one-cell CSV row, or a JSON
    line with `export_incomplete` (never a key of a row), saying how far it got and why."""
    if isinstance(error, ExportStoppedError):
        reason = str(error)
    else:
        reason = f"it failed ({type(error).__name__}; the server's log has the details)"
    detail = f"{written} rows were written, then {reason}"
    if fmt is Format.CSV:
        return csv_text([[f"{INCOMPLETE}: {detail}"]])
    notice = {"export_incomplete": True, "rows_written": written, "detail": detail}
    return json_line(notice)


def json_line(row: Row) -> str:
    return json.dumps(row, ensure_ascii=False, default=_json_value, separators=(",", ":")) + "\n"


def _json_value(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def file_name(workspace: Workspace, export: Export, fmt: Format, today: date) -> str:
    return f"{workspace.slug}-{export.name}-{today.isoformat()}.{fmt.value}"
