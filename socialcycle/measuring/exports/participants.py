"""The participants export: every person with their handles, influence, ladder stage and
posts (personal data: analysts and admins only)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db.models import Count, Exists, Min, OuterRef

from socialcycle.accounts.models import Workspace
from socialcycle.listening.models import Identity, Participant, Post
from socialcycle.measuring.exports.rows import Row, created_in, moment
from socialcycle.measuring.ladder.stages import highest_stages
from socialcycle.understanding.queries import PostFilter

PARTICIPANT_COLUMNS = (
    "id",
    "display_name",
    "email",
    "customer_id",
    "channels",
    "handles",
    "influence",
    "ladder_stage",
    "first_seen",
    "first_post_at",
    "posts_count",
)


def read_participants(
    workspace: Workspace, post_filter: PostFilter, after: int, limit: int
) -> list[Row]:
    """The people still standing on their own (those merged into another are folded into
    that one, with their posts, handles and events), first seen in the filter's period
    and, where it names channels, with a handle on one of them."""
    people = created_in(
        Participant.objects.filter(workspace=workspace, merged_into__isnull=True, id__gt=after),
        post_filter,
    )
    if post_filter.channels:
        on_channel = Identity.objects.filter(
            participant=OuterRef("pk"), channel__in=post_filter.channels
        )
        people = people.filter(Exists(on_channel))
    found = list(
        people.order_by("id").values(
            "id", "display_name", "email", "customer_id", "influence", "created_at"
        )[:limit]
    )
    ids, zone = [row["id"] for row in found], workspace.zone()
    stages = highest_stages(ids)
    handles: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for participant_id, channel, handle in (
        Identity.objects.filter(participant_id__in=ids)
        .order_by("participant_id", "channel", "handle")
        .values_list("participant_id", "channel", "handle")
    ):
        handles[participant_id].append((channel, handle))
    posts: dict[int, tuple[int, datetime]] = {
        author_id: (count, first)
        for author_id, count, first in Post.objects.filter(author_id__in=ids)
        .values("author_id")
        .annotate(count=Count("id"), first=Min("created_at"))
        .order_by()
        .values_list("author_id", "count", "first")
    }
    return [
        {
            "id": row["id"],
            "display_name": row["display_name"],
            "email": row["email"],
            "customer_id": row["customer_id"],
            "channels": sorted({channel for channel, _ in handles.get(row["id"], [])}),
            "handles": [f"{channel}:{handle}" for channel, handle in handles.get(row["id"], [])],
            "influence": row["influence"],
            "ladder_stage": stages.get(row["id"]),
            "first_seen": moment(row["created_at"], zone),
            "first_post_at": moment(posts[row["id"]][1], zone) if row["id"] in posts else None,
            "posts_count": posts[row["id"]][0] if row["id"] in posts else 0,
        }
        for row in found
    ]
