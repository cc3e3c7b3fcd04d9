"""The exports page and the downloads it leads to (streamed CSV and JSON Lines)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.models import Membership, Workspace
from socialcycle.measuring.exports.audit import record_export
from socialcycle.measuring.exports.catalogue import EXPORTS, POSTS, Format, parse_export_filter
from socialcycle.measuring.exports.streams import file_name, stream
from socialcycle.understanding.queries import FILTER_PARAMETERS, filter_choices

FORMATS = {fmt.value: fmt for fmt in Format}


class ExportForm(forms.Form):
    """What to export and in which format; the rows are chosen by the Posts page's filters,
    checked by `parse_export_filter` in `clean` (shown from that page's template).
    A missing choice is the default one, so a link bringing only filters is a valid form."""

    what = forms.ChoiceField(
        choices=[(export.name, export.title) for export in EXPORTS.values()],
        widget=forms.RadioSelect,
        label="Export",
    )
    format = forms.ChoiceField(
        choices=[(Format.CSV, "CSV (spreadsheets)"), (Format.JSONL, "JSON Lines (programs)")],
        widget=forms.RadioSelect,
        label="Format",
    )

    def __init__(self, data: QueryDict, *, workspace: Workspace, role: str) -> None:
        self.params = data.copy()
        self.params.setdefault("what", POSTS.name)
        self.params.setdefault("format", Format.CSV)
        super().__init__(self.params)
        self.workspace = workspace
        self.role = role

    def clean_what(self) -> str:
        name: str = self.cleaned_data["what"]
        if not EXPORTS[name].allowed_for(self.role):
            raise forms.ValidationError(
                f"{EXPORTS[name].title} hold personal data: they need the "
                f"{EXPORTS[name].role} role."
            )
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        export = EXPORTS[data["what"]] if "what" in data else POSTS
        parsed = parse_export_filter(self.workspace, export, self.params)
        for error in parsed.errors:  # a filter that cannot be read is said, never dropped
            self.add_error(None, str(error))
        return data

    def download_url(self) -> str:
        """The chosen export's download, with the filter parameters it was given."""
        export = EXPORTS[self.cleaned_data["what"]]
        url = reverse(
            "measuring:export_download",
            args=[self.workspace.slug, export.name, self.cleaned_data["format"]],
        )
        query = [
            (name, value)
            for name in export.parameters
            for value in self.params.getlist(name)
            if value.strip()
        ]
        return f"{url}?{urlencode(query)}" if query else url


@workspace_view()
def exports_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Choose an export, a format and filters (those of the Posts page, whose "Export these
    posts" link arrives here with them); a valid choice sent leads to its download."""
    workspace = membership.workspace
    form = ExportForm(request.GET, workspace=workspace, role=membership.role)
    valid = form.is_valid()  # the filters a link brought are checked before any is sent
    if valid and "what" in request.GET:
        return redirect(form.download_url())
    context = {
        "workspace": workspace,
        "membership": membership,
        "form": form,
        "choices": filter_choices(workspace),
        "chosen": {name: request.GET.getlist(name) for name in FILTER_PARAMETERS},
        "exports": [(export, export.allowed_for(membership.role)) for export in EXPORTS.values()],
    }
    return render(request, "measuring/exports.html", context, status=200 if valid else 400)


@workspace_view()
def download(request: HttpRequest, membership: Membership, what: str, fmt: str) -> HttpResponseBase:
    """The whole export as a streamed file, read a page at a time."""
    export, file_format = EXPORTS.get(what), FORMATS.get(fmt)
    if export is None or file_format is None:
        raise Http404("No such export.")
    if not export.allowed_for(membership.role):
        raise PermissionDenied(f"This export holds personal data: it needs the {export.role} role.")
    workspace = membership.workspace
    parsed = parse_export_filter(workspace, export, request.GET)
    if parsed.errors:
        problems = "; ".join(map(str, parsed.errors))
        return HttpResponse(
            f"Cannot export: {problems}", status=400, content_type="text/plain; charset=utf-8"
        )
    record_export(workspace, membership.user, export, file_format, parsed.filter)
    response = StreamingHttpResponse(
        stream(export, workspace, parsed.filter, file_format),
        content_type=file_format.content_type,
    )
    today = timezone.localdate(timezone.now(), workspace.zone())
    name = file_name(workspace, export, file_format, today)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
