"""Merge suggestions: people who are probably one person, and merging them (the People
directory itself is in measuring, beside the ladder)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.models import Membership, Role
from socialcycle.listening.forms import (
    MergeForm,
)
from socialcycle.listening.models import Participant
from socialcycle.listening.participants import MergeError, merge_participants, suggest_merges

SUGGESTIONS_PER_PAGE = 20


@workspace_view(Role.ANALYST)
def merges(request: HttpRequest, membership: Membership) -> HttpResponse:
    suggestions = suggest_merges(membership.workspace)
    page = Paginator(suggestions, SUGGESTIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"workspace": membership.workspace, "page": page}
    return render(request, "listening/merges.html", context)


@require_POST
@workspace_view(Role.ANALYST)
def merge(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose who to keep and who to merge.")
        return redirect("listening:merges", slug=workspace.slug)
    people = Participant.objects.filter(workspace=workspace)
    keep = get_object_or_404(people, pk=form.cleaned_data["keep"])
    others = list(people.filter(pk__in=form.other_ids()))
    try:
        merge_participants(keep, others, by=membership.user)
    except MergeError as error:
        messages.error(request, f"Nothing was merged: {error}")
    else:
        messages.success(request, f"Merged {len(others)} into {keep.display_name}.")
    return redirect("listening:merges", slug=workspace.slug)
