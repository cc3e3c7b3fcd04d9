"""Settings → Teams (admins): create a team, rename it, choose its members."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.models import Membership, Role
from socialcycle.acting import teams
from socialcycle.acting.models import Team
from socialcycle.lib.params import id_from


@workspace_view(Role.ADMIN)
def team_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    error = ""
    if request.method == "POST":
        try:
            done = _change(request, membership)
        except teams.TeamError as problem:
            error, done = str(problem).capitalize(), False
        if done:
            return redirect("acting:teams", slug=workspace.slug)
    context = {
        "workspace": workspace,
        "membership": membership,
        "teams": Team.objects.filter(workspace=workspace)
        .prefetch_related("members")
        .order_by("name"),
        "people": workspace.memberships.select_related("user").order_by("user__username"),
        "error": error,
    }
    return render(request, "acting/teams.html", context, status=400 if error else 200)


def _change(request: HttpRequest, membership: Membership) -> bool:
    workspace, by = membership.workspace, membership.user
    if "create" in request.POST:
        team = teams.add_team(workspace, request.POST.get("name", ""), by)
        messages.success(request, f"Team {team.name} created; choose its members below.")
        return True
    if "rename" not in request.POST and "members" not in request.POST:
        return False
    pk = request.POST.get("team", "")
    team = get_object_or_404(Team, pk=id_from(pk), workspace=workspace)
    if "rename" in request.POST:
        teams.rename_team(team, request.POST.get("name", ""), by)
        messages.success(request, f"Renamed to {team.name}.")
    else:
        ids = [id_from(v) for v in request.POST.getlist("member")]
        names = teams.set_team_members(team, ids, by)
        messages.success(request, f"{team.name}: {', '.join(names) or 'nobody'}.")
    return True
