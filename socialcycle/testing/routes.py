"""Every URL the product serves, with the view behind it: for the tests that prove each
one is guarded and that each role and stranger gets what docs/security.md says."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from ninja.operation import PathView

# Served by Django's own admin, which checks is_staff itself (operators only).
ADMIN_PREFIX = "admin/"


@dataclass(frozen=True)
class Route:
    pattern: str  # e.g. "w/<slug:slug>/posts/<int:post_id>/"
    name: str  # "namespace:name"
    view: Callable[..., Any]

    @property
    def api_operations(self) -> PathView | None:
        """The django-ninja path behind an API URL (its view is a closure over it)."""
        for cell in getattr(self.view, "__closure__", None) or ():
            if isinstance(cell.cell_contents, PathView):
                return cell.cell_contents
        return None


def all_routes() -> Iterator[Route]:
    """Every URL pattern but the Django admin's, depth first."""
    yield from _walk(get_resolver().url_patterns, "", "")


def _walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            route = prefix + str(entry.pattern)
            if route.startswith(ADMIN_PREFIX):
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            yield Route(prefix + str(entry.pattern), f"{namespace}{entry.name}", entry.callback)
