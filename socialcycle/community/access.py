"""Who is looking at a community page: anyone may read; posting needs a verified member.

`community_view` is the one decorator every public community page uses: it finds the
workspace (404 when there is none), the signed-in member if any, rate-limits writes per
client address, and records that a member read the page (consumption, once a day a page).
The page runs in the workspace's time zone, as staff pages do (accounts/access.py), so the
dates it shows are the workspace's local days, not the server's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone

from socialcycle.accounts.models import Workspace
from socialcycle.community.members import current_member
from socialcycle.community.models import Member
from socialcycle.lib.access import COMMUNITY, Access, mark
from socialcycle.lib.ratelimit import allow, client_address, too_many_requests
from socialcycle.listening.models import EngagementEvent

READS_PER_MINUTE = 120
WRITES_PER_MINUTE = 20
VIEW_EVENT_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Visit:
    """The workspace whose community is shown, and the member reading it (None: a visitor)."""

    workspace: Workspace
    member: Member | None

    @property
    def can_post(self) -> bool:
        return self.member is not None and self.member.is_verified


CommunityView = Callable[..., HttpResponse]


def community_view(*, member_required: bool = False) -> Callable[[CommunityView], CommunityView]:
    def decorate(view: CommunityView) -> CommunityView:
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            workspace = get_object_or_404(Workspace, slug=slug)
            writing = request.method not in ("GET", "HEAD", "OPTIONS")
            limit = WRITES_PER_MINUTE if writing else READS_PER_MINUTE
            scope = "community-write" if writing else "community-read"
            if not allow(f"{scope}:{client_address(request)}", limit, 60):
                return too_many_requests()
            visit = Visit(workspace, current_member(request, workspace))
            member_key = f"community-write-member:{visit.member.pk if visit.member else 0}"
            if writing and visit.member and not allow(member_key, WRITES_PER_MINUTE, 60):
                return too_many_requests()  # one account writing from many addresses
            if member_required and not visit.can_post:
                return redirect(reverse("community:sign-in", args=[slug]) + f"?next={request.path}")
            if visit.member is not None and not writing:
                _record_read(visit.member, request.path)
            with timezone.override(workspace.zone()):
                return view(request, visit, *args, **kwargs)

        limit = (
            f"{READS_PER_MINUTE} reads and {WRITES_PER_MINUTE} writes a minute per address; "
            f"{WRITES_PER_MINUTE} writes a minute per member"
        )
        who = "member" if member_required else "anyone"
        return mark(wrapper, Access(COMMUNITY, who, who, limit=limit))

    return decorate


def _record_read(member: Member, path: str) -> None:
    """One consumption event per member, page and day: reading is the first ladder step."""
    if not cache.add(f"community-read:{member.pk}:{path}", 1, VIEW_EVENT_SECONDS):
        return
    EngagementEvent.objects.create(
        workspace_id=member.workspace_id,
        participant_id=member.participant_id,
        stage=EngagementEvent.Stage.CONSUMPTION,
        action="view",
        occurred_at=timezone.now(),
        details={"path": path[:200]},
    )
