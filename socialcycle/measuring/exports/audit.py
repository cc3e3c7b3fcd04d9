"""Exports of personal data in the audit log: who took which people, with which filter."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import User, Workspace
from socialcycle.measuring.exports.catalogue import PERSONAL_DATA_ROLE, Export
from socialcycle.understanding.queries import SPAM_HIDE, PostFilter


def record_export(
    workspace: Workspace, user: User | None, export: Export, fmt: str, post_filter: PostFilter
) -> None:
    """Log an export of personal data in the audit log (who took which people, when)."""
    if export.role != PERSONAL_DATA_ROLE:
        return
    record_change(
        workspace,
        user,
        AuditAction.EXPORT_PARTICIPANTS,
        "export",
        export.name,
        after={"format": fmt, **_described(post_filter)},
    )


def _described(post_filter: PostFilter) -> dict[str, str]:
    """The filter's narrowing fields as text (the period as instants, lists joined)."""
    described = {}
    for name, value in asdict(post_filter).items():
        if value is None or value in ("", ()):
            continue
        if name == "spam" and value == SPAM_HIDE:  # the default: said only when changed
            continue
        if isinstance(value, datetime):
            described[name] = value.isoformat()
        elif isinstance(value, tuple):
            described[name] = ", ".join(map(str, value))
        else:
            described[name] = str(value)
    return described
