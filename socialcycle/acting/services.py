"""Writes of the acting app: teams and insights, each change recorded as an event."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from socialcycle.accounts.models import User, Workspace
from socialcycle.acting import routing, webhooks
from socialcycle.acting.history import record_insight_event
from socialcycle.acting.models import Insight, InsightEvent, InsightPost, Team, Webhook
from socialcycle.lib.errors import DomainError
from socialcycle.lib.tasks import enqueue
from socialcycle.listening.models import Post


class InsightError(DomainError):
    """An insight change that cannot be made, said as one sentence."""

    code = "insight"


def create_team(workspace: Workspace, name: str) -> Team:
    team, _ = Team.objects.get_or_create(workspace=workspace, name=name)
    return team


@transaction.atomic
def create_insight(
    workspace: Workspace,
    *,
    kind: str,
    title: str,
    description: str = "",
    team: Team | None = None,
    by: User | None = None,
) -> Insight:
    insight = Insight.objects.create(
        workspace=workspace, kind=kind, title=title, description=description, team=team
    )
    record_insight_event(insight=insight, kind=InsightEvent.Kind.CREATED, actor=by)
    webhooks.emit(workspace.pk, Webhook.Event.INSIGHT_CREATED, insight_payload(insight))
    return insight


@transaction.atomic
def attach_posts(insight: Insight, posts: Sequence[Post], *, by: User | None = None) -> int:
    """Add supporting posts to an insight; posts already attached are skipped."""
    already = set(insight.posts.values_list("id", flat=True))
    new: dict[int, Post] = {}
    for post in posts:
        if post.id not in already and post.workspace_id == insight.workspace_id:
            new.setdefault(post.id, post)
    InsightPost.objects.bulk_create(
        [InsightPost(insight=insight, post=post, added_by=by) for post in new.values()]
    )
    if new:
        record_insight_event(
            insight=insight,
            kind=InsightEvent.Kind.POST_ATTACHED,
            actor=by,
            after={"post_ids": list(new)},
        )
        webhooks.emit(
            insight.workspace_id,
            Webhook.Event.INSIGHT_POSTS_ATTACHED,
            {**insight_payload(insight), "post_ids": list(new)},
        )
        if insight.team_id is None:
            routing.route_insight(insight, by=by)
    return len(new)


@transaction.atomic
def change_insight_status(
    insight: Insight,
    status: str,
    *,
    by: User | None = None,
    decline_reason: str = "",
    decline_alternative: str = "",
) -> Insight:
    """Move an insight along its workflow; declining needs a reason the customer will read."""
    if status == Insight.Status.DECLINED and not decline_reason.strip():
        raise InsightError(
            "Declining an insight needs a reason that customers will read.", field="reason"
        )
    before = insight.status
    if status == before and (decline_reason, decline_alternative) == (
        insight.decline_reason,
        insight.decline_alternative,
    ):
        return insight  # nothing changes: no history, no webhook, nobody told again
    insight.status = status
    insight.status_changed_at = timezone.now()
    insight.decline_reason = decline_reason
    insight.decline_alternative = decline_alternative
    insight.save(
        update_fields=["status", "status_changed_at", "decline_reason", "decline_alternative"]
    )
    record_insight_event(
        insight=insight,
        kind=InsightEvent.Kind.STATUS_CHANGED,
        actor=by,
        before={"status": before},
        after={"status": status},
    )
    if status != before:  # a declined insight's new reason is history, not news
        webhooks.emit(
            insight.workspace_id,
            Webhook.Event.INSIGHT_STATUS_CHANGED,
            {**insight_payload(insight), "previous_status": before},
        )
        # Closing the loop (responding app, later in the flow: woken by name).
        enqueue("responding.tell_contributors", insight.pk, f"status:{status}")
    return insight


def insight_payload(insight: Insight) -> dict[str, object]:
    """What webhooks say about an insight (no personal data of the people behind it)."""
    return {
        "insight": {
            "id": insight.pk,
            "title": insight.title,
            "kind": insight.kind,
            "status": insight.status,
            "team": insight.team.name if insight.team_id and insight.team else None,
            "priority": insight.priority,
            "is_public": insight.is_public,
            "decline_reason": insight.decline_reason,
            "decline_alternative": insight.decline_alternative,
        }
    }
