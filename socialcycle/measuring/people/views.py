"""The People pages: the directory (search, filters, order, pages) and a person's page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.models import Membership, Role
from socialcycle.listening.models import Participant
from socialcycle.listening.participants import kept_participant
from socialcycle.measuring.ladder import stages
from socialcycle.measuring.people import queries as people


@workspace_view(Role.ANALYST)
def directory(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Everyone heard: analysts and admins, since it lists and searches e-mail addresses
    (the same role that may export participants)."""
    form = people.DirectoryForm(request.GET or None)
    page, rows = people.directory_page(membership.workspace, form.search(), request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "workspace": membership.workspace,
        "form": form,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
    }
    return render(request, "measuring/people.html", context)


@workspace_view()
def person(request: HttpRequest, membership: Membership, participant_id: int) -> HttpResponse:
    """One person: handles on each channel, their posts with analysis, their ladder steps.
    Someone merged into another leads to that other; someone erased is gone (404)."""
    workspace = membership.workspace
    participant = get_object_or_404(Participant, pk=participant_id, workspace=workspace)
    if participant.merged_into_id is not None:
        kept = kept_participant(participant)
        return redirect("measuring:person", slug=workspace.slug, participant_id=kept.pk)
    context = {
        "workspace": workspace,
        "membership": membership,
        "person": stages.person_ladder(participant),
        "identities": participant.identities.order_by("channel", "handle"),
        "merged_from": participant.merged_from.order_by("display_name"),
        "posts": people.their_posts(participant, request.GET.get("page")),
        "sees_personal_data": membership.has_role(Role.ANALYST),
        "is_admin": membership.has_role(Role.ADMIN),
    }
    return render(request, "measuring/person.html", context)


@workspace_view()
def person_ladder(
    request: HttpRequest, membership: Membership, participant_id: int
) -> HttpResponse:
    """The person's ladder page of old: now part of their page."""
    workspace = membership.workspace
    participant = get_object_or_404(Participant, pk=participant_id, workspace=workspace)
    return redirect("measuring:person", slug=workspace.slug, participant_id=participant.pk)
