"""Everything a member posts goes in through `post_contribution`: it becomes a listening
post on the workspace's community source (so it is analysed, routed and answered like any
channel), and a `Contribution` that says what it is and whether it may be shown."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from socialcycle.accounts.models import TrackedName, Workspace
from socialcycle.community import moderation, notices
from socialcycle.community.models import Contribution, Member
from socialcycle.lib.errors import DomainError
from socialcycle.lib.urls import absolute
from socialcycle.listening.incoming import IncomingPost
from socialcycle.listening.models import Channel, EngagementEvent, Post, Source
from socialcycle.listening.services import create_source, record_posts

COMMUNITY_SOURCE_NAME = "Community"
MAX_TITLE = 200
MAX_TEXT = 10_000
# What taking part in a conversation counts as, beyond creating the post itself.
COLLABORATION_TYPES = {Contribution.Type.ANSWER}


class PostingError(DomainError):
    """Why a contribution was refused: `field` names the form field, the message says why."""

    code = "contribution"
    field: str

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field=field)


@dataclass(frozen=True)
class Draft:
    type: str
    text: str
    title: str = ""
    parent: Post | None = None
    product: TrackedName | None = None
    rating: int | None = None


def community_source(workspace: Workspace) -> Source:
    """The workspace's community source (the first one on the community channel)."""
    source = (
        Source.objects.filter(workspace=workspace, channel=Channel.COMMUNITY).order_by("pk").first()
    )
    if source is not None:
        return source
    return create_source(workspace, name=COMMUNITY_SOURCE_NAME, channel=Channel.COMMUNITY)


def post_contribution(member: Member, draft: Draft) -> Contribution:
    """Store a member's idea, review, question, answer or comment.

    Abusive text is stored but held for moderation, never shown until staff publish it.
    """
    _check(member, draft)
    workspace = member.workspace
    source = community_source(workspace)
    now = timezone.now()
    verdict = moderation.assess(f"{draft.title}\n{draft.text}".strip())
    with transaction.atomic():
        result = record_posts(
            source,
            [
                IncomingPost(
                    external_id=f"c-{uuid.uuid4().hex}",
                    text=draft.text.strip(),
                    title=draft.title.strip(),
                    created_at=now,
                    author_handle=member.handle,
                    author_name=member.handle,
                    author_email=member.email,
                    rating=draft.rating,
                    parent_external_id=draft.parent.external_id if draft.parent else "",
                    raw={"community": draft.type},
                )
            ],
        )
        post = Post.objects.get(pk=result.post_ids[0])
        post.url = absolute(reverse("community:post", args=[workspace.slug, post.pk]))
        Post.objects.filter(pk=post.pk).update(url=post.url)
        contribution = Contribution.objects.create(
            post=post,
            workspace=workspace,
            type=draft.type,
            product=draft.product,
            state=Contribution.State.HELD if verdict.hold else Contribution.State.PUBLISHED,
            held_reason=verdict.reason,
            created_at=now,
        )
        if draft.type in COLLABORATION_TYPES:
            record_event(member, EngagementEvent.Stage.COLLABORATION, draft.type, post)
        if draft.rating is not None:
            record_event(member, EngagementEvent.Stage.CURATION, "rating", post)
        if draft.parent is not None and contribution.is_visible:
            notices.tell_about_reply(post)
    return contribution


def _check(member: Member, draft: Draft) -> None:
    if not member.is_verified:
        raise PostingError("", "Please confirm your e-mail address before posting.")
    if draft.type not in Contribution.Type.values:
        raise PostingError("type", "Unknown kind of post.")
    if not draft.text.strip():
        raise PostingError("text", "Please write something.")
    if len(draft.text) > MAX_TEXT:
        raise PostingError("text", f"Please keep it under {MAX_TEXT:,} characters.")
    if len(draft.title) > MAX_TITLE:
        raise PostingError("title", f"Please keep the title under {MAX_TITLE} characters.")
    needs_title = draft.type in (Contribution.Type.IDEA, Contribution.Type.QUESTION)
    if needs_title and not draft.title.strip():
        raise PostingError("title", "Please give it a title.")
    if draft.type == Contribution.Type.REVIEW and (
        draft.rating is None or not 1 <= draft.rating <= 5
    ):
        raise PostingError("rating", "Please rate from 1 to 5 stars.")
    needs_parent = draft.type in (Contribution.Type.ANSWER, Contribution.Type.COMMENT)
    if needs_parent and draft.parent is None:
        raise PostingError("", "An answer or comment needs the post it answers.")
    if draft.parent is not None and draft.parent.workspace_id != member.workspace_id:
        raise PostingError("", "That post is not in this community.")


def record_event(
    member: Member,
    stage: str,
    action: str,
    post: Post | None,
    *,
    details: dict[str, object] | None = None,
) -> None:
    EngagementEvent.objects.create(
        workspace_id=member.workspace_id,
        participant_id=member.participant_id,
        stage=stage,
        action=action,
        post=post,
        occurred_at=timezone.now(),
        details=details or {},
    )


def visible(workspace: Workspace, type: str) -> QuerySet[Contribution]:
    """Published contributions of one type, with their post and author, newest first."""
    return (
        Contribution.objects.filter(
            workspace=workspace, type=type, state=Contribution.State.PUBLISHED
        )
        .select_related("post", "post__author", "product")
        .order_by("-created_at")
    )
