"""JSON API router of the acting app, mounted by socialcycle/api.py: insights.

Read with a `read` token; create, change status and attach posts with an
`insights:write` token (its user an analyst or admin). Every write goes through the same
services as the insight page, so the history, the audit log, routing and webhooks follow.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from socialcycle.accounts.api_auth import ScopedToken
from socialcycle.accounts.models import ApiToken
from socialcycle.acting import services
from socialcycle.acting.models import Insight, InsightPost
from socialcycle.lib.api_responses import IN_WORKSPACE, errors
from socialcycle.lib.errors import DomainError
from socialcycle.listening.models import Post
from socialcycle.understanding.models import KIND_CHOICES

router = Router(tags=["insights"])
READ = ScopedToken(ApiToken.Scope.READ)
WRITE = ScopedToken(ApiToken.Scope.INSIGHTS_WRITE)
MAX_LISTED = 500
MAX_POSTS_A_CALL = 1000
KINDS = [value for value, _ in KIND_CHOICES]


class InsightOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    status: str
    team: str | None = Field(..., description="The team's name, if any.")
    owner: str | None = Field(..., description="The owner's username, if any.")
    priority: int = Field(..., description="1 (highest) to 5.")
    due: datetime | None
    decline_reason: str
    decline_alternative: str
    public: bool = Field(..., description="Shown on the public roadmap and changelog.")
    suggested: bool = Field(..., description="Made by the system, not confirmed yet.")
    post_ids: list[int]
    created_at: datetime
    status_changed_at: datetime | None


class InsightList(Schema):
    items: list[InsightOut]


class ListQuery(Schema):
    status: Insight.Status | None = Field(None, description="Only insights in this status.")
    limit: int = Field(100, ge=1, le=MAX_LISTED)


class InsightIn(Schema):
    kind: str = Field(..., description=f"One of: {', '.join(KINDS)}.")
    title: str = Field(..., min_length=1, max_length=300)
    description: str = Field("", max_length=10_000)
    post_ids: list[int] = Field([], max_length=MAX_POSTS_A_CALL)


class StatusIn(Schema):
    status: Insight.Status
    reason: str = Field(
        "", max_length=10_000, description="Required to decline: customers read it."
    )
    alternative: str = Field("", max_length=10_000, description="What to do instead (declining).")


class PostsIn(Schema):
    post_ids: list[int] = Field(..., min_length=1, max_length=MAX_POSTS_A_CALL)


class Attached(Schema):
    insight: InsightOut
    attached: int = Field(..., description="Posts newly attached (already attached: skipped).")


def _token(request: HttpRequest) -> ApiToken:
    token: ApiToken = request.auth  # type: ignore[attr-defined]  # of `slug`, with the scope
    return token


def _insight(token: ApiToken, insight_id: int) -> Insight:
    return get_object_or_404(
        Insight.objects.select_related("team", "owner"), pk=insight_id, workspace=token.workspace
    )


def _posts(token: ApiToken, post_ids: list[int]) -> list[Post]:
    """The workspace's posts of `post_ids`; any id that is not one of them is a 400."""
    posts = list(Post.objects.filter(workspace=token.workspace, pk__in=post_ids))
    missing = sorted(set(post_ids) - {post.pk for post in posts})
    if missing:
        shown = ", ".join(map(str, missing[:10])) + ("…" if len(missing) > 10 else "")
        raise HttpError(400, f"post_ids: no post of this workspace has the id {shown}.")
    return posts


def _post_ids(insights: list[Insight]) -> dict[int, list[int]]:
    """Each insight's supporting post ids, in one query for a whole page."""
    found: dict[int, list[int]] = {insight.pk: [] for insight in insights}
    pairs = InsightPost.objects.filter(insight__in=insights).order_by("post_id")
    for insight_id, post_id in pairs.values_list("insight_id", "post_id"):
        found[insight_id].append(post_id)
    return found


