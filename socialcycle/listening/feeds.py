"""Following RSS and Atom feeds, from the Feeds page (analysts and admins).

A feed is a live source like any other (connectors/feed.py): polled at its own interval by
the every-minute sweep, backed off when it fails, its state on the Sources page. Following
one polls it at once.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from socialcycle.accounts.models import User, Workspace
from socialcycle.lib.tasks import enqueue
from socialcycle.listening.connectors.connections import connect_source
from socialcycle.listening.connectors.feed import RssFeed
from socialcycle.listening.models import Connection

POLL_TASK = "listening.poll_connection"


def follow_feed(
    workspace: Workspace, *, name: str, url: str, poll_minutes: int, by: User
) -> Connection:
    """Follow the feed at `url` as the source `name` (or re-point it), polled at once."""
    connection = connect_source(
        workspace,
        name=name,
        kind=RssFeed.kind,
        settings={"url": url},
        poll_minutes=poll_minutes,
        by=by,
    )
    transaction.on_commit(lambda: enqueue(POLL_TASK, connection.pk))
    return connection


def followed_feeds(workspace: Workspace) -> QuerySet[Connection]:
    return (
        Connection.objects.filter(source__workspace=workspace, kind=RssFeed.kind)
        .select_related("source")
        .order_by("source__name")
    )
