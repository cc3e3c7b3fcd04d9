"""The one place that decides who may call an API route: every route names one of these
as its `auth` (accounts/tests/test_every_url_is_guarded.py fails on a route without).

- `ScopedToken(scope, role=…)`: `Authorization: Bearer sc_…` with a live token that
  carries `scope`, whose user still holds the role the scope (or the route) needs; on a
  route with a `{slug}`, the token's workspace must be that one (else 404).
- `StaffSession(role)`: the signed-in staff user of the web pages, member of `{slug}`.
- `Anyone(name)`: no credential, for the health check.

Each counts requests per client address and, once it knows who calls, per account, and
answers 429 past the limit (docs/security.md lists the limits).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from socialcycle.accounts.models import ApiToken, Membership, Role
from socialcycle.accounts.tokens import SCOPE_ROLES, authenticate_token
from socialcycle.lib.ratelimit import allow, client_address

PER_ADDRESS_PER_MINUTE = 600
PER_ACCOUNT_PER_MINUTE = 300
PUBLIC_PER_MINUTE = 60


class RateLimitError(Exception):
    """Too many requests from one address or one account; answered 429 by socialcycle/api.py."""

    def __init__(self, who: str, window_seconds: int = 60) -> None:
        super().__init__(f"Too many requests from this {who}; wait a minute and try again.")
        self.window_seconds = window_seconds


def _count(request: HttpRequest, kind: str, account: str | None = None) -> None:
    if not allow(f"api-{kind}:{client_address(request)}", PER_ADDRESS_PER_MINUTE, 60):
        raise RateLimitError("address")
    if account is not None and not allow(f"api-account:{account}", PER_ACCOUNT_PER_MINUTE, 60):
        raise RateLimitError("account")


def _path_slug(request: HttpRequest) -> str | None:
    match = request.resolver_match
    return match.kwargs.get("slug") if match is not None else None


def _require(membership: Membership, role: str) -> Membership:
    if not membership.has_role(role):
        raise HttpError(403, f"This needs the {role} role; yours is {membership.role}.")
    return membership


class ScopedToken(HttpBearer):
    """`Authorization: Bearer sc_…` with a token that carries `scope`."""

    def __init__(self, scope: str, *, role: str | None = None) -> None:
        super().__init__()
        self.scope = scope
        self.role = role or SCOPE_ROLES[scope]

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        _count(request, "token")
        found = authenticate_token(token, self.scope)
        if found is None:
            return None
        _count(request, "token", f"user:{found.user_id}")
        slug = _path_slug(request)
        if slug is not None and slug != found.workspace.slug:
            raise Http404("No such workspace.")
        _require(Membership.objects.get(workspace=found.workspace, user=found.user), self.role)
        return found

    @property
    def summary(self) -> str:
        return f"token with {self.scope}, {self.role} or above"


class StaffSession(SessionAuth):
    """The web pages' signed-in staff user, a member of `{slug}` with at least `role`."""

    def __init__(self, role: str = Role.VIEWER) -> None:
        super().__init__()
        self.role = role

    def authenticate(self, request: HttpRequest, key: str | None) -> Membership | None:
        user = request.user
        if not user.is_authenticated:
            return None
        _count(request, "session", f"user:{user.pk}")
        membership = (
            Membership.objects.select_related("workspace")
            .filter(workspace__slug=_path_slug(request), user_id=user.pk)
            .first()
        )
        if membership is None:
            raise Http404("No such workspace.")
        return _require(membership, self.role)

    @property
    def summary(self) -> str:
        return f"signed-in session, {self.role} or above"


class Anyone:
    """No credential; rate-limited per client address."""

    summary = f"anyone, {PUBLIC_PER_MINUTE} a minute per address"

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, request: HttpRequest) -> Any:
        if not allow(f"api-public-{self.name}:{client_address(request)}", PUBLIC_PER_MINUTE, 60):
            raise RateLimitError("address")
        return True