def _out(insight: Insight, post_ids: list[int] | None = None) -> dict[str, Any]:
    if post_ids is None:
        post_ids = _post_ids([insight])[insight.pk]
    return {
        "id": insight.pk,
        "kind": insight.kind,
        "title": insight.title,
        "description": insight.description,
        "status": insight.status,
        "team": insight.team.name if insight.team else None,
        "owner": insight.owner.username if insight.owner else None,
        "priority": insight.priority,
        "due": insight.sla_due_at,
        "decline_reason": insight.decline_reason,
        "decline_alternative": insight.decline_alternative,
        "public": insight.is_public,
        "suggested": insight.suggested,
        "post_ids": post_ids,
        "created_at": insight.created_at,
        "status_changed_at": insight.status_changed_at,
    }


@router.get(
    "/workspaces/{slug}/insights",
    response={200: InsightList, **errors(*IN_WORKSPACE)},
    auth=READ,
    summary="List insights, newest first",
)
def list_insights(request: HttpRequest, slug: str, query: Query[ListQuery]) -> dict[str, Any]:
    """Insights that were not merged into another, newest first (at most 500 a call; the
    exports API pages through all of them)."""
    insights = Insight.objects.filter(workspace=_token(request).workspace, merged_into=None)
    if query.status is not None:
        insights = insights.filter(status=query.status)
    chosen = list(
        insights.select_related("team", "owner").order_by("-created_at", "-pk")[: query.limit]
    )
    post_ids = _post_ids(chosen)
    return {"items": [_out(insight, post_ids[insight.pk]) for insight in chosen]}


@router.get(
    "/workspaces/{slug}/insights/{insight_id}",
    response={200: InsightOut, **errors(*IN_WORKSPACE)},
    auth=READ,
    summary="Read one insight",
)
def read_insight(request: HttpRequest, slug: str, insight_id: int) -> dict[str, Any]:
    return _out(_insight(_token(request), insight_id))


@router.post(
    "/workspaces/{slug}/insights",
    response={201: InsightOut, **errors(400, *IN_WORKSPACE)},
    auth=WRITE,
    summary="Create an insight, with its supporting posts (insights:write)",
)
def create_insight(request: HttpRequest, slug: str, payload: InsightIn) -> Status[Any]:
    """A new insight; the posts given are attached at once, which routes it by the
    workspace's rules as the page does."""
    token = _token(request)
    if payload.kind not in KINDS:
        raise HttpError(400, f"kind: “{payload.kind}” is not one of {', '.join(KINDS)}.")
    posts = _posts(token, payload.post_ids)
    with transaction.atomic():
        insight = services.create_insight(
            token.workspace,
            kind=payload.kind,
            title=payload.title.strip(),
            description=payload.description,
            by=token.user,
        )
        services.attach_posts(insight, posts, by=token.user)
    return Status(201, _out(_insight(token, insight.pk)))


@router.post(
    "/workspaces/{slug}/insights/{insight_id}/status",
    response={200: InsightOut, **errors(400, *IN_WORKSPACE)},
    auth=WRITE,
    summary="Change an insight's status (insights:write)",
)
def change_status(
    request: HttpRequest, slug: str, insight_id: int, payload: StatusIn
) -> dict[str, Any]:
    """Move it along new → acknowledged → planned → in progress → done, or declined (with
    the reason customers will read, and an alternative). Everyone behind it is told."""
    token = _token(request)
    insight = _insight(token, insight_id)
    try:
        services.change_insight_status(
            insight,
            payload.status,
            by=token.user,
            decline_reason=payload.reason,
            decline_alternative=payload.alternative,
        )
    except DomainError as error:
        raise HttpError(400, error.message) from None
    return _out(_insight(token, insight_id))


@router.post(
    "/workspaces/{slug}/insights/{insight_id}/posts",
    response={200: Attached, **errors(400, *IN_WORKSPACE)},
    auth=WRITE,
    summary="Attach supporting posts to an insight (insights:write)",
)
def attach_posts(
    request: HttpRequest, slug: str, insight_id: int, payload: PostsIn
) -> dict[str, Any]:
    token = _token(request)
    insight = _insight(token, insight_id)
    attached = services.attach_posts(insight, _posts(token, payload.post_ids), by=token.user)
    return {"insight": _out(_insight(token, insight_id)), "attached": attached}
