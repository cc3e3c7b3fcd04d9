"""Changes made in the Django admin enter the workspace's audit log too.

The admin writes a `LogEntry` for every addition, change and deletion it makes (before a
deletion, while the object still exists). Each becomes an audit event of the workspace
the object belongs to: the workspace itself, or the object's `workspace`. Objects of no
one workspace (a user, say) stay in the admin's own history only. "Delete selected" of
several objects is logged by Django without a signal: `audited_delete_selected` takes
its place on the admin site and records those.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin import ModelAdmin
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse

from socialcycle.accounts.audit import AdminVerb, record_admin_edit
from socialcycle.accounts.models import User, Workspace

VERBS: dict[int, AdminVerb] = {ADDITION: "added", CHANGE: "changed", DELETION: "deleted"}


def record_admin_change(
    sender: type[LogEntry], instance: LogEntry, created: bool, **_: Any
) -> None:
    if not created:
        return
    edited = _edited_object(instance)
    workspace_id = _workspace_of(edited)
    if workspace_id is None:
        return
    model = instance.content_type.model if instance.content_type else "object"
    record_admin_edit(
        workspace_id,
        instance.user,
        VERBS.get(instance.action_flag, "changed"),
        model,
        instance.object_id,
        after={"object": instance.object_repr, "change": instance.get_change_message()},
    )


def _edited_object(entry: LogEntry) -> Model | None:
    try:
        edited: Model | None = entry.get_edited_object()
    except (ObjectDoesNotExist, AttributeError, ValueError):  # gone, or a model uninstalled
        return None
    return edited


def _workspace_of(edited: Model | None) -> int | None:
    if isinstance(edited, Workspace):
        return edited.pk
    workspace_id = getattr(edited, "workspace_id", None)
    return workspace_id if isinstance(workspace_id, int) else None


def audited_delete_selected(
    modeladmin: ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[Any]
) -> HttpResponse | None:
    """The admin's "Delete selected" action, each deleted object in its workspace's audit
    log. Django logs several deletions in one bulk insert, which sends no signal, so the
    objects are noted here before and recorded once the action has deleted them (it
    answers nothing then; a confirmation page or a refusal is a response)."""
    confirmed = bool(request.POST.get("post"))
    going = [_noted(obj) for obj in queryset] if confirmed and queryset.count() > 1 else []
    response = delete_selected(modeladmin, request, queryset)
    if response is not None:
        return response
    for workspace_id, model, pk, shown in going:
        if workspace_id is not None:
            record_admin_edit(
                workspace_id,
                request.user if isinstance(request.user, User) else None,
                "deleted",
                model,
                pk,
                after={"object": shown, "change": "Deleted with “Delete selected”."},
            )
    return None


audited_delete_selected.short_description = delete_selected.short_description  # type: ignore[attr-defined]
audited_delete_selected.allowed_permissions = ("delete",)  # type: ignore[attr-defined]


def _noted(obj: Model) -> tuple[int | None, str, Any, str]:
    return _workspace_of(obj), obj._meta.model_name or "object", obj.pk, str(obj)[:200]
