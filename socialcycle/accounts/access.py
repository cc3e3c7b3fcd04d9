"""The one place that decides whether a signed-in staff user may see or change a
workspace page: `workspace_view` (docs/security.md has the table of every page's roles)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone

from socialcycle.accounts.models import Membership, Role
from socialcycle.lib.access import SAFE_METHODS, SIGNED_IN, STAFF, Access, mark

# Any response: pages, redirects, and files streamed a page at a time.
MemberView = Callable[..., HttpResponseBase]


def get_membership(request: HttpRequest, slug: str, role: str = Role.VIEWER) -> Membership:
    """The user's membership of workspace `slug`.

    Outsiders get 404, so a stranger cannot even learn that the workspace exists;
    members below `role` get 403.
    """
    if not request.user.is_authenticated:
        raise Http404("No such workspace.")
    try:
        membership = Membership.objects.select_related("workspace", "user").get(
            workspace__slug=slug, user_id=request.user.pk
        )
    except Membership.DoesNotExist:
        raise Http404("No such workspace.") from None
    if not membership.has_role(role):
        raise PermissionDenied(f"This page needs the {role} role.")
    return membership


def workspace_view(
    role: str = Role.VIEWER, *, write: str | None = None
) -> Callable[[MemberView], MemberView]:
    """Decorate a view taking (request, membership, …) and routed with a workspace `slug`.

    Sign-in, membership of that workspace and the role are checked before the view runs:
    `role` to read (GET, HEAD), `write` (default: `role`) for any other method.
    """
    write_role = write or role
    if Role.rank(write_role) < Role.rank(role):
        raise ValueError("changing a page cannot need less than reading it")

    def decorate(view: MemberView) -> MemberView:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
            needed = role if request.method in SAFE_METHODS else write_role
            membership = get_membership(request, slug, needed)
            # The navigation shows admin links by this; dates are the workspace's days.
            request.membership = membership  # type: ignore[attr-defined]
            with timezone.override(membership.workspace.zone()):
                return view(request, membership, *args, **kwargs)

        return mark(wrapper, Access(STAFF, read_role=role, write_role=write_role))

    return decorate


def signed_in_view(view: MemberView) -> MemberView:
    """A page of any signed-in staff user that shows only what is theirs (no workspace)."""
    return mark(login_required(view), Access(SIGNED_IN, "signed-in", "signed-in"))
