"""Settings → Sources (admins): every source, how its posts arrive, and renaming one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.models import Membership, Role
from socialcycle.lib.params import id_from
from socialcycle.listening.models import Source
from socialcycle.listening.sources import SourceError, rename_source, source_rows


@workspace_view(Role.ADMIN)
def source_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    error = ""
    if request.method == "POST" and "rename" in request.POST:
        pk = request.POST.get("source", "")
        source = get_object_or_404(Source, pk=id_from(pk), workspace=workspace)
        try:
            rename_source(source, request.POST.get("name", ""), by=membership.user)
        except SourceError as problem:
            error = str(problem).capitalize()
        else:
            messages.success(request, f"Renamed to {source.name}.")
            return redirect("listening:sources", slug=workspace.slug)
    context = {
        "workspace": workspace,
        "membership": membership,
        "rows": source_rows(workspace),
        "error": error,
    }
    return render(request, "listening/sources.html", context, status=400 if error else 200)
