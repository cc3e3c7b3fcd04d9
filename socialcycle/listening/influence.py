"""Influence: how far a participant's word carries, on a 0 to 100 scale.

Two halves, each log-scaled to 0..1 and capped, because reach grows by orders of
magnitude and the tenth thousand followers matter less than the first hundred:

    reach    = log10(1 + audience) / log10(1 + AUDIENCE_CEILING)
    curation = log10(1 + curated)  / log10(1 + CURATION_CEILING)
    influence = 100 * (AUDIENCE_WEIGHT * min(reach, 1) + CURATION_WEIGHT * min(curation, 1))

`audience` is the largest audience across the person's identities (followers where the
channel reports them). `curated` is what others did with what the person created: curation
events (votes, helpful-votes, shares, ratings) by other participants on their posts, plus
the likes and shares their posts carry from the channel.
"""

from __future__ import annotations

import math
from collections import defaultdict

from django.db.models import Count, F, Max, Sum
from django.db.models.functions import Coalesce

from socialcycle.accounts.models import Workspace
from socialcycle.listening.models import EngagementEvent, Identity, Participant, Post

AUDIENCE_CEILING = 1_000_000
CURATION_CEILING = 10_000
AUDIENCE_WEIGHT = 0.5
CURATION_WEIGHT = 0.5
UPDATE_BATCH = 1000


def influence_score(audience: int, curated: int) -> float:
    """The formula above, rounded to one decimal."""
    reach = min(1.0, math.log10(1 + max(audience, 0)) / math.log10(1 + AUDIENCE_CEILING))
    curation = min(1.0, math.log10(1 + max(curated, 0)) / math.log10(1 + CURATION_CEILING))
    return round(100 * (AUDIENCE_WEIGHT * reach + CURATION_WEIGHT * curation), 1)


def refresh_influence(workspace: Workspace) -> int:
    """Recompute every participant's influence with three GROUP BY queries; returns how
    many changed. Only changed rows are written, so an hourly run is cheap.
    """
    audience = dict(
        Identity.objects.filter(workspace=workspace)
        .values("participant")
        .annotate(top=Max("audience"))
        .values_list("participant", "top")
    )
    curated: dict[int, int] = defaultdict(int)
    by_others = (
        EngagementEvent.objects.filter(
            workspace=workspace,
            stage=EngagementEvent.Stage.CURATION,
            post__author__isnull=False,
        )
        .exclude(participant=F("post__author"))
        .values("post__author")
        .annotate(n=Count("id"))
        .values_list("post__author", "n")
    )
    for author, n in by_others:
        curated[author] += n
    on_channel = (
        Post.objects.filter(workspace=workspace, author__isnull=False)
        .values("author")
        .annotate(n=Coalesce(Sum("likes"), 0) + Coalesce(Sum("shares"), 0))
        .values_list("author", "n")
    )
    for author, n in on_channel:
        curated[author] += n
    changed = []
    current = Participant.objects.filter(workspace=workspace).values_list("id", "influence")
    for participant_id, old in current.iterator(chunk_size=5000):
        new = influence_score(audience.get(participant_id) or 0, curated.get(participant_id, 0))
        if new != old:
            changed.append(Participant(id=participant_id, influence=new))
    Participant.objects.bulk_update(changed, ["influence"], batch_size=UPDATE_BATCH)
    return len(changed)
