"""Exports of a workspace: posts with their analysis, insights with their counts, and
participants with their ladder stage, as CSV or JSON Lines.

Days are the workspace's: the date range is its local days (`Workspace.zone()`: its time
zone, else TIME_ZONE), and every time is written on its clock as ISO 8601 with the offset
(`2026-03-01T23:30:00-08:00`), so the date a row shows is the day the range counted it
in, and the instant is still exact.

Every export reads the database in keyset pages (`WHERE id > last ORDER BY id LIMIT n`),
and each page's extras (kinds, counts, stages, handles) come from one query per page, so
a million rows stream in the memory of one page. The API serves the same pages.

The rows are chosen by the one post filter (understanding/queries.py), read from the
Posts page's own GET parameters (`parse_export_filter`), so "export these posts" takes
the posts that page shows. Insights and participants take only its period and channels.

CSV cells are written for spreadsheets: a text cell that starts with `=`, `+`, `-`, `@`,
a tab or a carriage return gets a leading `'`, so a post reading `=HYPERLINK(…)` is shown
as text instead of being run as a formula (OWASP's "CSV injection"). Numbers are written
as numbers. JSON Lines carries every value as it is.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime, tzinfo
from enum import StrEnum
from typing import Any

from django.core import signing
from django.db import connections
from django.db.models import Count, Exists, Min, OuterRef, QuerySet
from django.utils import timezone

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.models import Role, User, Workspace
from socialcycle.acting.models import Insight, InsightPost
from socialcycle.community.models import Vote
from socialcycle.lib.outages import is_outage
from socialcycle.lib.spreadsheet import csv_cell, csv_text
from socialcycle.listening.models import Identity, Participant, Post
from socialcycle.measuring.ladder import highest_stages
from socialcycle.understanding.models import PostKind
from socialcycle.understanding.queries import (
    FILTER_PARAMETERS,
    SPAM_HIDE,
    FilterError,
    ParsedFilter,
    PostFilter,
    filter_posts,
    parse_post_filter,
)

CHUNK_SIZE = 2000
# Who may see people's e-mail addresses and customer ids, and so export participants.
PERSONAL_DATA_ROLE = Role.ANALYST
CURSOR_SALT = "socialcycle.measuring.exports.cursor"

logger = logging.getLogger(__name__)

Row = dict[str, Any]


class Format(StrEnum):
    CSV = "csv"
    JSONL = "jsonl"

    @property
    def content_type(self) -> str:
        if self is Format.CSV:
            return "text/csv; charset=utf-8"
        return "application/x-ndjson; charset=utf-8"


PageReader = Callable[[Workspace, PostFilter, int, int], list[Row]]
# The filter parameters that narrow insights and participants too: the period and the
# channel. The rest (sentiment, product, words, …) say which posts, so only the posts
# export takes them; another export refuses them rather than ignore them.
PERIOD_AND_CHANNEL = ("since", "until", "day", "channel")


@dataclass(frozen=True)
class Export:
    """One kind of export: its columns, the role it needs, and how to read one page."""

    name: str
    title: str
    description: str
    columns: tuple[str, ...]
    role: str
    read: PageReader  # (workspace, filter, after id, limit) -> rows in id order
    parameters: tuple[str, ...]  # the filter parameters it takes (understanding/queries.py)

    def allowed_for(self, role: str) -> bool:
        return Role.rank(role) >= Role.rank(self.role)


def parse_export_filter(
    workspace: Workspace, export: Export, params: Mapping[str, Any]
) -> ParsedFilter:
    """The export's filter from GET parameters, read as the Posts page reads them
    (`parse_post_filter`), so its link carries the same posts here; a parameter the
    export does not take is an error naming it."""
    parsed = parse_post_filter(workspace, params)
    takes = ", ".join(export.parameters)
    refused = [
        FilterError(name, ", ".join(values), f"narrows posts only; {export.name} take {takes}")
        for name, values in parsed.given.items()
        if name not in export.parameters
    ]
    return replace(parsed, errors=[*parsed.errors, *refused])


def _created_in(rows: QuerySet[Any], post_filter: PostFilter) -> QuerySet[Any]:
    if post_filter.start is not None:
        rows = rows.filter(created_at__gte=post_filter.start)
    if post_filter.end is not None:
        rows = rows.filter(created_at__lt=post_filter.end)
    return rows


# Posts ----------------------------------------------------------------------------------

POST_COLUMNS = (
    "id",
    "source",
    "channel",
    "external_id",
    "author_id",
    "author_handle",
    "created_at",
    "title",
    "text",
    "url",
    "rating",
    "language",
    "analysed_at",
    "sentiment",
    "sentiment_score",
    "emotion",
    "primary_kind",
    "kinds",
    "topic",
    "urgency",
    "urgency_reasons",
    "toxicity",
    "is_abusive",
    "model_versions",
)


def read_posts(workspace: Workspace, post_filter: PostFilter, after: int, limit: int) -> list[Row]:
    zone = workspace.zone()
    posts = filter_posts(workspace, post_filter).filter(id__gt=after)
    found = _driver_rows(
        posts.order_by("id").values_list(
            "id",
            "source__name",
            "channel",
            "external_id",
            "author_id",
            "author_handle",
            "created_at",
            "title",
            "text",
            "url",
            "rating",
            "language",
            "analysis__id",
            "analysis__language",
            "analysis__analysed_at",
            "analysis__sentiment",
            "analysis__sentiment_score",
            "analysis__emotion",
            "analysis__primary_kind",
            "analysis__topic__label",
            "analysis__urgency",
            "analysis__urgency_reasons",
            "analysis__toxicity",
            "analysis__is_abusive",
            "analysis__model_versions",
        )[:limit]
    )
    kinds = _kinds([row[12] for row in found if row[12] is not None])
    # Most rows share their model versions and urgency reasons: parse each text once a page.
    parsed: dict[str, Any] = {}
    rows = []
    for (
        post_id,
        source,
        channel,
        external_id,
        author_id,
        author_handle,
        created_at,
        title,
        text,
        url,
        rating,
        language,
        analysis_id,
        analysis_language,
        analysed_at,
        sentiment,
        sentiment_score,
        emotion,
        primary_kind,
        topic,
        urgency,
        urgency_reasons,
        toxicity,
        is_abusive,
        model_versions,
    ) in found:
        rows.append(
            {
                "id": post_id,
                "source": source,
                "channel": channel,
                "external_id": external_id,
                "author_id": author_id,
                "author_handle": author_handle,
                "created_at": _moment(created_at, zone),
                "title": title,
                "text": text,
                "url": url,
                "rating": rating,
                "language": analysis_language or language,
                "analysed_at": _moment(analysed_at, zone),
                "sentiment": sentiment or None,
                "sentiment_score": sentiment_score,
                "emotion": emotion or None,
                "primary_kind": primary_kind or None,
                "kinds": kinds.get(analysis_id, []),
                "topic": topic,
                "urgency": urgency,
                "urgency_reasons": _json(urgency_reasons, parsed) or [],
                "toxicity": toxicity,
                "is_abusive": None if is_abusive is None else bool(is_abusive),
                "model_versions": _json(model_versions, parsed) or {},
            }
        )
    return rows


def _driver_rows(rows: QuerySet[Any, tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows of a values_list query as the driver returns them.

    Django's conversion of every datetime and JSON value cost more than the query itself
    (as in measuring/ladder.py); `_moment` and `_json` do it for the few columns that
    need it: SQLite returns times in UTC without a zone (as datetimes, or ISO text where
    the column type is lost) and JSON as text, PostgreSQL aware datetimes and JSON text.
    """
    sql, params = rows.query.get_compiler(rows.db).as_sql()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        found: list[tuple[Any, ...]] = cursor.fetchall()
    return found


