"""The audit log: every change staff make, with who, what, when, before and after.

Services that change something record it themselves with `record_change`, with the
fields before and after. `AuditMiddleware` is the net under them: a staff request that
changed something (any method but GET/HEAD/OPTIONS on a workspace page, answered
without an error) and recorded nothing is recorded as the page and the fields it sent,
so no change goes unlogged while services are taught to say more.

What a change was is an `AuditAction` (audit_actions.py), so the list of actions is in
one place. The two open sets, the Django admin's edits of any model and the net's pages,
are written here only, as plain text: `record_admin_edit` and `_record_request`.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, Literal

from django.http import HttpRequest
from django.http.response import HttpResponseBase

from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import AuditEvent, User, Workspace
from socialcycle.lib.access import SAFE_METHODS

# How many events the current request recorded (None outside a staff request).
_recorded: ContextVar[list[int] | None] = ContextVar("audit_recorded", default=None)
SECRET_FIELDS = ("password", "secret", "token", "csrfmiddlewaretoken")
MAX_VALUE = 300
AdminVerb = Literal["added", "changed", "deleted"]


def record_change(
    workspace: Workspace | int,
    actor: User | None,
    action: AuditAction,
    object_type: str,
    object_id: object,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Who changed what, when, and the fields before and after (never a secret)."""
    return _write(workspace, actor, str(action), object_type, object_id, before, after)


def record_admin_edit(
    workspace_id: int,
    actor: User | None,
    verb: AdminVerb,
    model: str,
    object_id: object,
    *,
    after: dict[str, Any],
) -> AuditEvent:
    """An edit made in the Django admin, stored as "admin: <verb> <model>".

    The one public way to record an action that is no `AuditAction`: the admin edits any
    model, including those added later, so its actions are an open set, kept as the text
    they have always been stored as rather than a member per model.
    """
    return _write(workspace_id, actor, f"admin: {verb} {model}", model, object_id, None, after)


def _write(
    workspace: Workspace | int,
    actor: User | None,
    action: str,
    object_type: str,
    object_id: object,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditEvent:
    workspace_id = workspace if isinstance(workspace, int) else workspace.pk
    event = AuditEvent.objects.create(
        workspace_id=workspace_id,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=before or {},
        after=after or {},
    )
    counted = _recorded.get()
    if counted is not None:
        counted.append(event.pk)
    return event


class AuditMiddleware:
    """Record a staff change that no service recorded (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        token = _recorded.set([])
        try:
            response = self.get_response(request)
            if response.status_code < 400 and not _recorded.get():
                _record_request(request)
        finally:
            _recorded.reset(token)
        return response


def _record_request(request: HttpRequest) -> None:
    match = request.resolver_match
    user = request.user
    if match is None or not user.is_authenticated or "slug" not in match.kwargs:
        return
    workspace = Workspace.objects.filter(
        slug=match.kwargs["slug"], memberships__user_id=user.pk
    ).first()
    if workspace is None:  # a community member's request, or not a member
        return
    sent = {
        key: "…" if any(word in key for word in SECRET_FIELDS) else value[:MAX_VALUE]
        for key, value in request.POST.items()
    }
    details = {k: v for k, v in match.kwargs.items() if k != "slug"}
    # The action is the page's view name: any page can change something, so no enum.
    after = {"sent": sent, **({"of": details} if details else {})}
    _write(workspace, user, match.view_name, "page", request.path[:64], None, after)
