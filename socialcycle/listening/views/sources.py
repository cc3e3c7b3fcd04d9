"""Settings → Sources (admins): every source, how its posts arrive, renaming one; live
sources connected, paused, resumed and polled now."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.models import Membership, Role
from socialcycle.lib.errors import DomainError, show_on_form
from socialcycle.lib.params import id_from
from socialcycle.listening.connectors import CONNECTORS
from socialcycle.listening.connectors.connections import connect_source, poll_now, set_paused
from socialcycle.listening.live_source_forms import LIVE_SOURCE_FORMS, LiveSourceForm
from socialcycle.listening.models import Connection, Source
from socialcycle.listening.sources import SourceError, rename_source, source_rows


@workspace_view(Role.ADMIN)
def source_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    error = ""
    live_forms = _live_source_forms(request)
    live_form = next((form for form in live_forms if form.is_bound), None)
    if "connect" in request.POST and live_form is None:
        error = "Choose the channel of the source to connect."
    if live_form is not None and live_form.is_valid():
        data = live_form.cleaned_data
        try:
            connect_source(
                workspace,
                name=data["name"],
                kind=live_form.kind,
                settings=live_form.connector_settings(),
                credentials=live_form.credentials(),
                poll_minutes=data["poll_minutes"],
                by=membership.user,
            )
        except DomainError as problem:
            show_on_form(live_form, problem)
        else:
            messages.success(request, f"Connected {data['name']}; its first poll is due now.")
            return redirect("listening:sources", slug=workspace.slug)
    if request.method == "POST" and request.POST.keys() & LIVE_ACTIONS:
        return _live_action(request, membership)
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
        "live_forms": [(form, CONNECTORS[form.kind].label) for form in live_forms],
        "live_form": live_form,
    }
    refused = error or (live_form is not None and live_form.errors)
    return render(request, "listening/sources.html", context, status=400 if refused else 200)


LIVE_ACTIONS = {"pause", "resume", "poll_now"}


def _live_source_forms(request: HttpRequest) -> list[LiveSourceForm]:
    """One form per channel that has a connector; the one posted is bound."""
    posted = request.POST.get("kind") if "connect" in request.POST else None
    allow_base_url = settings.CONNECTORS_ALLOW_PRIVATE_ADDRESSES
    return [
        form(request.POST if kind == posted else None, allow_base_url=allow_base_url)
        for kind, form in LIVE_SOURCE_FORMS.items()
        if kind in CONNECTORS
    ]


def _live_action(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    connection = get_object_or_404(
        Connection.objects.select_related("source"),
        pk=id_from(request.POST.get("source", "")),
        source__workspace=workspace,
    )
    name = connection.source.name
    if "poll_now" in request.POST:
        poll_now(connection, by=membership.user)
        messages.success(request, f"{name} will be polled within a minute.")
    else:
        paused = "pause" in request.POST
        set_paused(connection, paused, by=membership.user)
        messages.success(request, f"{name} is {'paused' if paused else 'polled again'}.")
    return redirect("listening:sources", slug=workspace.slug)
