"""Pages of the measuring app."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.models import Membership
from socialcycle.measuring import charts, queries

HOME_WINDOW_DAYS = 90


def home_window(now: datetime) -> tuple[datetime, datetime]:
    """The last HOME_WINDOW_DAYS whole days up to and including today."""
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    until = timezone.make_aware(datetime.combine(tomorrow, time.min))
    return until - timedelta(days=HOME_WINDOW_DAYS), until


@workspace_view()
def workspace_home(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    since, until = home_window(timezone.now())
    by_channel = queries.posts_per_day_by_channel(workspace, since, until)
    by_sentiment = queries.posts_per_day_by_sentiment(workspace, since, until)
    by_kind = queries.posts_per_day_by_kind(workspace, since, until)
    context = {
        "workspace": workspace,
        "membership": membership,
        "overview": queries.overview(workspace, since, until),
        "charts": [
            charts.stacked_bars("posts-by-channel", by_channel, "Posts per day by channel"),
            charts.sentiment_lines("posts-by-sentiment", by_sentiment, "Sentiment per day"),
            charts.stacked_bars("posts-by-kind", by_kind, "Feedback kinds per day"),
        ],
    }
    return render(request, "measuring/home.html", context)
