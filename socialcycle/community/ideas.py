"""The idea board: submit (with a check for similar ideas), vote, follow, comment; staff
merge duplicates and set the status, which lives on the insight the idea belongs to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from numpy.typing import NDArray

from socialcycle.accounts.models import User, Workspace
from socialcycle.acting.models import Insight, InsightPost
from socialcycle.acting.services import attach_posts, change_insight_status, create_insight
from socialcycle.analysis.pipeline import shared_pipeline
from socialcycle.community import board, reputation
from socialcycle.community.models import Contribution, Follow, Member, Vote
from socialcycle.community.posting import Draft, post_contribution
from socialcycle.community.services import record_votes
from socialcycle.lib.errors import DomainError
from socialcycle.listening.models import EngagementEvent, Post

SIMILAR_LIMIT = 5
SIMILAR_THRESHOLD = 0.55  # cosine of all-MiniLM-L6-v2 vectors; tuned on the demo ideas
EMBED_ON_THE_FLY = 200  # ideas without a vector (imported ones) embedded per similar-search
FOLLOW_ACTION = "follow"


class IdeaError(DomainError):
    """An idea action that cannot be done, in words for the person who tried."""

    code = "idea"


@dataclass(frozen=True)
class IdeaRow:
    contribution: Contribution
    votes: int
    comments: int
    status: str  # the insight's status label, or "Under review" before staff look at it


def submit_idea(member: Member, title: str, text: str) -> Contribution:
    """Post an idea; its author follows it and votes for it."""
    contribution = post_contribution(
        member, Draft(type=Contribution.Type.IDEA, title=title, text=text)
    )
    _store_embedding(contribution)
    if contribution.is_visible:
        vote(member, contribution)
    follow(member, contribution)
    reputation.award_badges(member.participant)
    return contribution


def _embed(texts: list[str]) -> NDArray[np.float32]:
    vectors = shared_pipeline(settings.MODEL_DIR).encode(texts).astype(np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    normalised: NDArray[np.float32] = vectors / np.maximum(norms, 1e-9)
    return normalised


def _store_embedding(contribution: Contribution) -> None:
    post = contribution.post
    [vector] = _embed([f"{post.title}. {post.text}"])
    contribution.embedding = vector.tobytes()
    contribution.save(update_fields=["embedding"])


def open_ideas(workspace: Workspace) -> QuerySet[Contribution]:
    """Ideas people can see and vote on: published and not merged into another."""
    return Contribution.objects.filter(
        workspace=workspace,
        type=Contribution.Type.IDEA,
        state=Contribution.State.PUBLISHED,
        merged_into__isnull=True,
    )


def similar_ideas(
    workspace: Workspace, text: str, exclude: int | None = None
) -> list[Contribution]:
    """Open ideas most like `text` (most similar first), for the duplicate check."""
    if len(text.strip()) < 8:
        return []
    ideas = open_ideas(workspace)
    if exclude is not None:
        ideas = ideas.exclude(pk=exclude)
    for idea in ideas.filter(embedding__isnull=True).select_related("post")[:EMBED_ON_THE_FLY]:
        _store_embedding(idea)
    # Only ids and vectors: building every idea as an object cost most of the request.
    rows = list(ideas.filter(embedding__isnull=False).values_list("pk", "embedding"))
    if not rows:
        return []
    matrix = np.frombuffer(b"".join(bytes(vector or b"") for _, vector in rows), np.float32)
    scores = matrix.reshape(len(rows), -1) @ _embed([text])[0]
    order = [i for i in np.argsort(-scores)[:SIMILAR_LIMIT] if scores[i] >= SIMILAR_THRESHOLD]
    found = Contribution.objects.select_related("post").in_bulk([rows[i][0] for i in order])
    return [found[rows[i][0]] for i in order]


IDEA_SORTS = ("top", "new", "trending")


def ranked_ideas(
    ideas: QuerySet[Contribution], sort: str = "top", *, now: datetime | None = None
) -> QuerySet[Contribution]:
    """`ideas` with their votes and comments counted, in the order asked for: "top" (most
    votes), "new" (newest), "trending" (most votes cast in the last TRENDING_DAYS days,
    then most votes). Ties go to the newer idea."""
    votes = Q(post__votes__kind=Vote.Kind.IDEA)
    annotated = ideas.select_related("post", "post__author").annotate(
        vote_count=Count("post__votes", filter=votes, distinct=True),
        comment_count=Count(
            "post__replies",
            filter=Q(
                post__replies__contribution__state=Contribution.State.PUBLISHED,
            ),
            distinct=True,
        ),
    )
    if sort == "new":
        return annotated.order_by("-created_at", "-pk")
    if sort == "trending":
        since = board.trending_since(now or timezone.now())
        recent = votes & Q(post__votes__created_at__gte=since)
        annotated = annotated.annotate(
            recent_votes=Count("post__votes", filter=recent, distinct=True)
        )
        return annotated.order_by("-recent_votes", "-vote_count", "-created_at", "-pk")
    return annotated.order_by("-vote_count", "-created_at", "-pk")


def idea_rows(ranked: Iterable[Contribution]) -> list[IdeaRow]:
    """Rows for ideas from `ranked_ideas` (a page of them), with their statuses."""
    ideas = list(ranked)
    statuses = statuses_of([idea.pk for idea in ideas])
    return [
        IdeaRow(
            idea,
            idea.vote_count,  # type: ignore[attr-defined]
            idea.comment_count,  # type: ignore[attr-defined]
            statuses.get(idea.pk, "Under review"),
        )
        for idea in ideas
    ]


def insight_of(post_id: int) -> Insight | None:
    link = (
        InsightPost.objects.filter(post_id=post_id)
        .select_related("insight")
        .order_by("insight__created_at")
        .first()
    )
    return link.insight if link else None


def statuses_of(post_ids: list[int]) -> dict[int, str]:
    links = InsightPost.objects.filter(post_id__in=post_ids).select_related("insight")
    return {link.post_id: link.insight.get_status_display() for link in links}


def vote(member: Member, idea: Contribution) -> bool:
    """Vote for an idea; True when the vote is new (one per person)."""
    _check_open(idea, member)
    return record_votes([(idea.post, member.participant, timezone.now())], Vote.Kind.IDEA) == 1


@transaction.atomic
def withdraw_vote(member: Member, idea: Contribution) -> bool:
    deleted, _ = Vote.objects.filter(
        post=idea.post, participant=member.participant, kind=Vote.Kind.IDEA
    ).delete()
    EngagementEvent.objects.filter(
        participant=member.participant, post=idea.post, action=f"vote:{Vote.Kind.IDEA}"
    ).delete()
    return bool(deleted)


def has_voted(member: Member | None, idea: Contribution) -> bool:
    if member is None:
        return False
    return Vote.objects.filter(
        post=idea.post, participant=member.participant, kind=Vote.Kind.IDEA
    ).exists()


def follow(member: Member, idea: Contribution) -> bool:
    _, created = Follow.objects.get_or_create(
        workspace_id=idea.workspace_id, post=idea.post, participant=member.participant
    )
    if created:
        # Following is reading on: a consumption step, and it makes the person a contributor
        # who hears what becomes of the idea (responding.loop.contributors).
        EngagementEvent.objects.create(
            workspace_id=idea.workspace_id,
            participant=member.participant,
            stage=EngagementEvent.Stage.CONSUMPTION,
            action=FOLLOW_ACTION,
            post=idea.post,
            occurred_at=timezone.now(),
        )
    return created


@transaction.atomic
def unfollow(member: Member, idea: Contribution) -> bool:
    deleted, _ = Follow.objects.filter(post=idea.post, participant=member.participant).delete()
    EngagementEvent.objects.filter(
        participant=member.participant, post=idea.post, action=FOLLOW_ACTION
    ).delete()
    return bool(deleted)


def is_following(member: Member | None, idea: Contribution) -> bool:
    if member is None:
        return False
    return Follow.objects.filter(post=idea.post, participant=member.participant).exists()


def comment(member: Member, idea: Contribution, text: str) -> Contribution:
    _check_open(idea, member)
    made = post_contribution(
        member, Draft(type=Contribution.Type.COMMENT, text=text, parent=idea.post)
    )
    follow(member, idea)
    return made


def comments(idea: Contribution) -> QuerySet[Post]:
    """Published member comments and staff replies under an idea, oldest first."""
    return (
        Post.objects.filter(parent=idea.post)
        .filter(
            Q(contribution__state=Contribution.State.PUBLISHED)
            | Q(contribution__isnull=True, author_handle__startswith="staff:")
        )
        .select_related("author")
        .order_by("created_at")
    )


def _check_open(idea: Contribution, member: Member) -> None:
    if idea.type != Contribution.Type.IDEA or idea.workspace_id != member.workspace_id:
        raise IdeaError("That is not an idea of this community.")
    if not idea.is_visible:
        raise IdeaError("This idea is not open for votes.")
    if idea.merged_into_id is not None:
        raise IdeaError("This idea was merged into another; please vote there.")


@transaction.atomic
def merge_ideas(duplicate: Contribution, into: Contribution, *, by: User) -> int:
    """Merge a duplicate idea into another: votes and followers move along (a person who
    backed both keeps one), the duplicate points to the kept idea, and both feed the same
    insight so everyone behind either hears what becomes of it. Returns votes moved."""
    if duplicate.pk == into.pk or duplicate.workspace_id != into.workspace_id:
        raise IdeaError("Choose a different idea of the same community to merge into.")
    if into.merged_into_id is not None:
        raise IdeaError("That idea was itself merged; merge into the idea it lives on as.")
    voted = set(
        Vote.objects.filter(post=into.post, kind=Vote.Kind.IDEA).values_list(
            "participant_id", flat=True
        )
    )
    moving = Vote.objects.filter(post=duplicate.post, kind=Vote.Kind.IDEA)
    moved = moving.exclude(participant_id__in=voted).update(post=into.post)
    moving.delete()  # the rest backed both ideas: one vote is kept
    following = set(Follow.objects.filter(post=into.post).values_list("participant_id", flat=True))
    Follow.objects.filter(post=duplicate.post).exclude(participant_id__in=following).update(
        post=into.post
    )
    Follow.objects.filter(post=duplicate.post).delete()
    Contribution.objects.filter(merged_into=duplicate).update(merged_into=into)
    duplicate.merged_into = into
    duplicate.save(update_fields=["merged_into"])
    insight = insight_of(into.post_id) or insight_of(duplicate.post_id)
    if insight is not None:
        attach_posts(insight, [into.post, duplicate.post], by=by)
    return moved


def set_status(
    idea: Contribution,
    status: str,
    *,
    by: User,
    decline_reason: str = "",
    decline_alternative: str = "",
) -> Insight:
    """Set an idea's status through its insight (made on first use, with every merged
    duplicate attached), so the workflow, history and closing the loop all apply."""
    if status not in Insight.Status.values:
        raise IdeaError(f"Unknown status {status!r}.")
    with transaction.atomic():
        insight = insight_of(idea.post_id)
        if insight is None:
            insight = create_insight(
                idea.workspace,
                kind="idea",
                title=idea.post.title[:200] or idea.post.text[:200],
                description=idea.post.text,
                by=by,
            )
        merged = [
            c.post for c in Contribution.objects.filter(merged_into=idea).select_related("post")
        ]
        attach_posts(insight, [idea.post, *merged], by=by)
        if insight.status != status:
            try:
                change_insight_status(
                    insight,
                    status,
                    by=by,
                    decline_reason=decline_reason,
                    decline_alternative=decline_alternative,
                )
            except ValueError as error:
                raise IdeaError(str(error)) from None
    return insight
