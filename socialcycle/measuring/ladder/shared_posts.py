"""Advocacy steps derived from shared posts: the author of a positive post someone else
shared is recorded as an advocate (once per post)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F, Min

from socialcycle.accounts.models import Workspace
from socialcycle.analysis.labels import Sentiment
from socialcycle.listening.models import EngagementEvent, Post

SHARED_POST_ACTION = "positive_post_shared"
ADVOCACY_BATCH = 1000


def shared_post_event_id(post_id: int) -> str:
    """The external id of the advocacy event for one shared post: one event per post."""
    return f"socialcycle:shared-post:{post_id}"


def record_share_advocacy(workspace: Workspace) -> int:
    """An advocacy event for the author of each positive post someone else shared.

    "Shared" is a curation `share` event by another person on the post, or a copy of it
    (near-duplicate) by another author. The event happens when the first share did and is
    keyed by the post, so running this again adds nothing. Returns how many are new.
    """
    first_share: dict[int, datetime] = {}
    by_events = (
        EngagementEvent.objects.filter(
            workspace=workspace,
            stage=EngagementEvent.Stage.CURATION,
            action="share",
            post__author__isnull=False,
            post__analysis__sentiment=Sentiment.POSITIVE,
        )
        .exclude(participant=F("post__author"))
        .values("post")
        .annotate(first=Min("occurred_at"))
        .values_list("post", "first")
    )
    by_copies = (
        Post.objects.filter(
            workspace=workspace,
            author__isnull=False,
            near_duplicate_of__author__isnull=False,
            near_duplicate_of__analysis__sentiment=Sentiment.POSITIVE,
        )
        .exclude(author=F("near_duplicate_of__author"))
        .values("near_duplicate_of")
        .annotate(first=Min("created_at"))
        .values_list("near_duplicate_of", "first")
    )
    for post_id, first in [*by_events, *by_copies]:
        if post_id is not None and (post_id not in first_share or first < first_share[post_id]):
            first_share[post_id] = first
    post_ids = sorted(first_share)
    created = 0
    for start in range(0, len(post_ids), ADVOCACY_BATCH):
        created += _record_batch(workspace, post_ids[start : start + ADVOCACY_BATCH], first_share)
    return created


@transaction.atomic
def _record_batch(
    workspace: Workspace, post_ids: list[int], first_share: dict[int, datetime]
) -> int:
    recorded = set(
        EngagementEvent.objects.filter(
            workspace=workspace,
            external_id__in=[shared_post_event_id(post_id) for post_id in post_ids],
        ).values_list("external_id", flat=True)
    )
    authors = Post.objects.filter(id__in=post_ids).values_list("id", "author_id")
    new = [
        EngagementEvent(
            workspace=workspace,
            participant_id=author_id,
            stage=EngagementEvent.Stage.ADVOCACY,
            action=SHARED_POST_ACTION,
            post_id=post_id,
            occurred_at=first_share[post_id],
            external_id=shared_post_event_id(post_id),
        )
        for post_id, author_id in authors
        if author_id is not None and shared_post_event_id(post_id) not in recorded
    ]
    # ignore_conflicts: a concurrent run may have recorded some of these meanwhile.
    EngagementEvent.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
