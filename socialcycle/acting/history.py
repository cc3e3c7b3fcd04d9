"""An insight's history: every change is an `InsightEvent` on the insight's page and, when
a person made it, the same change in the workspace's audit log."""

from __future__ import annotations

from typing import Any

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.models import User
from socialcycle.acting.models import Insight, InsightEvent


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
            f"insight {kind.replace('_', ' ')}",
            "insight",
            insight.pk,
            before=before,
            after=details,
        )
    return event
