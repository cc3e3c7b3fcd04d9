"""Insights suggested from the posts, then confirmed, merged or split by people.

Posts of the same topic and feedback kind that no insight holds yet are grouped; a group
of at least MIN_POSTS becomes a suggested insight (or joins the open insight of that topic
and kind). People confirm a suggestion, merge two insights (posts move, the merged one
points at the other) or split posts off into a new insight.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from socialcycle.accounts.models import User, Workspace
from socialcycle.acting.history import record_insight_event
from socialcycle.acting.models import Insight, InsightEvent, InsightPost
from socialcycle.acting.services import InsightError, attach_posts
from socialcycle.analysis.headlines import name_group
from socialcycle.analysis.labels import FEEDBACK_KIND_LABELS, FeedbackKind
from socialcycle.listening.models import Post
from socialcycle.understanding.models import PostAnalysis

MIN_POSTS = 5
LOOK_BACK = timedelta(days=30)
# Praise and questions are answered one by one; the rest are worth grouping.
GROUPED_KINDS = [
    kind for kind in FeedbackKind if kind not in (FeedbackKind.PRAISE, FeedbackKind.QUESTION)
]


def suggest(workspace: Workspace) -> int:
    """Group recent unattached posts by topic and kind; returns how many posts were placed."""
    since = timezone.now() - LOOK_BACK
    rows = (
        PostAnalysis.objects.filter(
            workspace=workspace,
            created_at__gte=since,
            topic__isnull=False,
            primary_kind__in=GROUPED_KINDS,
            post__insights__isnull=True,
            post__near_duplicate_of__isnull=True,
        )
        .select_related("topic", "post")
        .order_by("id")
    )
    groups: dict[tuple[int, str], list[PostAnalysis]] = defaultdict(list)
    for row in rows:
        groups[(row.topic_id or 0, row.primary_kind)].append(row)
    placed = 0
    for (topic_id, kind), members in groups.items():
        posts = [row.post for row in members]
        existing = (
            Insight.objects.filter(
                workspace=workspace,
                topic_id=topic_id,
                kind=kind,
                merged_into=None,
                dismissed_at__isnull=True,
            )
            .exclude(status__in=Insight.CLOSED_STATUSES)
            .order_by("created_at")
            .first()
        )
        if existing is not None:
            placed += attach_posts(existing, posts)
        elif len(posts) >= MIN_POSTS:
            placed += _new_suggestion(workspace, topic_id, kind, members[0], posts)
    return placed


@transaction.atomic
def _new_suggestion(
    workspace: Workspace, topic_id: int, kind: str, first: PostAnalysis, posts: list[Post]
) -> int:
    insight = Insight.objects.create(
        workspace=workspace,
        kind=kind,
        title=suggestion_title(kind, first, posts),
        topic_id=topic_id,
        suggested=True,
    )
    record_insight_event(insight=insight, kind=InsightEvent.Kind.CREATED, actor=None)
    return attach_posts(insight, posts)


def _title_and_text(post: Post) -> str:
    title = post.title.strip()
    if not title:
        return post.text
    return f"{title} {post.text}" if title[-1] in ".!?" else f"{title}. {post.text}"


def suggestion_title(kind: str, first: PostAnalysis, posts: Sequence[Post]) -> str:
    """A name a person would write: the sentence that says most of what the group says,
    from the post that says most of it (its title is one of its sentences); the kind and
    topic label only when no post has a sentence to give."""
    named = name_group([_title_and_text(post) for post in posts])
    if named:
        return named[:300]
    label = first.topic.label if first.topic else "posts"
    return f"{FEEDBACK_KIND_LABELS[kind]}: {label}"[:300]


@transaction.atomic
def dismiss(insight: Insight, *, by: User) -> Insight:
    """Set a suggestion aside: it leaves the queue and its posts are never suggested again
    (they stay with it); new posts of its topic and kind may make a new suggestion."""
    if not insight.suggested or insight.dismissed_at is not None:
        raise InsightError("only a waiting suggestion can be dismissed.")
    insight.dismissed_at = timezone.now()
    insight.save(update_fields=["dismissed_at"])
    record_insight_event(insight=insight, kind=InsightEvent.Kind.DISMISSED, actor=by)
    return insight


@transaction.atomic
def confirm(insight: Insight, *, by: User) -> Insight:
    insight.suggested = False
    insight.save(update_fields=["suggested"])
    record_insight_event(insight=insight, kind=InsightEvent.Kind.CONFIRMED, actor=by)
    return insight


@transaction.atomic
def merge(source: Insight, target: Insight, *, by: User) -> Insight:
    """Move every post of `source` to `target`; `source` then points at `target`."""
    if source.pk == target.pk or source.workspace_id != target.workspace_id:
        raise InsightError("an insight can only be merged into another insight of its workspace.")
    moved = list(source.posts.all())
    InsightPost.objects.filter(insight=source).delete()
    attach_posts(target, moved, by=by)
    source.merged_into = target
    source.suggested = False
    source.save(update_fields=["merged_into", "suggested"])
    record_insight_event(
        insight=target,
        kind=InsightEvent.Kind.MERGED,
        actor=by,
        after={"merged": source.pk, "posts": len(moved)},
    )
    return target


@transaction.atomic
def split(insight: Insight, post_ids: Sequence[int], title: str, *, by: User) -> Insight:
    """Move the chosen posts of `insight` into a new insight of the same kind and topic."""
    chosen = list(insight.posts.filter(id__in=post_ids))
    if not chosen:
        raise InsightError("choose the posts to move.", field="posts")
    if not title.strip():
        raise InsightError("the new insight needs a title.", field="split_title")
    InsightPost.objects.filter(insight=insight, post__in=chosen).delete()
    part = Insight.objects.create(
        workspace_id=insight.workspace_id,
        kind=insight.kind,
        title=title.strip()[:300],
        topic=insight.topic,
    )
    record_insight_event(insight=part, kind=InsightEvent.Kind.CREATED, actor=by)
    attach_posts(part, chosen, by=by)
    record_insight_event(
        insight=insight,
        kind=InsightEvent.Kind.SPLIT,
        actor=by,
        after={"into": part.pk, "posts": len(chosen)},
    )
    return part
