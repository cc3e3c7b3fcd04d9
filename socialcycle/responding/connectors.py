"""Where a reply goes, behind one small interface: the community connector publishes the
reply as a post in the same thread; a post from a live source whose platform takes
replies is published there in the background (publishing.py); the others are recorded
and handed back ready to paste, with the link to the original post."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.utils import timezone

from socialcycle.lib.tasks import enqueue
from socialcycle.listening.incoming import IncomingPost
from socialcycle.listening.models import Channel, Post
from socialcycle.listening.services import record_posts
from socialcycle.responding.models import Notification, Reply
from socialcycle.responding.publishing import PUBLISH_TASK, publisher_of


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


class LiveConnector:
    """A post from a live source whose platform takes replies: the reply is published
    there in the background (responding/publishing.py), ready to paste until it is."""

    def __init__(self, platform: str) -> None:
        self.platform = platform

    def deliver(self, response: Reply) -> Delivery:
        enqueue(PUBLISH_TASK, response.pk)
        return Delivery(
            False,
            response.post.url,
            f"Publishing on {self.platform}; the reply's link appears here once it is posted.",
        )


class PasteConnector:
    """Any channel we cannot post to: the reply is kept, shown ready to paste, with a link."""

    def deliver(self, response: Reply) -> Delivery:
        where = response.post.url or "the original post"
        return Delivery(False, response.post.url, f"Copy the reply and post it at {where}.")


def connector_for(post: Post) -> Connector:
    if post.channel == Channel.COMMUNITY:
        return CommunityConnector()
    live = publisher_of(post)
    if live is not None:
        return LiveConnector(live[1])
    return PasteConnector()
