"""Replies published where the customer spoke, through the connector of the post's live
source (listening/connectors/), in the background.

The reply is recorded first and shown as "publishing"; the task `responding.publish_reply`
claims it with a conditional UPDATE (so a task that runs twice publishes once), asks the
platform with the reply's own idempotency key (so a platform that got the request before a
crash does not post it again), then records the published reply's address. When the
platform refuses, the reply stays "ready to paste" with the link and the reason.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from socialcycle.lib.credentials import SealError
from socialcycle.listening.connectors import CONNECTORS, publisher_for
from socialcycle.listening.connectors.base import ConnectorError, Publisher, ReplyTarget
from socialcycle.listening.models import Connection, Post
from socialcycle.responding.models import Reply

logger = logging.getLogger(__name__)

PUBLISH_TASK = "responding.publish_reply"
CLAIM_SECONDS = 300  # a publishing task that has not finished by then died


def publisher_of(post: Post) -> tuple[Publisher, str] | None:
    """The connector that can answer on the post's platform, and its name; None when the
    post did not come from a live source that can."""
    connection = Connection.objects.filter(source_id=post.source_id, paused=False).first()
    if connection is None:
        return None
    try:
        publisher = publisher_for(connection)
    except (ConnectorError, SealError):
        return None
    if publisher is None:
        return None
    return publisher, CONNECTORS[connection.kind].label


def publish_waiting(limit: int = 50) -> int:
    """Publish replies still waiting (queued, or claimed by a worker that died) on posts
    from live sources; a reply that failed keeps its reason and waits for a person."""
    stale = timezone.now() - timedelta(seconds=CLAIM_SECONDS)
    waiting = (
        Reply.objects.filter(
            published_at__isnull=True,
            publish_error="",
            post__source__connection__isnull=False,
        )
        .filter(Q(publish_claimed_at__isnull=True) | Q(publish_claimed_at__lt=stale))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(publish(pk) for pk in list(waiting))


def publish(reply_id: int) -> bool:
    """Publish one reply; True when it is now on the platform."""
    now = timezone.now()
    stale = now - timedelta(seconds=CLAIM_SECONDS)
    claimed = (
        Reply.objects.filter(pk=reply_id, published_at__isnull=True)
        .filter(Q(publish_claimed_at__isnull=True) | Q(publish_claimed_at__lt=stale))
        .update(publish_claimed_at=now)
    )
    if not claimed:
        return False
    reply = Reply.objects.select_related("post__author").get(pk=reply_id)
    found = publisher_of(reply.post)
    if found is None:
        return _failed(reply, "its source is no longer connected, or cannot publish replies")
    publisher, _ = found
    key = str(reply.reply_key or f"socialcycle-reply-{reply.pk}")
    post = reply.post
    author_email = post.author.email if post.author is not None else ""
    target = ReplyTarget(post.external_id, post.title, author_email)
    try:
        url = publisher.publish_reply(target, reply.text, key)
    except ConnectorError as error:
        return _failed(reply, str(error))
    except Exception:  # kept as a reason, so the sweep does not try it again and again
        logger.exception("publishing reply %s failed unexpectedly", reply.pk)
        return _failed(reply, "publishing failed unexpectedly (the server log has the details)")
    Reply.objects.filter(pk=reply.pk).update(
        published_at=timezone.now(), external_url=url[:1000], publish_error=""
    )
    return True


def _failed(reply: Reply, why: str) -> bool:
    Reply.objects.filter(pk=reply.pk).update(publish_error=why, publish_claimed_at=None)
    return False
