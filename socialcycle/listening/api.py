"""The intake API: any system pushes posts here with a `posts:write` token."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from socialcycle.accounts.api_auth import ScopedToken
from socialcycle.accounts.models import ApiToken
from socialcycle.lib.api_responses import SIGNED, ErrorOut, errors
from socialcycle.listening import commerce
from socialcycle.listening.intake import MAX_BATCH, IntakeError, receive_posts

router = Router(tags=["listening"])

ITEM_FIELDS = (
    "Each item is an object with `external_id`, `text` and `created_at` (ISO 8601 or Unix "
    "seconds), and optionally `title`, `author_handle`, `author_name`, `author_email`, "
    "`author_audience`, `url`, `rating` (1-5), `likes`, `shares`, `parent_external_id`."
)


class IntakeIn(Schema):
    source: str = Field(..., max_length=120, description="The source name; created if new.")
    channel: str = Field("api", description="Channel of a new source (api, social, review, …).")
    posts: list[Any] = Field(..., description=f"1 to {MAX_BATCH} items. {ITEM_FIELDS}")


class ItemOut(Schema):
    external_id: str
    status: str = Field(..., description="created, updated, duplicate, withheld or rejected")
    field: str = ""
    problem: str = ""


class IntakeOut(Schema):
    source: str
    created: int
    updated: int
    duplicates: int
    withheld: int = Field(..., description="Posts by people erased on request, not stored.")
    rejected: int
    results: list[ItemOut]


@router.post(
    "/posts",
    response={200: IntakeOut, **errors(400, *SIGNED)},
    auth=ScopedToken(ApiToken.Scope.POSTS_WRITE),
    summary="Push posts into a source",
)
def push_posts(request: HttpRequest, payload: IntakeIn) -> Status[IntakeOut | ErrorOut]:
    """Store up to 1,000 posts; idempotent on (source, external_id); one result per item."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    try:
        result = receive_posts(
            token.workspace,
            source_name=payload.source,
            channel=payload.channel,
            items=payload.posts,
        )
    except IntakeError as error:
        return Status(400, ErrorOut(detail=str(error)))
    return Status(
        200,
        IntakeOut(
            source=result.source.name,
            created=result.count("created"),
            updated=result.count("updated"),
            duplicates=result.count("duplicate"),
            withheld=result.count("withheld"),
            rejected=result.count("rejected"),
            results=[ItemOut(**vars(item)) for item in result.results],
        ),
    )


EVENT_FIELDS = (
    "Each item is an object with `event_id` (its id in your system; sending it again "
    "changes nothing), `stage` (trial, purchase or advocacy), `occurred_at` (ISO 8601 or "
    "Unix seconds), and `email` or `customer_id` (or both) naming who; optionally `action` "
    "(such as subscription, referral, testimonial; default: the stage) and `name`. Other "
    "fields (amount, currency, product, …) are kept with the event."
)


class EventsIn(Schema):
    events: list[Any] = Field(..., description=f"1 to {commerce.MAX_BATCH} items. {EVENT_FIELDS}")


class EventItemOut(Schema):
    event_id: str
    status: str = Field(..., description="created, existing, duplicate or rejected")
    participant_id: int | None = None
    field: str = ""
    problem: str = ""


class EventsOut(Schema):
    created: int
    existing: int
    duplicates: int
    rejected: int
    participants_created: int
    results: list[EventItemOut]


@router.post(
    "/events",
    response={200: EventsOut, **errors(400, *SIGNED)},
    auth=ScopedToken(ApiToken.Scope.POSTS_WRITE),
    summary="Push commerce and CRM events (trial, purchase, advocacy)",
)
def push_events(request: HttpRequest, payload: EventsIn) -> Status[EventsOut | ErrorOut]:
    """Record up to 1,000 events; idempotent on event_id; one result per item, in order."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    try:
        result = commerce.receive_events(token.workspace, payload.events)
    except commerce.EventIntakeError as error:
        return Status(400, ErrorOut(detail=str(error)))
    return Status(
        200,
        EventsOut(
            created=result.count("created"),
            existing=result.count("existing"),
            duplicates=result.count("duplicate"),
            rejected=result.rejected,
            participants_created=result.participants_created,
            results=[
                EventItemOut(
                    event_id=outcome.external_id,
                    status=outcome.status,
                    participant_id=outcome.participant_id,
                    field=outcome.field,
                    problem=outcome.problem,
                )
                for outcome in result.outcomes
            ],
        ),
    )