def _moment(value: datetime | str | None, zone: tzinfo) -> datetime | None:
    """A stored time (aware, or UTC without a zone as SQLite returns it) on `zone`'s clock."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(zone)


def _json(value: Any, parsed: dict[str, Any]) -> Any:
    if not isinstance(value, str):
        return value
    if value not in parsed:
        parsed[value] = json.loads(value)
    return parsed[value]


def _kinds(analysis_ids: list[int]) -> dict[int, list[str]]:
    """Each analysis's feedback kinds, most confident first."""
    kinds: dict[int, list[str]] = defaultdict(list)
    pairs = (
        PostKind.objects.filter(analysis_id__in=analysis_ids)
        .order_by("analysis_id", "-confidence", "kind")
        .values_list("analysis_id", "kind")
    )
    for analysis_id, kind in pairs:
        kinds[analysis_id].append(kind)
    return kinds


# Insights -------------------------------------------------------------------------------

INSIGHT_COLUMNS = (
    "id",
    "title",
    "kind",
    "status",
    "team",
    "owner",
    "priority",
    "sla_due_at",
    "overdue",
    "is_public",
    "suggested",
    "topic",
    "posts_count",
    "people_count",
    "votes_count",
    "decline_reason",
    "merged_into_id",
    "created_at",
    "status_changed_at",
)


