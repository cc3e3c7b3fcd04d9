"""Where a reply goes. No live social-network API is reachable from here, so each channel
has a connector behind one small interface: the community connector publishes the reply
as a post in the same thread; the others record it and hand it back ready to paste, with
the link to the original post."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.utils import timezone

from socialcycle.listening.incoming import IncomingPost
from socialcycle.listening.models import Channel, Post
from socialcycle.listening.services import record_posts
from socialcycle.responding.models import Notification, Reply


@dataclass(frozen=True)
class Delivery:
    published: bool  # True when the reply is now visible on the channel itself
    url: str  # where to see it (or where to paste it)
    instructions: str  # what a person still has to do, if anything


class Connector(Protocol):
    def deliver(self, response: Reply) -> Delivery: ...


class CommunityConnector:
    """Our own community: the reply becomes a post in the same thread, by the staff member."""

    def deliver(self, response: Reply) -> Delivery:
        post = response.post
        author = response.author.username if response.author else "staff"
        record_posts(
            post.source,
            [
                IncomingPost(
                    external_id=f"reply-{response.pk}",
                    text=response.text,
                    created_at=timezone.now(),
                    author_handle=f"staff:{author}",
                    author_name=f"{author} (staff)",
                    parent_external_id=post.external_id,
                )
            ],
        )
        _tell_author(response, author)
        return Delivery(True, post.url, "")


def _tell_author(response: Reply, staff_name: str) -> None:
    """The person answered hears it in the community (their notifications page)."""
    post = response.post
    if post.author_id is None:
        return
    Notification.objects.get_or_create(
        workspace_id=post.workspace_id,
        kind=Notification.Kind.REPLY,
        medium=Notification.Medium.COMMUNITY,
        participant_id=post.author_id,
        about=f"response:{response.pk}",
        defaults={
            "subject": f"{staff_name} (staff) replied to “{(post.title or post.text)[:80]}”",
            "body": response.text[:2000],
        },
    )


class PasteConnector:
    """Any channel we cannot post to: the reply is kept, shown ready to paste, with a link."""

    def deliver(self, response: Reply) -> Delivery:
        where = response.post.url or "the original post"
        return Delivery(False, response.post.url, f"Copy the reply and post it at {where}.")


def connector_for(post: Post) -> Connector:
    if post.channel == Channel.COMMUNITY:
        return CommunityConnector()
    return PasteConnector()
