"""The dashboard page (the workspace's home) and its figures' CSV downloads."""

from __future__ import annotations

import csv
from datetime import timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.models import Membership
from socialcycle.lib.spreadsheet import csv_cell
from socialcycle.measuring.dashboard import rollups
from socialcycle.measuring.dashboard import sections as dashboard
from socialcycle.measuring.dashboard.filters import DashboardForm, Scope


@workspace_view()
def workspace_home(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The dashboard, for the period and filters chosen (the last 90 days by default)."""
    workspace = membership.workspace
    form = DashboardForm(request.GET or None, workspace=workspace)
    if form.is_bound and not form.is_valid():
        # Figures for some other period than the one asked for would mislead: say what
        # could not be read, and show none.
        context = {"workspace": workspace, "membership": membership, "form": form}
        return render(request, "measuring/home_invalid.html", context, status=400)
    scope = form.scope(timezone.now())
    if "download" in request.GET:
        return _download(scope, request.GET["download"])
    sections = dashboard.build(scope)
    context = {
        "workspace": workspace,
        "membership": membership,
        "form": form,
        "scope": scope,
        "query": _query_without_download(request),
        "overview": dashboard.overview(scope),
        "freshness": rollups.freshness(workspace),
        "sections": sections,
        "charts": [section.chart for section in sections if section.chart is not None],
    }
    return render(request, "measuring/home.html", context)


def _query_without_download(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("download", None)
    return query.urlencode()


def _download(scope: Scope, name: str) -> HttpResponse:
    section = dashboard.section(scope, name)
    if section is None:
        raise Http404("No such figure.")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    period = f"{scope.since.date().isoformat()}_{(scope.until - timedelta(days=1)).date()}"
    filename = f"{scope.workspace.slug}-{section.name}-{period}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(section.header)
    writer.writerows([[csv_cell(cell) for cell in row] for row in section.rows])
    return response
