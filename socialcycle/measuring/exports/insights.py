"""The insights export: every insight with its supporting posts, people and votes."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from socialcycle.accounts.models import Workspace
from socialcycle.acting.models import Insight, InsightPost
from socialcycle.community.models import Vote
from socialcycle.measuring.exports.rows import Row, created_in, moment
from socialcycle.understanding.queries import PostFilter

INSIGHT_COLUMNS = (
    "id",
    "title",
    "kind",
    "status",
    "team",
    "owner",
    "priority",
    "sla_due_at",
    "overdue",
    "is_public",
    "suggested",
    "topic",
    "posts_count",
    "people_count",
    "votes_count",
    "decline_reason",
    "merged_into_id",
    "created_at",
    "status_changed_at",
)


def read_insights(
    workspace: Workspace, post_filter: PostFilter, after: int, limit: int
) -> list[Row]:
    """Insights created in the filter's period and, where it names channels, with a
    supporting post on one of them."""
    insights = created_in(Insight.objects.filter(workspace=workspace, id__gt=after), post_filter)
    if post_filter.channels:
        on_channel = InsightPost.objects.filter(
            insight=OuterRef("pk"), post__channel__in=post_filter.channels
        )
        insights = insights.filter(Exists(on_channel))
    found = list(
        insights.order_by("id").values(
            "id",
            "title",
            "kind",
            "status",
            "team__name",
            "owner__username",
            "priority",
            "sla_due_at",
            "is_public",
            "suggested",
            "topic__label",
            "decline_reason",
            "merged_into_id",
            "created_at",
            "status_changed_at",
        )[:limit]
    )
    ids = [row["id"] for row in found]
    support: dict[int, tuple[int, int]] = {
        insight_id: (posts, people)
        for insight_id, posts, people in InsightPost.objects.filter(insight_id__in=ids)
        .values("insight_id")
        .annotate(posts=Count("id"), people=Count("post__author", distinct=True))
        .order_by()
        .values_list("insight_id", "posts", "people")
    }
    votes = dict(
        Vote.objects.filter(kind=Vote.Kind.IDEA, post__insightpost__insight_id__in=ids)
        .values("post__insightpost__insight_id")
        .annotate(votes=Count("id"))
        .order_by()
        .values_list("post__insightpost__insight_id", "votes")
    )
    now, zone = timezone.now(), workspace.zone()
    closed = set(Insight.CLOSED_STATUSES)
    return [
        {
            "id": row["id"],
            "title": row["title"],
            "kind": row["kind"],
            "status": row["status"],
            "team": row["team__name"],
            "owner": row["owner__username"],
            "priority": row["priority"],
            "sla_due_at": moment(row["sla_due_at"], zone),
            "overdue": row["sla_due_at"] is not None
            and row["status"] not in closed
            and now > row["sla_due_at"],
            "is_public": row["is_public"],
            "suggested": row["suggested"],
            "topic": row["topic__label"],
            "posts_count": support.get(row["id"], (0, 0))[0],
            "people_count": support.get(row["id"], (0, 0))[1],
            "votes_count": votes.get(row["id"], 0),
            "decline_reason": row["decline_reason"],
            "merged_into_id": row["merged_into_id"],
            "created_at": moment(row["created_at"], zone),
            "status_changed_at": moment(row["status_changed_at"], zone),
        }
        for row in found
    ]
