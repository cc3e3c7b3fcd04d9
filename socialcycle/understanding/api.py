"""JSON API router of the understanding app, mounted by socialcycle/api.py."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from socialcycle.accounts.api_auth import ScopedToken, StaffSession
from socialcycle.accounts.models import ApiToken, Membership, Role
from socialcycle.lib.api_responses import IN_WORKSPACE, errors
from socialcycle.listening.models import Post
from socialcycle.understanding.spam import mark_spam

router = Router(tags=["understanding"])


class SpamIn(Schema):
    spam: bool = Field(..., description="true: the post is spam; false: it is not.")


class SpamOut(Schema):
    post: int
    is_spam: bool
    marked_by_person: bool = Field(..., description="Always true after this call.")
    spam_score: float | None = Field(None, description="The scorer's probability at intake.")


@router.post(
    "/workspaces/{slug}/posts/{post_id}/spam",
    response={200: SpamOut, **errors(*IN_WORKSPACE)},
    auth=[StaffSession(Role.RESPONDER), ScopedToken(ApiToken.Scope.POSTS_WRITE)],
    summary="Mark a post as spam or not (responders and above)",
)
def mark_post_spam(request: HttpRequest, slug: str, post_id: int, payload: SpamIn) -> SpamOut:
    """A person's verdict, which wins over the machine's from then on: audited and kept as a
    correction the spam scorer learns from. A signed-in responder (or above), or a token
    with posts:write."""
    auth = request.auth  # type: ignore[attr-defined]
    if isinstance(auth, Membership):
        workspace, user = auth.workspace, auth.user
    else:
        token: ApiToken = auth
        workspace, user = token.workspace, token.user
    post = get_object_or_404(Post, pk=post_id, workspace=workspace)
    mark_spam(post, by=user, is_spam=payload.spam)
    return SpamOut(
        post=post.pk, is_spam=post.is_spam, marked_by_person=True, spam_score=post.spam_score
    )
