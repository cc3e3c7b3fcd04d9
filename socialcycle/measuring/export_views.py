"""The exports page and the downloads it leads to (streamed CSV and JSON Lines)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.models import Membership, Workspace
from socialcycle.listening.models import Channel
from socialcycle.measuring import exports
from socialcycle.measuring.exports import EXPORTS, ExportFilters, Format

FILTER_FIELDS = ("since", "until", "channel")
FORMATS = {fmt.value: fmt for fmt in Format}


class ExportFilterForm(forms.Form):
    since = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label="To (inclusive)", widget=forms.DateInput(attrs={"type": "date"})
    )
    channel = forms.ChoiceField(
        choices=[("", "any"), *Channel.choices], required=False, label="Channel"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError("The first day comes after the last day.")
        return data

    def filters(self, workspace: Workspace) -> ExportFilters:
        data = self.cleaned_data
        return ExportFilters.for_days(workspace, data["since"], data["until"], data["channel"])


class ExportForm(ExportFilterForm):
    what = forms.ChoiceField(
        choices=[(export.name, export.title) for export in EXPORTS.values()],
        widget=forms.RadioSelect,
        label="Export",
    )
    format = forms.ChoiceField(
        choices=[(Format.CSV, "CSV (spreadsheets)"), (Format.JSONL, "JSON Lines (programs)")],
        widget=forms.RadioSelect,
        initial=Format.CSV,
        label="Format",
    )
    field_order = ["what", "format", *FILTER_FIELDS]

    def __init__(self, *args: Any, role: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.role = role

    def clean_what(self) -> str:
        name: str = self.cleaned_data["what"]
        if not EXPORTS[name].allowed_for(self.role):
            raise forms.ValidationError(
                f"{EXPORTS[name].title} hold personal data: they need the "
                f"{EXPORTS[name].role} role."
            )
        return name


@workspace_view()
def exports_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Choose an export, a format and a range; a valid choice leads to its download."""
    workspace = membership.workspace
    form = ExportForm(request.GET or None, role=membership.role)
    if form.is_bound and form.is_valid():
        query = {key: request.GET[key] for key in FILTER_FIELDS if request.GET.get(key)}
        url = reverse(
            "measuring:export_download",
            args=[workspace.slug, form.cleaned_data["what"], form.cleaned_data["format"]],
        )
        return redirect(f"{url}?{urlencode(query)}" if query else url)
    context = {
        "workspace": workspace,
        "membership": membership,
        "form": form,
        "exports": [(export, export.allowed_for(membership.role)) for export in EXPORTS.values()],
    }
    return render(request, "measuring/exports.html", context, status=400 if form.errors else 200)


@workspace_view()
def download(request: HttpRequest, membership: Membership, what: str, fmt: str) -> HttpResponseBase:
    """The whole export as a streamed file, read a page at a time."""
    export, file_format = EXPORTS.get(what), FORMATS.get(fmt)
    if export is None or file_format is None:
        raise Http404("No such export.")
    if not export.allowed_for(membership.role):
        raise PermissionDenied(f"This export holds personal data: it needs the {export.role} role.")
    form = ExportFilterForm(request.GET)
    if not form.is_valid():
        problems = "; ".join(
            ("" if name == "__all__" else f"{name}: ") + " ".join(map(str, errors))
            for name, errors in form.errors.items()
        )
        return HttpResponse(
            f"Cannot export: {problems}", status=400, content_type="text/plain; charset=utf-8"
        )
    workspace = membership.workspace
    filters = form.filters(workspace)
    exports.record_export(workspace, membership.user, export, file_format, filters)
    response = StreamingHttpResponse(
        exports.stream(export, workspace, filters, file_format),
        content_type=file_format.content_type,
    )
    today = timezone.localdate(timezone.now(), workspace.zone())
    name = exports.file_name(workspace, export, file_format, today)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
