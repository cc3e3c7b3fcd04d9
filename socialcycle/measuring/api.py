"""JSON API of the measuring app: the dashboard's summary and the exports, a page at a time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from socialcycle.accounts.api_auth import ScopedToken, StaffSession
from socialcycle.accounts.models import ApiToken, Membership
from socialcycle.analysis.labels import FEEDBACK_KIND_LABELS, SENTIMENT_LABELS
from socialcycle.lib.api_responses import IN_WORKSPACE, errors
from socialcycle.listening.models import Channel
from socialcycle.measuring.dashboard import queries
from socialcycle.measuring.dashboard import sections as dashboard
from socialcycle.measuring.dashboard.filters import Scope, home_window
from socialcycle.measuring.exports.audit import record_export
from socialcycle.measuring.exports.catalogue import (
    INSIGHTS,
    PARTICIPANTS,
    POSTS,
    Export,
    parse_export_filter,
)
from socialcycle.measuring.exports.cursors import CursorError, read_page
from socialcycle.measuring.exports.streams import ExportStoppedError

router = Router(tags=["measuring"])


class SummaryOut(Schema):
    workspace: str
    since: str = Field(
        ..., description="The period's first day (YYYY-MM-DD), in the workspace's time zone."
    )
    until: str = Field(..., description="Its last day, included.")
    posts: int
    analysed: int
    participants: int = Field(..., description="People who posted in the period.")
    posts_by_channel: dict[str, int]
    posts_by_sentiment: dict[str, int]


@router.get(
    "/workspaces/{slug}/summary",
    response={200: SummaryOut, **errors(*IN_WORKSPACE)},
    auth=StaffSession(),
)
def workspace_summary(request: HttpRequest, slug: str) -> SummaryOut:
    """Counts for the last 90 days, as the dashboard shows them: posts, analysed posts,
    people who posted in the period, posts by channel and sentiment. The days are the
    workspace's own (its time zone, else the server's TIME_ZONE): `since` and `until` are
    its first and last day there, both included."""
    membership: Membership = request.auth  # type: ignore[attr-defined]
    workspace = membership.workspace
    since, until = home_window(timezone.now(), workspace.zone())
    overview = dashboard.overview(Scope(workspace, since, until))
    by_channel = queries.posts_per_day_by_channel(workspace, since, until)
    by_sentiment = queries.posts_per_day_by_sentiment(workspace, since, until)
    return SummaryOut(
        workspace=workspace.slug,
        since=overview.since.isoformat(),
        until=overview.until.isoformat(),
        posts=overview.posts,
        analysed=overview.analysed,
        participants=overview.participants,
        posts_by_channel={label: sum(v) for label, v in by_channel.counts.items()},
        posts_by_sentiment={label: sum(v) for label, v in by_sentiment.counts.items()},
    )


# Exports: the same rows as the CSV/JSONL downloads, one page at a time ------------------


class ExportQuery(Schema):
    """A page, and the filters of the Posts page under its parameter names. The filters
    are declared here for /api/docs and read from the query string exactly as that page
    reads them (`parse_export_filter`): a value it refuses is a 400 naming the
    parameter, where a type here would have said 422 in other words."""

    cursor: str | None = Field(
        None, description="`next_cursor` of the previous page; leave out for the first page."
    )
    limit: int = Field(100, ge=1, le=1000, description="Rows per page, at most 1,000.")
    since: str | None = Field(
        None, description="First day, YYYY-MM-DD (created on or after; the workspace's days)."
    )
    until: str | None = Field(None, description="Last day, YYYY-MM-DD, inclusive.")
    day: str | None = Field(None, description="One day, YYYY-MM-DD (instead of since/until).")
    channel: list[str] = Field(
        [], description=f"Only rows of these channels: {', '.join(Channel.values)}."
    )
    source: list[str] = Field([], description="Posts only: of these sources (ids).")
    sentiment: list[str] = Field([], description=f"Posts only: {', '.join(SENTIMENT_LABELS)}.")
    kind: list[str] = Field(
        [], description=f"Posts only: with any of these kinds: {', '.join(FEEDBACK_KIND_LABELS)}."
    )
    topic: list[str] = Field([], description="Posts only: of these topics (ids).")
    product: list[str] = Field([], description="Posts only: naming these tracked products.")
    language: list[str] = Field([], description="Posts only: in these languages (en, pt-br).")
    author: str | None = Field(None, description="Posts only: by this handle.")
    person: list[str] = Field([], description="Posts only: by these people (ids).")
    has_reply: str | None = Field(None, description="Posts only: yes or no.")
    q: str | None = Field(None, description="Posts only: containing these words (search).")
    spam: str | None = Field(
        None, description="Posts only: hide (the default), include or only (spam posts)."
    )


class PostRow(Schema):
    id: int
    source: str
    channel: str
    external_id: str
    author_id: int | None
    author_handle: str
    created_at: datetime
    title: str
    text: str
    url: str
    rating: int | None
    language: str
    analysed_at: datetime | None = Field(..., description="None: not analysed yet.")
    sentiment: str | None
    sentiment_score: float | None = Field(..., description="-1 (negative) to 1 (positive).")
    emotion: str | None
    primary_kind: str | None
    kinds: list[str] = Field(..., description="Every feedback kind found, most confident first.")
    topic: str | None
    urgency: float | None = Field(..., description="0 to 1.")
    urgency_reasons: list[str]
    toxicity: float | None
    is_abusive: bool | None
    model_versions: dict[str, str]


class InsightRow(Schema):
    id: int
    title: str
    kind: str
    status: str
    team: str | None
    owner: str | None = Field(..., description="The owner's user name.")
    priority: int
    sla_due_at: datetime | None
    overdue: bool
    is_public: bool
    suggested: bool
    topic: str | None
    posts_count: int = Field(..., description="Supporting posts.")
    people_count: int = Field(..., description="Distinct authors of the supporting posts.")
    votes_count: int = Field(..., description="Idea votes on the supporting posts.")
    decline_reason: str
    merged_into_id: int | None
    created_at: datetime
    status_changed_at: datetime | None


class ParticipantRow(Schema):
    id: int
    display_name: str
    email: str
    customer_id: str
    channels: list[str]
    handles: list[str] = Field(..., description='"channel:handle" for each identity.')
    influence: float = Field(..., description="0 to 100.")
    ladder_stage: str | None = Field(..., description="The highest stage reached, if any.")
    first_seen: datetime = Field(..., description="When socialcycle first recorded the person.")
    first_post_at: datetime | None
    posts_count: int


class PostPage(Schema):
    items: list[PostRow]
    next_cursor: str | None = Field(..., description="None on the last page.")


class InsightPage(Schema):
    items: list[InsightRow]
    next_cursor: str | None = Field(..., description="None on the last page.")


class ParticipantPage(Schema):
    items: list[ParticipantRow]
    next_cursor: str | None = Field(..., description="None on the last page.")


def _export_page(
    request: HttpRequest, slug: str, export: Export, query: ExportQuery
) -> dict[str, Any]:
    """One page of `export` for the token's workspace, with the role the export needs."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]  # of `slug`, with the role
    parsed = parse_export_filter(token.workspace, export, request.GET)
    if parsed.errors:
        raise HttpError(400, "; ".join(map(str, parsed.errors)))
    if query.cursor is None:
        record_export(token.workspace, token.user, export, "api", parsed.filter)
    try:
        rows, next_cursor = read_page(
            export, token.workspace, parsed.filter, query.cursor, query.limit
        )
    except CursorError as error:
        raise HttpError(400, str(error)) from None
    except ExportStoppedError as stopped:
        raise HttpError(500, f"Cannot give this page: {stopped}") from None
    return {"items": rows, "next_cursor": next_cursor}


