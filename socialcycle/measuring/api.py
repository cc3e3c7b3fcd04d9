"""JSON API of the measuring app."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.security import django_auth

from socialcycle.accounts.access import get_membership
from socialcycle.measuring import queries
from socialcycle.measuring.views import home_window

router = Router(tags=["measuring"])


class SummaryOut(Schema):
    workspace: str
    since: str
    until: str
    posts: int
    analysed: int
    participants: int
    posts_by_channel: dict[str, int]
    posts_by_sentiment: dict[str, int]


@router.get("/workspaces/{slug}/summary", response=SummaryOut, auth=django_auth)
def workspace_summary(request: HttpRequest, slug: str) -> SummaryOut:
    """Counts for the last 90 days: posts, analysed posts, people, by channel and sentiment."""
    workspace = get_membership(request, slug).workspace
    since, until = home_window(timezone.now())
    overview = queries.overview(workspace, since, until)
    by_channel = queries.posts_per_day_by_channel(workspace, since, until)
    by_sentiment = queries.posts_per_day_by_sentiment(workspace, since, until)
    return SummaryOut(
        workspace=workspace.slug,
        since=overview.since.isoformat(),
        until=overview.until.isoformat(),
        posts=overview.posts,
        analysed=overview.analysed,
        participants=overview.participants,
        posts_by_channel={label: sum(v) for label, v in by_channel.counts.items()},
        posts_by_sentiment={label: sum(v) for label, v in by_sentiment.counts.items()},
    )
