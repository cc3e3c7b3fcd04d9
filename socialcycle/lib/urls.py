"""Links that leave the site (e-mails, webhooks, a post's public address): the path of a
page joined to SITE_URL, the address people reach this server at."""

from __future__ import annotations

from django.conf import settings


def absolute(path: str) -> str:
    """`/c/lumio/posts/7/` → `https://feedback.example.com/c/lumio/posts/7/`."""
    return f"{settings.SITE_URL}{path}"
