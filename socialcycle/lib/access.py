"""How each view is guarded, written on the view itself by the decorator that guards it.

Every URL of the product is served by a view that one of the access decorators made
(`accounts.access.workspace_view`, `accounts.access.signed_in_view`,
`community.access.community_view`, `lib.ratelimit.rate_limited`). Each leaves an `Access`
on the view, so the permission table in docs/security.md can be checked against the code
and a test can fail when a URL is served by a view nobody guarded
(accounts/tests/test_every_url_is_guarded.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

ATTRIBUTE = "socialcycle_access"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Who a view is for.
STAFF = "staff"  # a member of the workspace in the URL, with at least a role
SIGNED_IN = "signed-in"  # any signed-in staff user; the view shows only their own things
COMMUNITY = "community"  # the public community of the workspace in the URL
PUBLIC = "public"  # anyone; rate-limited per client address

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Access:
    """Who may call a view, the roles it needs to read and to change (staff views), and
    the rate limit that protects it (public views)."""

    audience: str
    read_role: str = ""
    write_role: str = ""
    limit: str = ""

    def role_for(self, method: str) -> str:
        return self.read_role if method.upper() in SAFE_METHODS else self.write_role


def mark(view: F, access: Access) -> F:
    setattr(view, ATTRIBUTE, access)
    return view


def access_of(view: Callable[..., Any]) -> Access | None:
    """The access a guarded view declared; None for a view no access decorator made."""
    found = getattr(view, ATTRIBUTE, None)
    return found if isinstance(found, Access) else None
