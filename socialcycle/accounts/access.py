"""The one place that decides whether a signed-in user may see a workspace page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from socialcycle.accounts.models import Membership, Role

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


def workspace_view(role: str = Role.VIEWER) -> Callable[[MemberView], MemberView]:
    """Decorate a view taking (request, membership, …) and routed with a workspace `slug`.

    Sign-in, membership of that workspace and the role are checked before the view runs.
    """

    def decorate(view: MemberView) -> MemberView:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
            membership = get_membership(request, slug, role)
            return view(request, membership, *args, **kwargs)

        return wrapper

    return decorate
