"""The JSON API: one NinjaAPI mounting each app's router. OpenAPI docs at /api/docs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema

from socialcycle import __version__
from socialcycle.accounts.api_auth import Anyone, RateLimitError
from socialcycle.acting.api import router as acting_router
from socialcycle.lib.api_responses import errors
from socialcycle.lib.ratelimit import rate_limited
from socialcycle.listening.api import router as listening_router
from socialcycle.measuring.api import router as measuring_router
from socialcycle.understanding.api import router as understanding_router

api = NinjaAPI(
    title="socialcycle API",
    version="1",
    urls_namespace="api",
    docs_decorator=rate_limited("api-docs", 60),
)


@api.exception_handler(RateLimitError)
def too_many_requests(request: HttpRequest, error: RateLimitError) -> HttpResponse:
    response = api.create_response(request, {"detail": str(error)}, status=429)
    response["Retry-After"] = str(error.window_seconds)
    return response


class HealthOut(Schema):
    status: str
    version: str


@api.get(
    "/v1/health",
    response={200: HealthOut, **errors(429)},
    tags=["meta"],
    auth=Anyone("health"),
)
def health(request: HttpRequest) -> HealthOut:
    """Whether the web process is up; says nothing about any workspace."""
    return HealthOut(status="ok", version=__version__)


api.add_router("/v1", listening_router)
api.add_router("/v1", acting_router)
api.add_router("/v1", measuring_router)
api.add_router("/v1", understanding_router)