def read_insights(
    workspace: Workspace, post_filter: PostFilter, after: int, limit: int
) -> list[Row]:
    """Insights created in the filter's period and, where it names channels, with a
    supporting post on one of them."""
    insights = _created_in(Insight.objects.filter(workspace=workspace, id__gt=after), post_filter)
    if post_filter.channels:
        on_channel = InsightPost.objects.filter(
            insight=OuterRef("pk"), post__channel__in=post_filter.channels
        )
        insights = insights.filter(Exists(on_channel))
    found = list(
        insights.order_by("id").values(
            "id",
            "title",
            "kind",
            "status",
            "team__name",
            "owner__username",
            "priority",
            "sla_due_at",
            "is_public",
            "suggested",
            "topic__label",
            "decline_reason",
            "merged_into_id",
            "created_at",
            "status_changed_at",
        )[:limit]
    )
    ids = [row["id"] for row in found]
    support: dict[int, tuple[int, int]] = {
        insight_id: (posts, people)
        for insight_id, posts, people in InsightPost.objects.filter(insight_id__in=ids)
        .values("insight_id")
        .annotate(posts=Count("id"), people=Count("post__author", distinct=True))
        .order_by()
        .values_list("insight_id", "posts", "people")
    }
    votes = dict(
        Vote.objects.filter(kind=Vote.Kind.IDEA, post__insightpost__insight_id__in=ids)
        .values("post__insightpost__insight_id")
        .annotate(votes=Count("id"))
        .order_by()
        .values_list("post__insightpost__insight_id", "votes")
    )
    now, zone = timezone.now(), workspace.zone()
    closed = set(Insight.CLOSED_STATUSES)
    return [
        {
            "id": row["id"],
            "title": row["title"],
            "kind": row["kind"],
            "status": row["status"],
            "team": row["team__name"],
            "owner": row["owner__username"],
            "priority": row["priority"],
            "sla_due_at": _moment(row["sla_due_at"], zone),
            "overdue": row["sla_due_at"] is not None
            and row["status"] not in closed
            and now > row["sla_due_at"],
            "is_public": row["is_public"],
            "suggested": row["suggested"],
            "topic": row["topic__label"],
            "posts_count": support.get(row["id"], (0, 0))[0],
            "people_count": support.get(row["id"], (0, 0))[1],
            "votes_count": votes.get(row["id"], 0),
            "decline_reason": row["decline_reason"],
            "merged_into_id": row["merged_into_id"],
            "created_at": _moment(row["created_at"], zone),
            "status_changed_at": _moment(row["status_changed_at"], zone),
        }
        for row in found
    ]


# Participants ---------------------------------------------------------------------------

PARTICIPANT_COLUMNS = (
    "id",
    "display_name",
    "email",
    "customer_id",
    "channels",
    "handles",
    "influence",
    "ladder_stage",
    "first_seen",
    "first_post_at",
    "posts_count",
)


