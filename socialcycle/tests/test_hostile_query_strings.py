"""Every page a workspace has, asked with hostile query strings (superscript digits, huge
numbers, NUL, broken percent-encoding, impossible dates) in every parameter the pages
read: a page or a 400 with a sentence, never a 5xx, on either database."""

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch

pytestmark = pytest.mark.django_db

PARAMETERS = (
    "page",
    "topic",
    "sentiment",
    "kind",
    "since",
    "until",
    "day",
    "q",
    "sort",
    "order",
    "channel",
    "product",
    "spam",
    "cursor",
    "limit",
    "status",
    "stage",
    "language",
    "source",
    "week",
    "format",
    "what",
    "emotion",
    "urgent",
    "assignee",
    "team",
    "count",
    "n",
    "period",
    "tab",
    "filter",
    "person",
    "after",
    "before",
    "next",
)
VALUES = ("²", "-1", "99999999999999999999", "\x00", "%ff%fe", "9999-99-99", "0001-01-01", "1e400")


def named_patterns(resolver: URLResolver, namespace: str = "") -> list[str]:
    names = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names += named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.append(namespace + entry.name)
    return names


def workspace_pages(slug: str) -> list[str]:
    """Every page reached with the workspace's slug alone (no object ids)."""
    urls = set()
    for name in named_patterns(get_resolver()):
        if name.startswith(("admin:", "api-")) or "logout" in name:
            continue
        try:
            urls.add(reverse(name, kwargs={"slug": slug}))
        except NoReverseMatch:
            continue
    return sorted(urls)


def test_no_page_answers_5xx_to_a_hostile_query_string(cast):
    client = Client(raise_request_exception=False)
    client.force_login(cast.admin)
    pages = workspace_pages(cast.workspace.slug)
    assert len(pages) > 20  # the walk found the pages

    failures = []
    for url in pages:
        for value in VALUES:
            query = "&".join(f"{name}={quote(value, safe='%')}" for name in PARAMETERS)
            status = client.get(f"{url}?{query}").status_code
            if status >= 500:
                failures.append((url, value, status))
    assert failures == []
