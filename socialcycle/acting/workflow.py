"""The insight workflow beyond status: owners, team, priority and due date, internal
comments with @mentions, SLA.

Comments are internal (staff only). "@username" of a colleague in the same workspace
notifies them; the notification is created by name in the responding app, later in the
flow, so this module never imports it.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from socialcycle.accounts.models import User
from socialcycle.acting.history import record_insight_event
from socialcycle.acting.models import Insight, InsightEvent, Team
from socialcycle.acting.services import InsightError
from socialcycle.lib.tasks import enqueue

MENTION = re.compile(r"(?<![\w@])@([\w.+-]{1,150})")
MAX_COMMENT_CHARS = 10_000


def workspace_users(insight: Insight) -> dict[str, User]:
    members = User.objects.filter(memberships__workspace_id=insight.workspace_id)
    return {user.username.lower(): user for user in members}


@transaction.atomic
def add_comment(insight: Insight, text: str, *, by: User) -> InsightEvent:
    """An internal comment; colleagues @mentioned in it are notified (others are ignored)."""
    text = text.strip()
    if not text:
        raise InsightError("a comment needs some text.", field="text")
    if len(text) > MAX_COMMENT_CHARS:
        raise InsightError(
            f"a comment is limited to {MAX_COMMENT_CHARS:,} characters.", field="text"
        )
    colleagues = workspace_users(insight)
    mentioned = {
        colleagues[name.lower()].pk
        for name in MENTION.findall(text)
        if name.lower() in colleagues and colleagues[name.lower()].pk != by.pk
    }
    event = record_insight_event(
        insight=insight,
        kind=InsightEvent.Kind.COMMENTED,
        actor=by,
        text=text,
        after={"mentioned": sorted(mentioned)},
    )
    if mentioned:
        enqueue("responding.tell_mentioned", event.pk)
    return event


@transaction.atomic
def assign_owner(insight: Insight, owner: User | None, *, by: User) -> Insight:
    if owner is not None and owner.username.lower() not in workspace_users(insight):
        raise InsightError("the owner must be a member of this workspace.", field="owner")
    before = insight.owner_id
    if before == (owner.pk if owner else None):
        return insight
    insight.owner = owner
    insight.save(update_fields=["owner"])
    record_insight_event(
        insight=insight,
        kind=InsightEvent.Kind.ASSIGNED,
        actor=by,
        before={"owner": before},
        after={"owner": owner.pk if owner else None},
    )
    return insight


MAX_TITLE = 300


@transaction.atomic
def rename(insight: Insight, title: str, *, by: User) -> Insight:
    """Give the insight a name people will recognise (a suggestion's is a customer's words)."""
    title = " ".join(title.split())
    if not title:
        raise InsightError("an insight needs a title.", field="title")
    if len(title) > MAX_TITLE:
        raise InsightError(f"a title is at most {MAX_TITLE} characters.", field="title")
    before = insight.title
    if title == before:
        return insight
    insight.title = title
    insight.save(update_fields=["title"])
    record_insight_event(
        insight=insight,
        kind=InsightEvent.Kind.RENAMED,
        actor=by,
        before={"title": before},
        after={"title": title},
    )
    return insight


@transaction.atomic
def plan(
    insight: Insight, *, team: Team | None, priority: int, due: datetime | None, by: User
) -> Insight:
    """Set who acts on the insight (the team), how soon (priority 1-5, 1 highest) and by
    when; what a routing rule set is overridden, and the history says who changed what."""
    if team is not None and team.workspace_id != insight.workspace_id:
        raise InsightError("the team must be one of this workspace.", field="team")
    if not 1 <= priority <= 5:
        raise InsightError("the priority goes from 1 (highest) to 5.", field="priority")
    before = _plan_of(insight)
    insight.team, insight.priority, insight.sla_due_at = team, priority, due
    after = _plan_of(insight)
    if after == before:
        return insight
    insight.save(update_fields=["team", "priority", "sla_due_at"])
    changed = [name for name in after if after[name] != before[name]]
    record_insight_event(
        insight=insight,
        kind=InsightEvent.Kind.ASSIGNED,
        actor=by,
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
    )
    return insight


def _plan_of(insight: Insight) -> dict[str, Any]:
    due = insight.sla_due_at.isoformat() if insight.sla_due_at else None
    return {
        "team": insight.team.name if insight.team else None,
        "priority": insight.priority,
        "due": due,
    }


@transaction.atomic
def set_public(insight: Insight, public: bool, *, by: User) -> Insight:
    """Show the insight on the public roadmap and changelog, or stop showing it."""
    if insight.is_public == public:
        return insight
    insight.is_public = public
    insight.save(update_fields=["is_public"])
    record_insight_event(
        insight=insight,
        kind=InsightEvent.Kind.PUBLISHED,
        actor=by,
        before={"is_public": not public},
        after={"is_public": public},
    )
    return insight


def overdue(insight: Insight) -> bool:
    return insight.is_overdue(timezone.now())
