"""API tokens: made once, shown once, kept only as a hash, checked on every request.

A token reads `sc_<prefix>_<secret>`. The prefix finds the row; the secret is compared by
its SHA-256 (a random 256-bit secret needs no salt or slow hash to resist guessing).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.utils import timezone

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import ApiToken, Membership, Role, User, Workspace
from socialcycle.lib.errors import DomainError

# The weakest role that may hold each scope.
SCOPE_ROLES: dict[str, str] = {
    ApiToken.Scope.READ: Role.VIEWER,
    ApiToken.Scope.POSTS_WRITE: Role.ANALYST,
    ApiToken.Scope.INSIGHTS_WRITE: Role.ANALYST,
    ApiToken.Scope.ADMIN: Role.ADMIN,
}
LAST_USED_PRECISION = timedelta(minutes=1)


class TokenScopeError(DomainError):
    """A scope that does not exist or that the user's role may not hold."""

    code = "token_scope"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_api_token(
    workspace: Workspace,
    user: User,
    *,
    name: str,
    scopes: Iterable[str],
    by: User | None = None,
) -> tuple[ApiToken, str]:
    """Make a token for `user` in `workspace`; returns it and the only copy of its secret.

    `by` is who made it (default: `user`), for the audit log."""
    wanted = sorted(set(scopes))
    membership = Membership.objects.filter(workspace=workspace, user=user).first()
    for scope in wanted:
        if scope not in SCOPE_ROLES:
            raise TokenScopeError(
                f"{scope!r} is not a scope; choose from {', '.join(SCOPE_ROLES)}."
            )
        if membership is None or not membership.has_role(SCOPE_ROLES[scope]):
            raise TokenScopeError(
                f"the {scope} scope needs the {SCOPE_ROLES[scope]} role in {workspace.slug}."
            )
    prefix, secret = secrets.token_hex(4), secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        workspace=workspace,
        user=user,
        name=name,
        prefix=prefix,
        secret_hash=_digest(secret),
        scopes=wanted,
    )
    after = {"name": name, "prefix": prefix, "scopes": wanted, "user": user.username}
    record_change(
        workspace, by or user, AuditAction.CREATE_API_TOKEN, "api_token", token.pk, after=after
    )
    return token, f"sc_{prefix}_{secret}"


def authenticate_token(presented: str, scope: str) -> ApiToken | None:
    """The live token `presented` stands for if it carries `scope`, else None.

    A token stops working when revoked, or when its user loses the role the scope needs.
    """
    parts = presented.split("_", 2)
    if len(parts) != 3 or parts[0] != "sc":
        return None
    token = (
        ApiToken.objects.select_related("workspace", "user")
        .filter(prefix=parts[1], revoked_at__isnull=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.secret_hash, _digest(parts[2])):
        return None
    if scope not in token.scopes and ApiToken.Scope.ADMIN not in token.scopes:
        return None
    membership = Membership.objects.filter(workspace=token.workspace, user=token.user).first()
    if membership is None or not membership.has_role(SCOPE_ROLES[scope]):
        return None
    _touch(token)
    return token


def _touch(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def revoke_api_token(token: ApiToken, *, by: User | None = None) -> bool:
    """Stop a token from working, once; returns whether it was live."""
    changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token.refresh_from_db(fields=["revoked_at"])
    if changed:
        record_change(
            token.workspace,
            by,
            AuditAction.REVOKE_API_TOKEN,
            "api_token",
            token.pk,
            before={"revoked": False},
            after={"revoked": True, "prefix": token.prefix},
        )
    return bool(changed)


def scopes_for(membership: Membership) -> list[str]:
    """The scopes this member's role may hold, weakest first."""
    return [scope for scope, role in SCOPE_ROLES.items() if membership.has_role(role)]
