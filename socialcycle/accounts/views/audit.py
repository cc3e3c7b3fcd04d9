"""The audit log for admins: every change, newest first, filtered, and downloadable."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta

from django import forms
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.audit_reading import readable_changes
from socialcycle.accounts.models import AuditEvent, Membership, Role, Workspace
from socialcycle.lib import localtime
from socialcycle.lib.spreadsheet import csv_cell, csv_text

EVENTS_PER_PAGE = 50
EXPORT_CHUNK = 1000
COLUMNS = ["id", "when", "who", "action", "object_type", "object_id", "before", "after"]


class AuditFilterForm(forms.Form):
    since = forms.DateField(required=False, label="From", widget=forms.DateInput({"type": "date"}))
    until = forms.DateField(required=False, label="To", widget=forms.DateInput({"type": "date"}))
    who = forms.CharField(required=False, max_length=150, label="Who (user name)")
    action = forms.CharField(required=False, max_length=80, label="Action contains")

    def events(self, workspace: Workspace) -> QuerySet[AuditEvent]:
        rows = AuditEvent.objects.filter(workspace=workspace).select_related("actor")
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("since"):
            rows = rows.filter(created_at__gte=localtime.start_of_day(data["since"]))
        if data.get("until"):
            rows = rows.filter(
                created_at__lt=localtime.start_of_day(data["until"] + timedelta(days=1))
            )
        if data.get("who"):
            rows = rows.filter(actor__username=data["who"])
        if data.get("action"):
            rows = rows.filter(action__icontains=data["action"])
        return rows.order_by("-created_at", "-pk")


@workspace_view(Role.ADMIN)
def audit_log(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    events = form.events(membership.workspace)
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "workspace": membership.workspace,
        "form": form,
        "page": page,
        "rows": [(event, readable_changes(event.before, event.after)) for event in page],
        "query": query.urlencode(),
    }
    return render(request, "accounts/audit_log.html", context)


@workspace_view(Role.ADMIN)
def audit_download(request: HttpRequest, membership: Membership, fmt: str) -> HttpResponseBase:
    """The filtered log as CSV or JSON Lines, streamed a thousand events at a time."""
    if fmt not in ("csv", "jsonl"):
        return HttpResponse("Choose .csv or .jsonl.", status=404, content_type="text/plain")
    events = AuditFilterForm(request.GET or None).events(membership.workspace)
    lines = _csv_lines(events) if fmt == "csv" else _json_lines(events)
    response = StreamingHttpResponse(
        lines, content_type="text/csv" if fmt == "csv" else "application/x-ndjson"
    )
    name = f"{membership.workspace.slug}-audit-{timezone.localdate().isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _rows(events: QuerySet[AuditEvent]) -> Iterator[dict[str, object]]:
    for event in events.iterator(chunk_size=EXPORT_CHUNK):
        yield {
            "id": event.pk,
            "when": event.created_at.isoformat(),
            "who": event.actor.username if event.actor else "",
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "before": event.before,
            "after": event.after,
        }


def _csv_lines(events: QuerySet[AuditEvent]) -> Iterator[str]:
    yield csv_text([COLUMNS])
    for row in _rows(events):
        cells = [json.dumps(row[c]) if c in ("before", "after") else row[c] for c in COLUMNS]
        yield csv_text([[csv_cell(cell) for cell in cells]])


def _json_lines(events: QuerySet[AuditEvent]) -> Iterator[str]:
    for row in _rows(events):
        yield json.dumps(row, ensure_ascii=False) + "\n"
