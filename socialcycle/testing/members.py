"""Community members for tests: signed up, verified, and signed in on a test client."""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext

from socialcycle.accounts.models import Workspace
from socialcycle.community.members import SignUp, session_key, sign_up
from socialcycle.community.models import Member

MEMBER_PASSWORD = "a long community password 42"


def make_member(workspace: Workspace, handle: str, *, verified: bool = True) -> Member:
    member = sign_up(workspace, SignUp(handle, f"{handle}@example.com", MEMBER_PASSWORD))
    if verified:
        member.email_verified_at = timezone.now()
        member.save(update_fields=["email_verified_at"])
    return member


def signed_in(member: Member, client: Client | None = None) -> Client:
    client = client or Client()
    session = client.session
    session[session_key(member.workspace)] = member.pk
    session.save()
    return client


def signed_in_context(browser: Browser, base_url: str, member: Member) -> BrowserContext:
    """A browser context whose session cookie belongs to `member` (no sign-in form)."""
    client = signed_in(member)
    context = browser.new_context()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])
    return context
