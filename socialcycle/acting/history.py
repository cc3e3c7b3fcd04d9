"""An insight's history: every change is an `InsightEvent` on the insight's page and, when
a person made it, the same change in the workspace's audit log."""

from __future__ import annotations

from typing import Any

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import User
from socialcycle.acting.models import Insight, InsightEvent

# What each kind of event is called in the audit log ("insight " and the kind in words).
AUDIT_ACTIONS: dict[str, AuditAction] = {
    InsightEvent.Kind.CREATED: AuditAction.INSIGHT_CREATED,
    InsightEvent.Kind.STATUS_CHANGED: AuditAction.INSIGHT_STATUS_CHANGED,
    InsightEvent.Kind.ASSIGNED: AuditAction.INSIGHT_ASSIGNED,
    InsightEvent.Kind.PUBLISHED: AuditAction.INSIGHT_PUBLISHED,
    InsightEvent.Kind.RENAMED: AuditAction.INSIGHT_RENAMED,
    InsightEvent.Kind.COMMENTED: AuditAction.INSIGHT_COMMENTED,
    InsightEvent.Kind.POST_ATTACHED: AuditAction.INSIGHT_POST_ATTACHED,
    InsightEvent.Kind.CONFIRMED: AuditAction.INSIGHT_CONFIRMED,
    InsightEvent.Kind.DISMISSED: AuditAction.INSIGHT_DISMISSED,
    InsightEvent.Kind.MERGED: AuditAction.INSIGHT_MERGED,
    InsightEvent.Kind.SPLIT: AuditAction.INSIGHT_SPLIT,
}


def record_insight_event(
    *,
    insight: Insight,
    kind: str,
    actor: User | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    text: str = "",
) -> InsightEvent:
    event = InsightEvent.objects.create(
        insight=insight,
        kind=kind,
        actor=actor,
        before=before,
        after=after,
        text=text,
    )
    if actor is not None:
        details = {**(after or {}), **({"text": text} if text else {})}
        record_change(
            insight.workspace_id,
            actor,
            AUDIT_ACTIONS[kind],
            "insight",
            insight.pk,
            before=before,
            after=details,
        )
    return event
