"""Staff mark a post as spam or not; the mark wins over the machine and is learnt from.

A mark sets `Post.spam_marked` (a person's verdict, kept through re-imports and the
intake rules), `Post.is_spam` and the analysis's copy of it, is written to the audit log,
and is stored as a Correction of field "spam", which `socialcycle train --only spam`
adds to the labelled sample.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import User
from socialcycle.listening.models import Post
from socialcycle.understanding.models import Correction, PostAnalysis


@transaction.atomic
def mark_spam(post: Post, *, by: User, is_spam: bool) -> Correction:
    """Record a person's verdict on `post` (spam or not) and apply it everywhere."""
    before = post.is_spam
    post.spam_marked = is_spam
    post.is_spam = is_spam
    post.save(update_fields=["spam_marked", "is_spam"])
    # updated_at moves so the rollups count the day again without (or with) the post.
    PostAnalysis.objects.filter(post=post).update(is_spam=is_spam, updated_at=timezone.now())
    record_change(
        post.workspace_id,
        by,
        AuditAction.MARK_SPAM if is_spam else AuditAction.MARK_NOT_SPAM,
        "post",
        post.pk,
        before={"is_spam": before},
        after={"is_spam": is_spam},
    )
    return Correction.objects.create(
        workspace_id=post.workspace_id,
        post=post,
        field=Correction.Field.SPAM,
        before=before,
        after=is_spam,
        corrected_by=by,
    )


def spam_corrections() -> list[tuple[str, bool]]:
    """(text, is spam) of every post a person marked, latest mark only, for training.

    Only marks of workspaces that share their corrections: the spam scorer is one for all.
    """
    latest: dict[int, tuple[str, bool]] = {}
    rows = (
        Correction.objects.filter(field=Correction.Field.SPAM, workspace__share_corrections=True)
        .order_by("corrected_at", "pk")
        .values_list("post_id", "post__title", "post__text", "after")
    )
    for post_id, title, text, after in rows:
        latest[post_id] = (f"{title}\n{text}" if title else text, bool(after))
    return list(latest.values())
