"""Routing rules: which team acts on what, how urgently, by when.

A rule's conditions select posts (kind, topic, product named, sentiment, urgency, channel,
author influence). `posts_matching` answers "would have matched 37 posts" before a rule is
saved; `route_insight` gives an insight the team, priority and SLA of the first active
rule one of its posts matches.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import User, Workspace
from socialcycle.acting.business_hours import BusinessHoursError, add_hours
from socialcycle.acting.history import record_insight_event
from socialcycle.acting.models import Insight, InsightEvent, RoutingRule, Team
from socialcycle.listening.models import Post
from socialcycle.understanding.queries import PostFilter, filter_posts

logger = logging.getLogger(__name__)

TRY_DAYS = 30


@dataclass(frozen=True)
class Conditions:
    kinds: list[str] = field(default_factory=list)
    sentiments: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    topic_ids: list[int] = field(default_factory=list)
    products: list[str] = field(default_factory=list)
    min_urgency: float | None = None
    min_influence: float | None = None

    @classmethod
    def of(cls, rule: RoutingRule) -> Conditions:
        return cls(
            kinds=list(rule.kinds),
            sentiments=list(rule.sentiments),
            channels=list(rule.channels),
            topic_ids=list(rule.topics.values_list("id", flat=True)) if rule.pk else [],
            products=list(rule.products),
            min_urgency=rule.min_urgency,
            min_influence=rule.min_influence,
        )

    def post_filter(self) -> PostFilter:
        """The same conditions in the one post filter every page and export uses."""
        return PostFilter(
            kinds=tuple(self.kinds),
            sentiments=tuple(self.sentiments),
            channels=tuple(self.channels),
            topic_ids=tuple(self.topic_ids),
            products=tuple(self.products),
            min_urgency=self.min_urgency,
            min_influence=self.min_influence,
        )


def posts_matching(workspace: Workspace, conditions: Conditions) -> QuerySet[Post]:
    """The workspace's posts that satisfy every given condition (each post once); a
    product is matched by its mention rows, as on the dashboard."""
    return filter_posts(workspace, conditions.post_filter())


def would_match(workspace: Workspace, conditions: Conditions, days: int = TRY_DAYS) -> int:
    """How many posts of the last `days` days the conditions select."""
    since = timezone.now() - timedelta(days=days)
    return filter_posts(workspace, replace(conditions.post_filter(), start=since)).count()


@transaction.atomic
def route_insight(insight: Insight, *, by: User | None = None) -> RoutingRule | None:
    """Apply the first active rule one of the insight's posts matches; returns it."""
    post_ids = list(insight.posts.values_list("id", flat=True))
    if not post_ids:
        return None
    rules = RoutingRule.objects.filter(workspace_id=insight.workspace_id, is_active=True)
    for rule in rules.select_related("team"):
        matching = posts_matching(insight.workspace, Conditions.of(rule))
        if matching.filter(id__in=post_ids).exists():
            _apply(insight, rule, by=by)
            return rule
    return None


def _apply(insight: Insight, rule: RoutingRule, *, by: User | None) -> None:
    before = {"team": insight.team_id, "priority": insight.priority}
    insight.team = rule.team
    insight.priority = rule.priority
    if rule.sla_hours is not None:
        # Working hours when the team keeps business hours: 8 hours on Friday at 16:00
        # for a team at work 09:00-17:00 on weekdays is due on Monday at 16:00.
        insight.sla_due_at = _due(rule, timezone.now())
    insight.save(update_fields=["team", "priority", "sla_due_at"])
    record_insight_event(
        insight=insight,
        kind=InsightEvent.Kind.ASSIGNED,
        actor=by,
        before=before,
        after={"team": rule.team_id, "priority": rule.priority, "rule": rule.name},
    )


def _due(rule: RoutingRule, now: datetime) -> datetime:
    assert rule.sla_hours is not None
    try:
        return add_hours(rule.team.business_hours(), now, rule.sla_hours)
    except BusinessHoursError as problem:  # holidays on every working day for years
        logger.warning("team %s: %s Counting calendar hours.", rule.team_id, problem)
        return add_hours(None, now, rule.sla_hours)


@transaction.atomic
def save_rule(workspace: Workspace, data: dict[str, Any], *, by: User) -> RoutingRule:
    """Store a rule from a validated form's data (a new team is created when named)."""
    team = (
        data.get("team")
        or Team.objects.get_or_create(workspace=workspace, name=str(data["new_team"]).strip())[0]
    )
    last = RoutingRule.objects.filter(workspace=workspace).order_by("-position").first()
    rule = RoutingRule.objects.create(
        workspace=workspace,
        name=data["name"],
        position=(last.position + 1) if last else 0,
        kinds=list(data.get("kinds") or []),
        sentiments=list(data.get("sentiments") or []),
        channels=list(data.get("channels") or []),
        products=list(data.get("products") or []),
        min_urgency=data.get("min_urgency"),
        min_influence=data.get("min_influence"),
        team=team,
        priority=data.get("priority") or 3,
        sla_hours=data.get("sla_hours"),
        created_by=by,
    )
    rule.topics.set(data.get("topics") or [])
    record_change(
        workspace,
        by,
        AuditAction.CREATE_ROUTING_RULE,
        "routing_rule",
        rule.pk,
        after={"name": rule.name, "team": team.name},
    )
    return rule
