"""What every export's rows are made of: the driver's rows as they come, and times on the
workspace's clock.

Days are the workspace's: the date range is its local days (`Workspace.zone()`: its time
zone, else TIME_ZONE), and every time is written on its clock as ISO 8601 with the offset
(`2026-03-01T23:30:00-08:00`), so the date a row shows is the day the range counted it
in, and the instant is still exact.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, tzinfo
from typing import Any

from django.db import connections
from django.db.models import QuerySet

from socialcycle.understanding.queries import PostFilter

Row = dict[str, Any]


def created_in(rows: QuerySet[Any], post_filter: PostFilter) -> QuerySet[Any]:
    """The rows created within the filter's period (insights, participants)."""
    if post_filter.start is not None:
        rows = rows.filter(created_at__gte=post_filter.start)
    if post_filter.end is not None:
        rows = rows.filter(created_at__lt=post_filter.end)
    return rows


def driver_rows(rows: QuerySet[Any, tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows of a values_list query as the driver returns them.

    Django's conversion of every datetime and JSON value cost more than the query itself
    (as in ladder/funnel.py); `moment` and `parsed_json` do it for the few columns that
    need it: SQLite returns times in UTC without a zone (as datetimes, or ISO text where
    the column type is lost) and JSON as text, PostgreSQL aware datetimes and JSON text.
    """
    sql, params = rows.query.get_compiler(rows.db).as_sql()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        found: list[tuple[Any, ...]] = cursor.fetchall()
    return found


def moment(value: datetime | str | None, zone: tzinfo) -> datetime | None:
    """A stored time (aware, or UTC without a zone as SQLite returns it) on `zone`'s clock."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(zone)


def parsed_json(value: Any, parsed: dict[str, Any]) -> Any:
    if not isinstance(value, str):
        return value
    if value not in parsed:
        parsed[value] = json.loads(value)
    return parsed[value]