def read_participants(
    workspace: Workspace, post_filter: PostFilter, after: int, limit: int
) -> list[Row]:
    """The people still standing on their own (those merged into another are folded into
    that one, with their posts, handles and events), first seen in the filter's period
    and, where it names channels, with a handle on one of them."""
    people = _created_in(
        Participant.objects.filter(workspace=workspace, merged_into__isnull=True, id__gt=after),
        post_filter,
    )
    if post_filter.channels:
        on_channel = Identity.objects.filter(
            participant=OuterRef("pk"), channel__in=post_filter.channels
        )
        people = people.filter(Exists(on_channel))
    found = list(
        people.order_by("id").values(
            "id", "display_name", "email", "customer_id", "influence", "created_at"
        )[:limit]
    )
    ids, zone = [row["id"] for row in found], workspace.zone()
    stages = highest_stages(ids)
    handles: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for participant_id, channel, handle in (
        Identity.objects.filter(participant_id__in=ids)
        .order_by("participant_id", "channel", "handle")
        .values_list("participant_id", "channel", "handle")
    ):
        handles[participant_id].append((channel, handle))
    posts: dict[int, tuple[int, datetime]] = {
        author_id: (count, first)
        for author_id, count, first in Post.objects.filter(author_id__in=ids)
        .values("author_id")
        .annotate(count=Count("id"), first=Min("created_at"))
        .order_by()
        .values_list("author_id", "count", "first")
    }
    return [
        {
            "id": row["id"],
            "display_name": row["display_name"],
            "email": row["email"],
            "customer_id": row["customer_id"],
            "channels": sorted({channel for channel, _ in handles.get(row["id"], [])}),
            "handles": [f"{channel}:{handle}" for channel, handle in handles.get(row["id"], [])],
            "influence": row["influence"],
            "ladder_stage": stages.get(row["id"]),
            "first_seen": _moment(row["created_at"], zone),
            "first_post_at": _moment(posts[row["id"]][1], zone) if row["id"] in posts else None,
            "posts_count": posts[row["id"]][0] if row["id"] in posts else 0,
        }
        for row in found
    ]


# The three exports ----------------------------------------------------------------------

POSTS = Export(
    name="posts",
    title="Posts with their analysis",
    description="Every post: where and when it was said, by whom, and what the analysis "
    "found (sentiment, feedback kinds, topic, urgency, abuse, model versions).",
    columns=POST_COLUMNS,
    role=Role.VIEWER,
    read=read_posts,
    parameters=FILTER_PARAMETERS,
)
INSIGHTS = Export(
    name="insights",
    title="Insights",
    description="Every insight: status, team, owner, SLA, supporting posts, people and votes.",
    columns=INSIGHT_COLUMNS,
    role=Role.VIEWER,
    read=read_insights,
    parameters=PERIOD_AND_CHANNEL,
)
PARTICIPANTS = Export(
    name="participants",
    title="Participants with their ladder stage",
    description="Every person: name, e-mail, customer id, handles, influence, ladder stage, "
    "first seen and posts. Personal data: analysts and admins only.",
    columns=PARTICIPANT_COLUMNS,
    role=PERSONAL_DATA_ROLE,
    read=read_participants,
    parameters=PERIOD_AND_CHANNEL,
)
EXPORTS: dict[str, Export] = {export.name: export for export in (POSTS, INSIGHTS, PARTICIPANTS)}


# Pages and streams ----------------------------------------------------------------------


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
        page, size = _read_up_to_failure(export, workspace, post_filter, after, chunk_size)
        if page:
            yield page
        if len(page) < size:
            return
        after = page[-1]["id"]


def _read_up_to_failure(
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


# API pages ------------------------------------------------------------------------------


class CursorError(ValueError):
    """A cursor this API did not hand out for this export of this workspace."""


def read_page(
    export: Export, workspace: Workspace, post_filter: PostFilter, cursor: str | None, limit: int
) -> tuple[list[Row], str | None]:
    """One API page after `cursor` (None: the first page) and the cursor of the next one,
    None when this page is the last."""
    after = _position(export, workspace, cursor) if cursor else 0
    try:
        rows, size = _read_up_to_failure(export, workspace, post_filter, after, limit + 1)
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


# Audit ----------------------------------------------------------------------------------


def record_export(
    workspace: Workspace, user: User | None, export: Export, fmt: str, post_filter: PostFilter
) -> None:
    """Log an export of personal data in the audit log (who took which people, when)."""
    if export.role != PERSONAL_DATA_ROLE:
        return
    record_change(
        workspace,
        user,
        "export_participants",
        "export",
        export.name,
        after={"format": fmt, **_described(post_filter)},
    )


def _described(post_filter: PostFilter) -> dict[str, str]:
    """The filter's narrowing fields as text (the period as instants, lists joined)."""
    described = {}
    for name, value in asdict(post_filter).items():
        if value is None or value in ("", ()):
            continue
        if name == "spam" and value == SPAM_HIDE:  # the default: said only when changed
            continue
        if isinstance(value, datetime):
            described[name] = value.isoformat()
        elif isinstance(value, tuple):
            described[name] = ", ".join(map(str, value))
        else:
            described[name] = str(value)
    return described
