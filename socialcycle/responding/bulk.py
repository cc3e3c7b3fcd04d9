"""Several inbox posts at once: attach them to an insight, or mark them spam or not spam.

The same services as one post's page (`acting.services.attach_posts`,
`understanding.spam.mark_spam`), so history, routing, audit and the spam scorer's
corrections follow for each post.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from django.db import transaction

from socialcycle.accounts.models import User, Workspace
from socialcycle.acting.models import Insight
from socialcycle.acting.services import attach_posts
from socialcycle.listening.models import Post
from socialcycle.understanding.spam import mark_spam

MAX_POSTS = 200


class Action(StrEnum):
    ATTACH = "attach"
    SPAM = "spam"
    NOT_SPAM = "not_spam"


class BulkError(ValueError):
    """The chosen posts cannot be handled as asked; the message says why."""


@transaction.atomic
def act_on_posts(
    workspace: Workspace,
    post_ids: Sequence[int],
    action: Action,
    *,
    by: User,
    insight: Insight | None = None,
) -> int:
    """Do `action` to the workspace's posts of `post_ids`; returns how many it changed."""
    if not post_ids:
        raise BulkError("choose at least one post")
    if len(post_ids) > MAX_POSTS:
        raise BulkError(f"choose at most {MAX_POSTS} posts at a time")
    posts = list(Post.objects.filter(workspace=workspace, pk__in=post_ids).order_by("pk"))
    if action is Action.ATTACH:
        if insight is None or insight.workspace_id != workspace.pk:
            raise BulkError("choose the insight to attach the posts to")
        return attach_posts(insight, posts, by=by)
    verdict = action is Action.SPAM
    changed = [post for post in posts if post.spam_marked is not verdict]
    for post in changed:
        mark_spam(post, by, is_spam=verdict)
    return len(changed)
