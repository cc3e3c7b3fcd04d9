"""Token authentication for the JSON API, one instance per scope a route needs."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from socialcycle.accounts.models import ApiToken
from socialcycle.accounts.tokens import authenticate_token


class ScopedToken(HttpBearer):
    """`Authorization: Bearer sc_…` with a token that carries `scope`."""

    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return authenticate_token(token, self.scope)
