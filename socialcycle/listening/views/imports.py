"""Import pages of the listening app: upload a file, preview and map its columns, follow
the run, download its problems."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.models import Membership, Role
from socialcycle.listening import imports, reports, uploads
from socialcycle.listening.forms import (
    NOT_COLUMNS,
    MappingForm,
    UploadForm,
)
from socialcycle.listening.importers import detect_format
from socialcycle.listening.importers.mapping import ColumnMapping
from socialcycle.listening.importers.presets import preset
from socialcycle.listening.models import ImportRun, Source
from socialcycle.listening.services import create_source

SHOWN_PROBLEMS = 50


@workspace_view(Role.ANALYST)
def upload(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    form = UploadForm(request.POST or None, request.FILES or None, workspace_id=workspace.pk)
    if request.method == "POST" and form.is_valid():
        source = form.cleaned_data["source"] or create_source(
            workspace,
            name=form.cleaned_data["new_source_name"].strip(),
            channel=form.cleaned_data["new_source_channel"],
        )
        stored = uploads.store_upload(workspace.pk, form.cleaned_data["file"])
        token = uploads.upload_token(stored)
        request.session[f"upload:{token}"] = {
            "source": source.pk,
            "format": form.cleaned_data["format"],
            "mapping": form.cleaned_data["mapping"],
        }
        return redirect("listening:preview", slug=workspace.slug, token=token)
    recent = ImportRun.objects.filter(workspace=workspace).select_related("source")
    context = {"workspace": workspace, "form": form, "runs": recent.order_by("-started_at")[:10]}
    return render(request, "listening/upload.html", context)


@workspace_view(Role.ANALYST)
def preview(request: HttpRequest, membership: Membership, token: str) -> HttpResponse:
    workspace = membership.workspace
    path = uploads.find_upload(workspace.pk, token)
    choice = request.session.get(f"upload:{token}")
    if path is None or choice is None:
        raise Http404("No such upload.")
    source = get_object_or_404(Source, pk=choice["source"], workspace=workspace)
    file_format = choice["format"] or detect_format(path, uploads.head_of(path))
    saved = preset(choice["mapping"]) if choice["mapping"] else None
    # Dates written without a time zone are local times of the workspace.
    base = replace(saved or imports.mapping_for(source, file_format), zone=workspace.zone())
    saved_dates = source.config.get("date_format", "")
    shown = uploads.preview_upload(path, file_format, base, saved_dates)
    form = MappingForm(
        request.POST or None, columns=shown.columns, mapping=base, date_format=shown.date_format
    )
    if request.method == "POST" and form.is_valid() and "show" not in request.POST:
        return _start(request, membership, source, path, shown.format, form, base)
    if shown.columns:
        # Shown as the form stands: its first values, or what the user just chose.
        chosen = form.mapping(base) if form.is_bound and form.is_valid() else None
        mapping = replace(chosen or _initial_mapping(form, shown.date_format), zone=base.zone)
        shown = shown.remapped(mapping, uploads.original_name(path), saved_dates)
    context = {
        "workspace": workspace,
        "source": source,
        "preview": shown,
        "form": form,
        "file_name": uploads.original_name(path),
    }
    return render(request, "listening/preview.html", context)


def _initial_mapping(form: MappingForm, date_format: str) -> ColumnMapping:
    chosen: dict[str, tuple[str, ...]] = {
        name: (str(field.initial),)
        for name, field in form.fields.items()
        if name not in NOT_COLUMNS and field.initial
    }
    return ColumnMapping(columns=chosen, date_format=date_format)


def _start(
    request: HttpRequest,
    membership: Membership,
    source: Source,
    path: Path,
    format: str,
    form: MappingForm,
    base: ColumnMapping,
) -> HttpResponse:
    mapping = form.mapping(base)
    if form.cleaned_data["save_mapping"]:
        imports.remember_mapping(source, mapping)
    run = imports.start_import(
        source,
        path,
        file_name=uploads.original_name(path),
        format=format,
        mapping=mapping,
        by=membership.user,
    )
    return redirect("listening:run", slug=membership.workspace.slug, run_id=run.pk)


@workspace_view(Role.ANALYST)
def import_run(request: HttpRequest, membership: Membership, run_id: int) -> HttpResponse:
    """A run's live progress (htmx polls the status fragment); POST resumes a stopped run."""
    run = get_object_or_404(
        ImportRun.objects.select_related("source"), pk=run_id, workspace=membership.workspace
    )
    if request.method == "POST":
        return _resume(request, membership, run)
    now = timezone.now()
    context = {
        "workspace": membership.workspace,
        "run": run,
        "summary": reports.summary(run),
        "state": reports.state(run, now),
        "resumed": reports.resumed(run),
        "resumable": imports.can_resume(run, now),
        "problems": [reports.sentence(p) for p in run.problems[:SHOWN_PROBLEMS]],
        "more_problems": max(0, run.rejected - SHOWN_PROBLEMS),
    }
    polling = request.headers.get("HX-Request") == "true"
    template = "listening/_run_status.html" if polling else "listening/run.html"
    return render(request, template, context)


def _resume(request: HttpRequest, membership: Membership, run: ImportRun) -> HttpResponse:
    if imports.resume_import(run, by=membership.user):
        stored = run.last_position
        messages.success(
            request,
            f"Resuming from row {stored + 1:,}: the {stored:,} rows before it are already "
            "stored and are not imported again."
            if stored
            else "Resuming from the first row: no row was stored before.",
        )
    else:
        messages.error(request, imports.why_not_resumable(run))
    return redirect("listening:run", slug=membership.workspace.slug, run_id=run.pk)


@workspace_view(Role.ANALYST)
def import_problems_csv(
    request: HttpRequest, membership: Membership, run_id: int
) -> HttpResponseBase:
    run = get_object_or_404(ImportRun, pk=run_id, workspace=membership.workspace)
    name = f"import-{run.pk}-problems.csv"
    stored = reports.problems_path(run)
    if stored.is_file():
        return FileResponse(
            stored.open("rb"),
            as_attachment=True,
            filename=name,
            content_type="text/csv; charset=utf-8",
        )
    response = HttpResponse(reports.problems_csv(run), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
