"""What happened to my feedback: the insights a person's posts, votes and follows fed."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from socialcycle.acting.models import Insight
from socialcycle.listening.models import EngagementEvent, Participant, Post


@dataclass(frozen=True)
class FeedbackRow:
    insight: Insight
    how: str  # "you raised it", "you voted or followed"


def my_feedback(participant: Participant) -> list[FeedbackRow]:
    people = [participant.pk, *participant.merged_from.values_list("pk", flat=True)]
    raised = set(Post.objects.filter(author_id__in=people).values_list("pk", flat=True))
    backed = set(
        EngagementEvent.objects.filter(participant_id__in=people, post__isnull=False)
        .filter(
            Q(stage__in=[EngagementEvent.Stage.CURATION, EngagementEvent.Stage.COLLABORATION])
            | Q(action="follow")
        )
        .values_list("post_id", flat=True)
    )
    insights = (
        Insight.objects.confirmed()
        .filter(posts__id__in=raised | backed, merged_into__isnull=True)
        .distinct()
        .order_by("-status_changed_at", "-created_at")[:100]
    )
    rows = []
    for insight in insights:
        post_ids = set(insight.posts.values_list("pk", flat=True))
        how = "You raised it" if post_ids & raised else "You voted for or followed it"
        rows.append(FeedbackRow(insight, how))
    return rows
