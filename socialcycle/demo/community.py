"""The demo's community: its threads become ideas (with comments) and questions (with
answers, the best accepted), so the public community pages have something to show."""

from __future__ import annotations

import re
import secrets

from django.contrib.auth.hashers import make_password
from django.db.models import Count
from django.utils import timezone

from socialcycle.accounts.models import Workspace
from socialcycle.community.members import SignUp, sign_up
from socialcycle.community.models import Contribution, Member
from socialcycle.listening.models import Channel, Participant, Post, Source

IDEA_WORDS = re.compile(r"\b(idea|please add|would love|wish|feature|could you|suggest)", re.I)
FALLBACK_HANDLE = "demo-member"


def load_community(workspace: Workspace, community: Source) -> int:
    """Give every post of the community source its community type; returns how many."""
    posts = list(Post.objects.filter(source=community).order_by("created_at"))
    types: dict[int, str] = {}
    for post in posts:
        if post.parent_id is None:
            looks_like_idea = post.raw.get("story") == "idea" or IDEA_WORDS.search(
                f"{post.title} {post.text}"
            )
            types[post.pk] = (
                Contribution.Type.IDEA if looks_like_idea else Contribution.Type.QUESTION
            )
    for post in posts:
        if post.parent_id is not None:
            root = types.get(post.thread_root_id or post.parent_id, Contribution.Type.IDEA)
            is_question = root == Contribution.Type.QUESTION
            types[post.pk] = Contribution.Type.ANSWER if is_question else Contribution.Type.COMMENT
    Contribution.objects.bulk_create(
        [
            Contribution(
                post=post, workspace=workspace, type=types[post.pk], created_at=post.created_at
            )
            for post in posts
        ],
        ignore_conflicts=True,
    )
    _accept_first_answers(workspace)
    return len(posts)


def _accept_first_answers(workspace: Workspace) -> None:
    """The earliest answer by someone other than the asker is accepted, on every other question."""
    questions = Contribution.objects.filter(
        workspace=workspace, type=Contribution.Type.QUESTION
    ).select_related("post")
    for number, question in enumerate(questions):
        if number % 2:
            continue
        answer = (
            Contribution.objects.filter(post__parent=question.post, type=Contribution.Type.ANSWER)
            .exclude(post__author=question.post.author)
            .order_by("created_at")
            .first()
        )
        if answer is not None:
            answer.accepted_at = answer.created_at
            answer.save(update_fields=["accepted_at"])


def reset_member_login(workspace: Workspace, password: str) -> Member:
    """A community account for trying the community as a customer: the busiest poster,
    under the name their posts already show (their community handle)."""
    member = Member.objects.filter(workspace=workspace).order_by("pk").first()
    if member is None:
        member = _member_for_busiest_poster(workspace)
    member.password = make_password(password)
    member.email_verified_at = member.email_verified_at or timezone.now()
    member.save()
    return member


def _member_for_busiest_poster(workspace: Workspace) -> Member:
    busiest = (
        Participant.objects.filter(workspace=workspace, posts__channel=Channel.COMMUNITY)
        .exclude(email="")
        .annotate(n=Count("posts"))
        .order_by("-n", "pk")
        .first()
    )
    if busiest is None:  # a demo without community posters: an account of its own
        placeholder = secrets.token_urlsafe(16)  # replaced by the caller's password
        return sign_up(workspace, SignUp(FALLBACK_HANDLE, "member@lumio.example", placeholder))
    identity = busiest.identities.filter(channel=Channel.COMMUNITY).order_by("pk").first()
    handle = identity.handle if identity else FALLBACK_HANDLE
    # Created here rather than by sign_up, which refuses a name someone already posts under:
    # here the account is that someone's.
    return Member.objects.create(
        workspace=workspace, participant=busiest, handle=handle[:40], email=busiest.email
    )
