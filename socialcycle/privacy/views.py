"""Privacy pages for admins: what is held about a person, its export, their erasure, and
the record of erasures."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import Membership, Role
from socialcycle.listening.models import Participant
from socialcycle.privacy import services
from socialcycle.privacy.models import ErasureRecord


class EraseForm(forms.Form):
    mode = forms.ChoiceField(
        choices=ErasureRecord.Mode.choices, widget=forms.RadioSelect, label="Their posts"
    )
    reason = forms.CharField(
        max_length=300, required=False, label="Why (kept in the record; name no one)"
    )
    confirm = forms.BooleanField(label="I understand that this cannot be undone")


def _person(membership: Membership, participant_id: int) -> Participant:
    return get_object_or_404(
        Participant, pk=participant_id, workspace=membership.workspace, merged_into__isnull=True
    )


@workspace_view(Role.ADMIN)
def person_privacy(
    request: HttpRequest, membership: Membership, participant_id: int
) -> HttpResponse:
    participant = _person(membership, participant_id)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record = services.erase_participant(
            participant,
            mode=form.cleaned_data["mode"],
            by=membership.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, f"Erased: {record.counts['posts']} posts {record.mode}d.")
        return redirect("privacy:erasures", slug=membership.workspace.slug)
    data = services.participant_data(participant)
    context = {
        "workspace": membership.workspace,
        "participant": participant,
        "data": data,
        "form": form,
    }
    return render(request, "privacy/person.html", context, status=400 if form.errors else 200)


@workspace_view(Role.ADMIN)
def person_data(request: HttpRequest, membership: Membership, participant_id: int) -> HttpResponse:
    """Everything held about the person as one JSON file (a subject access request)."""
    participant = _person(membership, participant_id)
    data = services.participant_data(participant)
    record_change(
        membership.workspace,
        membership.user,
        AuditAction.EXPORT_PARTICIPANT_DATA,
        "participant",
        participant.pk,
        after={"posts": len(data["posts"])},
    )
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    name = f"{membership.workspace.slug}-participant-{participant.pk}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@workspace_view(Role.ADMIN)
def erasures(request: HttpRequest, membership: Membership) -> HttpResponse:
    records = ErasureRecord.objects.filter(workspace=membership.workspace).select_related(
        "erased_by"
    )
    context = {"workspace": membership.workspace, "records": records.order_by("-erased_at")}
    return render(request, "privacy/erasures.html", context)
