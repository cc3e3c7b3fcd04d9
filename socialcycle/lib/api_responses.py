"""The error answers every API route may give, declared in its OpenAPI responses so that
clients (and socialcycle/tests/test_api_schema.py) can rely on their shape."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema


class ErrorOut(Schema):
    detail: str = Field(..., description="What went wrong, in words.")


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]] = Field(
        ...,
        description="One entry per problem: `loc` (where: body, query or path, then the "
        "field), `msg` (what) and `type`.",
    )


DESCRIBED: dict[int, type[Schema]] = {
    400: ErrorOut,  # the request is well-formed but cannot be done (a bad cursor, say)
    401: ErrorOut,  # no credential, or one that is unknown, revoked or lacks the scope
    403: ErrorOut,  # the credential's user lacks the role
    404: ErrorOut,  # no such workspace for this credential
    422: ValidationErrorOut,  # the parameters or body do not match the schema
    429: ErrorOut,  # past the rate limit; Retry-After says when to try again
    500: ErrorOut,  # a stored row cannot be read (exports): the detail says which, and why
}


def errors(*codes: int) -> dict[int, type[Schema]]:
    """The error responses of `codes`, to merge into a route's `response={200: …}`."""
    return {code: DESCRIBED[code] for code in codes}


# A route behind a credential, with and without a workspace in its path.
SIGNED = (401, 403, 422, 429)
IN_WORKSPACE = (*SIGNED, 404)
