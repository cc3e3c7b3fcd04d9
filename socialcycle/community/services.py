"""Writes of the community app: votes and the engagement they stand for."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction

from socialcycle.community.models import Vote
from socialcycle.listening.models import EngagementEvent, Participant, Post


@transaction.atomic
def record_votes(
    votes: Sequence[tuple[Post, Participant, datetime]], kind: str = Vote.Kind.IDEA
) -> int:
    """Store votes (a second vote by the same person on the same post is ignored).

    Returns how many were new. Each new vote is a curation step on the engagement ladder.
    """
    existing = set(
        Vote.objects.filter(post__in={post for post, _, _ in votes}, kind=kind).values_list(
            "post_id", "participant_id"
        )
    )
    new_votes: list[Vote] = []
    for post, participant, when in votes:
        key = (post.id, participant.id)
        if key in existing:
            continue
        existing.add(key)
        new_votes.append(
            Vote(
                workspace_id=post.workspace_id,
                post=post,
                participant=participant,
                kind=kind,
                created_at=when,
            )
        )
    Vote.objects.bulk_create(new_votes)
    EngagementEvent.objects.bulk_create(
        [
            EngagementEvent(
                workspace_id=vote.workspace_id,
                participant=vote.participant,
                stage=EngagementEvent.Stage.CURATION,
                action=f"vote:{kind}",
                post=vote.post,
                occurred_at=vote.created_at,
            )
            for vote in new_votes
        ]
    )
    return len(new_votes)
