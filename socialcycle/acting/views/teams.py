"""Settings → Teams (admins): create a team, rename it, choose its members, keep its
business hours, and see the routing rules that send insights to it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.models import Membership, Role
from socialcycle.accounts.workspaces import known_time_zones
from socialcycle.acting import teams
from socialcycle.acting.forms import BusinessHoursForm
from socialcycle.acting.models import Team
from socialcycle.lib.params import id_from


@workspace_view(Role.ADMIN)
def team_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    error = ""
    hours_forms: dict[int, BusinessHoursForm] = {}
    if request.method == "POST":
        try:
            done = _change(request, membership, hours_forms)
        except teams.TeamError as problem:
            error, done = str(problem).capitalize(), False
        if done:
            return redirect("acting:teams", slug=workspace.slug)
    all_teams = (
        Team.objects.filter(workspace=workspace)
        .select_related("workspace")
        .prefetch_related("members", "routing_rules")
        .order_by("name")
    )
    context = {
        "workspace": workspace,
        "membership": membership,
        "teams": [
            (team, hours_forms.get(team.pk) or BusinessHoursForm.of(team)) for team in all_teams
        ],
        "people": workspace.memberships.select_related("user").order_by("user__username"),
        "zones": known_time_zones(),
        "error": error,
    }
    return render(request, "acting/teams.html", context, status=400 if error else 200)


def _change(
    request: HttpRequest, membership: Membership, hours_forms: dict[int, BusinessHoursForm]
) -> bool:
    workspace, by = membership.workspace, membership.user
    if "create" in request.POST:
        team = teams.add_team(workspace, request.POST.get("name", ""), by=by)
        messages.success(request, f"Team {team.name} created; choose its members below.")
        return True
    if not {"rename", "members", "hours"} & set(request.POST):
        return False
    pk = request.POST.get("team", "")
    team = get_object_or_404(Team, pk=id_from(pk), workspace=workspace)
    if "rename" in request.POST:
        teams.rename_team(team, request.POST.get("name", ""), by=by)
        messages.success(request, f"Renamed to {team.name}.")
    elif "hours" in request.POST:
        return _keep_hours(request, membership, team, hours_forms)
    else:
        ids = [id_from(v) for v in request.POST.getlist("member")]
        names = teams.set_team_members(team, ids, by=by)
        messages.success(request, f"{team.name}: {', '.join(names) or 'nobody'}.")
    return True


def _keep_hours(
    request: HttpRequest,
    membership: Membership,
    team: Team,
    hours_forms: dict[int, BusinessHoursForm],
) -> bool:
    form = BusinessHoursForm(request.POST, prefix=f"hours-{team.pk}")
    hours_forms[team.pk] = form  # shown again as typed when it is refused
    if not form.is_valid():
        problems = [
            f"{_label(form, name)}: {' '.join(str(e) for e in errors)}"
            for name, errors in form.errors.items()
        ]
        raise teams.TeamError(f"{team.name}'s business hours: " + " ".join(problems))
    data = form.cleaned_data
    try:
        teams.set_business_hours(
            team,
            days=data["days"],
            opens=data["opens"],
            closes=data["closes"],
            holidays=data["holidays"],
            zone=data["zone"],
            by=membership.user,
        )
    except teams.TeamError as problem:
        raise teams.TeamError(f"{team.name}'s business hours: {problem}") from problem
    kept = team.business_hours()
    said = kept.describe() if kept is not None else "round the clock"
    messages.success(request, f"{team.name} works {said}.")
    return True


def _label(form: BusinessHoursForm, name: str) -> str:
    return str(form.fields[name].label) if name in form.fields else "Hours"
