"""Rendering a community page: every template gets the visit and the unread count."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from socialcycle.community.access import Visit
from socialcycle.community.notices import unread_count


def render_page(
    request: HttpRequest,
    visit: Visit,
    template: str,
    context: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    unread = unread_count(visit.member) if visit.member else 0
    page = {"visit": visit, "workspace": visit.workspace, "unread_notices": unread}
    return render(request, template, {**page, **(context or {})}, status=status)
