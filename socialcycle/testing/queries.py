"""Query counts of a page, for tests that pin them: a page's queries must not grow with
its rows (one query per row is the N+1 that benchmarks find too late)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def queries_of(client: Client, url: str, **params: Any) -> int:
    """How many queries one GET of `url` makes (after a first GET, so caches and lazy
    set-up of the page's first visit are not counted)."""
    client.get(url, params)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(captured)