EXPORT_RESPONSES = errors(400, *IN_WORKSPACE, 500)
READ = ScopedToken(ApiToken.Scope.READ)


@router.get(
    "/workspaces/{slug}/exports/posts",
    response={200: PostPage, **EXPORT_RESPONSES},
    auth=READ,
    summary="Export posts with their analysis, a page at a time",
)
def export_posts(request: HttpRequest, slug: str, query: Query[ExportQuery]) -> dict[str, Any]:
    """Posts in id order with sentiment, kinds, topic, urgency, abuse and model versions."""
    return _export_page(request, slug, POSTS, query)


@router.get(
    "/workspaces/{slug}/exports/insights",
    response={200: InsightPage, **EXPORT_RESPONSES},
    auth=READ,
    summary="Export insights, a page at a time",
)
def export_insights(request: HttpRequest, slug: str, query: Query[ExportQuery]) -> dict[str, Any]:
    """Insights in id order with status, team, owner, SLA and supporting posts, people, votes."""
    return _export_page(request, slug, INSIGHTS, query)


@router.get(
    "/workspaces/{slug}/exports/participants",
    response={200: ParticipantPage, **EXPORT_RESPONSES},
    auth=ScopedToken(ApiToken.Scope.READ, role=PARTICIPANTS.role),
    summary="Export participants with their ladder stage (analysts and admins)",
)
def export_participants(
    request: HttpRequest, slug: str, query: Query[ExportQuery]
) -> dict[str, Any]:
    """People in id order with e-mail, customer id, handles, influence, ladder stage, posts.
    Personal data: the token's user must be an analyst or admin."""
    return _export_page(request, slug, PARTICIPANTS, query)
