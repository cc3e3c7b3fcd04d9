"""Several inbox posts at once: attach them to an insight, assign them to a person who
answers, or mark them spam or not spam.

The same services as one post's page (`acting.services.attach_posts`,
`understanding.spam.mark_spam`), so history, routing, audit and the spam scorer's
corrections follow for each post.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from django.db import transaction

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import Role, User, Workspace
from socialcycle.acting.models import Insight
from socialcycle.acting.services import attach_posts
from socialcycle.lib.errors import DomainError
from socialcycle.listening.models import Post
from socialcycle.responding.models import Assignment
from socialcycle.understanding.spam import mark_spam

MAX_POSTS = 200


class Action(StrEnum):
    ATTACH = "attach"
    ASSIGN = "assign"
    SPAM = "spam"
    NOT_SPAM = "not_spam"


class BulkError(DomainError):
    """The chosen posts cannot be handled as asked; the message says why."""

    code = "bulk_action"


@transaction.atomic
def act_on_posts(
    workspace: Workspace,
    post_ids: Sequence[int],
    action: Action,
    *,
    by: User,
    insight: Insight | None = None,
    assignee: User | None = None,
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
    if action is Action.ASSIGN:
        return assign_posts(workspace, posts, assignee, by=by)
    verdict = action is Action.SPAM
    changed = [post for post in posts if post.spam_marked is not verdict]
    for post in changed:
        mark_spam(post, by=by, is_spam=verdict)
    return len(changed)


def assign_posts(
    workspace: Workspace, posts: Sequence[Post], assignee: User | None, *, by: User
) -> int:
    """Give the posts to `assignee` to answer (None takes them back from whoever had
    them); returns how many changed hands. The assignee must be able to reply."""
    if assignee is not None and not can_answer(workspace, assignee):
        raise BulkError("choose a member of this workspace who may reply (a responder or above)")
    held = dict(
        Assignment.objects.filter(post__in=posts).values_list("post_id", "assignee__username")
    )
    wanted = assignee.username if assignee is not None else None
    changed = [post for post in posts if held.get(post.pk) != wanted]
    if not changed:
        return 0
    if assignee is None:
        Assignment.objects.filter(post__in=changed).delete()
    else:
        for post in changed:
            Assignment.objects.update_or_create(
                post=post,
                defaults={"workspace": workspace, "assignee": assignee, "assigned_by": by},
            )
    record_change(
        workspace,
        by,
        AuditAction.ASSIGN_POSTS,
        "post",
        changed[0].pk,
        before={"assignees": sorted({held[p.pk] for p in changed if p.pk in held})},
        after={"assignee": wanted, "posts": [post.pk for post in changed]},
    )
    return len(changed)


def can_answer(workspace: Workspace, user: User) -> bool:
    membership = user.memberships.filter(workspace=workspace).first()
    return membership is not None and membership.has_role(Role.RESPONDER)


def people_who_answer(workspace: Workspace) -> list[User]:
    """The members a post may be assigned to, by name."""
    ranks = [role for role in Role.values if Role.rank(role) >= Role.rank(Role.RESPONDER)]
    return list(
        User.objects.filter(memberships__workspace=workspace, memberships__role__in=ranks)
        .distinct()
        .order_by("username")
    )
