"""The JSON API: one NinjaAPI mounting each app's router. OpenAPI docs at /api/docs."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import NinjaAPI, Schema

from socialcycle import __version__
from socialcycle.listening.api import router as listening_router
from socialcycle.measuring.api import router as measuring_router

api = NinjaAPI(title="socialcycle API", version="1", urls_namespace="api")


class HealthOut(Schema):
    status: str
    version: str


@api.get("/v1/health", response=HealthOut, tags=["meta"])
def health(request: HttpRequest) -> HealthOut:
    """Whether the web process is up; says nothing about any workspace."""
    return HealthOut(status="ok", version=__version__)


api.add_router("/v1", listening_router)
api.add_router("/v1", measuring_router)
