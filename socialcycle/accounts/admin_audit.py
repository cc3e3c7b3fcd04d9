"""Changes made in the Django admin enter the workspace's audit log too.

The admin writes a `LogEntry` for every addition, change and deletion it makes (before a
deletion, while the object still exists). Each becomes an audit event of the workspace
the object belongs to: the workspace itself, or the object's `workspace`. Objects of no
one workspace (a user, say) stay in the admin's own history only.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.models import Workspace

VERBS = {ADDITION: "added", CHANGE: "changed", DELETION: "deleted"}


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
    record_change(
        workspace_id,
        instance.user,
        f"admin: {VERBS.get(instance.action_flag, 'changed')} {model}",
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
