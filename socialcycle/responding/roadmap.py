"""The public roadmap and changelog of a workspace: what came of the feedback.

Only insights staff marked public appear. Each entry shows how much feedback led to it,
quoting only posts that were public already (community, social networks, reviews, app
stores, feeds); e-mails, support tickets and API posts are counted but never shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from socialcycle.accounts.models import Workspace
from socialcycle.acting.models import Insight
from socialcycle.listening.models import Channel, Post

PUBLIC_CHANNELS = (
    Channel.COMMUNITY,
    Channel.SOCIAL,
    Channel.REVIEW,
    Channel.APP_STORE,
    Channel.FEED,
)
ROADMAP_STATUSES = (Insight.Status.PLANNED, Insight.Status.IN_PROGRESS, Insight.Status.DONE)
QUOTES = 3


@dataclass(frozen=True)
class Entry:
    insight: Insight
    feedback: int
    quotes: list[Post]


def roadmap(workspace: Workspace) -> dict[str, list[Entry]]:
    """Public insights by roadmap column (planned, in progress, done)."""
    columns: dict[str, list[Entry]] = {status: [] for status in ROADMAP_STATUSES}
    for entry in _entries(workspace, ROADMAP_STATUSES, "-created_at"):
        columns[entry.insight.status].append(entry)
    return columns


def changelog(workspace: Workspace) -> list[Entry]:
    """Public insights that shipped, newest first."""
    return _entries(workspace, (Insight.Status.DONE,), "-status_changed_at")


def _entries(workspace: Workspace, statuses: tuple[str, ...], order: str) -> list[Entry]:
    insights = (
        Insight.objects.confirmed()
        .filter(workspace=workspace, is_public=True, status__in=statuses)
        .annotate(feedback=Count("posts"))
        .order_by(order)[:200]
    )
    return [
        Entry(
            insight,
            insight.feedback,  # type: ignore[attr-defined]  # annotated above; the stubs lose it
            list(
                insight.posts.filter(
                    channel__in=PUBLIC_CHANNELS, near_duplicate_of__isnull=True
                ).order_by("-created_at")[:QUOTES]
            ),
        )
        for insight in insights
    ]
