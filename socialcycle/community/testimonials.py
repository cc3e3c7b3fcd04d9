"""The testimonials wall: staff select positive posts from any channel, and a post is shown
only once its author's consent is recorded (and until they withdraw it).

Consent comes three ways, each kept in `Testimonial.consent_note`: staff write how the
author agreed ("agreed by DM on 3 May"), the author opens a signed link and agrees, or a
member agrees on the community site.
"""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import User, Workspace
from socialcycle.analysis.labels import Sentiment
from socialcycle.community.models import Contribution, Member, Testimonial
from socialcycle.lib.errors import DomainError
from socialcycle.listening.models import EngagementEvent, Post
from socialcycle.understanding.models import PostAnalysis

CONSENT_SALT = "socialcycle.community.testimonial-consent"
CONSENT_MAX_AGE = 60 * 24 * 3600  # the author may take a while to see the message
BY_LINK = "link"
BY_COMMUNITY = "community"
ADVOCACY_ACTION = "testimonial"
CANDIDATES = 30
MAX_NOTE = 300


class TestimonialError(DomainError):
    """A testimonial action that cannot be done, in words for the person who tried."""

    code = "testimonial"


def select_post(workspace: Workspace, post: Post, *, by: User) -> Testimonial:
    """Put a positive post of this workspace forward for the wall (shown once consented)."""
    if post.workspace_id != workspace.pk:
        raise TestimonialError("That post is not in this workspace.")
    analysis = PostAnalysis.objects.filter(post=post).first()
    if analysis is None or analysis.sentiment != Sentiment.POSITIVE:
        raise TestimonialError("Only posts analysed as positive can become testimonials.")
    if _hidden_contribution(post):
        raise TestimonialError("This post is held or removed by moderation.")
    testimonial, created = Testimonial.objects.get_or_create(
        post=post, defaults={"workspace": workspace, "selected_by": by}
    )
    if created:
        record_change(
            workspace, by, AuditAction.SELECT_TESTIMONIAL, "post", post.pk, after={"selected": True}
        )
    return testimonial


def _hidden_contribution(post: Post) -> bool:
    return (
        Contribution.objects.filter(post=post).exclude(state=Contribution.State.PUBLISHED).exists()
    )


def record_staff_consent(testimonial: Testimonial, note: str, *, by: User) -> Testimonial:
    """Staff record how the author agreed, in their own words."""
    note = note.strip()
    if not note:
        raise TestimonialError("Please say how the author agreed (for example 'by DM on 3 May').")
    if len(note) > MAX_NOTE:
        raise TestimonialError(f"Please keep the note under {MAX_NOTE} characters.")
    before = _consent_fields(testimonial)
    _consent(testimonial, note)
    _record(testimonial, AuditAction.RECORD_TESTIMONIAL_CONSENT, before, by=by)
    return testimonial


def consent_token(testimonial: Testimonial) -> str:
    """The token of the link staff send the author so they can agree (or decline) themselves."""
    return signing.dumps({"t": testimonial.pk, "p": testimonial.post_id}, salt=CONSENT_SALT)


def testimonial_for_token(workspace: Workspace, token: str) -> Testimonial | None:
    """The testimonial a valid, unexpired consent link is for; None for anything else."""
    try:
        data = signing.loads(token, salt=CONSENT_SALT, max_age=CONSENT_MAX_AGE)
    except signing.BadSignature:  # tampered or expired (SignatureExpired is a subclass)
        return None
    pk, post_id = (data.get("t"), data.get("p")) if isinstance(data, dict) else (None, None)
    if not isinstance(pk, int) or not isinstance(post_id, int):
        return None
    return (
        Testimonial.objects.select_related("post")
        .filter(pk=pk, post_id=post_id, workspace=workspace)
        .first()
    )


def agree_by_link(testimonial: Testimonial) -> Testimonial:
    return _consent(testimonial, BY_LINK)


def is_author(member: Member, testimonial: Testimonial) -> bool:
    return (
        member.workspace_id == testimonial.workspace_id
        and testimonial.post.author_id == member.participant_id
    )


def agree_as_member(member: Member, testimonial: Testimonial) -> Testimonial:
    if not is_author(member, testimonial):
        raise TestimonialError("Only the author of a post can agree to show it.")
    return _consent(testimonial, BY_COMMUNITY)


def withdraw_as_member(member: Member, testimonial: Testimonial) -> Testimonial:
    if not is_author(member, testimonial):
        raise TestimonialError("Only the author of a post can withdraw it.")
    return withdraw_consent(testimonial)


@transaction.atomic
def _consent(testimonial: Testimonial, how: str) -> Testimonial:
    testimonial.consent_at = timezone.now()
    testimonial.consent_note = how[:MAX_NOTE]
    testimonial.withdrawn_at = None
    testimonial.save(update_fields=["consent_at", "consent_note", "withdrawn_at"])
    post = testimonial.post
    recorded = EngagementEvent.objects.filter(post=post, action=ADVOCACY_ACTION).exists()
    if post.author_id is not None and not recorded:
        EngagementEvent.objects.create(
            workspace_id=testimonial.workspace_id,
            participant_id=post.author_id,
            stage=EngagementEvent.Stage.ADVOCACY,
            action=ADVOCACY_ACTION,
            post=post,
            occurred_at=testimonial.consent_at,
            details={"consent": how[:100]},
        )
    return testimonial


@transaction.atomic
def withdraw_consent(testimonial: Testimonial, *, by: User | None = None) -> Testimonial:
    """Take the post off the wall; its advocacy step no longer counts. `by`: the staff
    member who did it (None: the author, by link or as a member)."""
    before = _consent_fields(testimonial)
    if testimonial.withdrawn_at is None:
        testimonial.withdrawn_at = timezone.now()
        testimonial.save(update_fields=["withdrawn_at"])
    EngagementEvent.objects.filter(post=testimonial.post, action=ADVOCACY_ACTION).delete()
    if by is not None:
        _record(testimonial, AuditAction.WITHDRAW_TESTIMONIAL, before, by=by)
    return testimonial


def _consent_fields(testimonial: Testimonial) -> dict[str, Any]:
    return {
        "consent_note": testimonial.consent_note,
        "consented": testimonial.consent_at is not None,
        "withdrawn": testimonial.withdrawn_at is not None,
    }


def _record(
    testimonial: Testimonial, action: AuditAction, before: dict[str, Any], *, by: User
) -> None:
    after = _consent_fields(testimonial)
    record_change(
        testimonial.workspace_id,
        by,
        action,
        "post",
        testimonial.post_id,
        before=before,
        after=after,
    )


def wall(workspace: Workspace) -> QuerySet[Testimonial]:
    """What the public wall shows: consented, not withdrawn, not held by moderation."""
    hidden = Contribution.objects.filter(post=OuterRef("post")).exclude(
        state=Contribution.State.PUBLISHED
    )
    return (
        Testimonial.objects.filter(
            workspace=workspace, consent_at__isnull=False, withdrawn_at__isnull=True
        )
        .exclude(Exists(hidden))
        .select_related("post", "post__author")
        .order_by("-consent_at")
    )


def selected(workspace: Workspace) -> QuerySet[Testimonial]:
    """Every selected testimonial, for staff: waiting for consent first."""
    return (
        Testimonial.objects.filter(workspace=workspace)
        .select_related("post", "post__author", "selected_by")
        .order_by(F("consent_at").asc(nulls_first=True), "-selected_at")
    )


def awaiting(member: Member) -> QuerySet[Testimonial]:
    """The member's own posts staff would like to show, not (or no longer) agreed to."""
    return (
        Testimonial.objects.filter(
            workspace_id=member.workspace_id, post__author=member.participant
        )
        .filter(Q(consent_at__isnull=True) | Q(withdrawn_at__isnull=False))
        .select_related("post")
    )


def shown_for(member: Member) -> QuerySet[Testimonial]:
    """The member's own posts on the wall, so they can withdraw them."""
    return wall(member.workspace).filter(post__author=member.participant)


def candidates(workspace: Workspace, search: str = "") -> QuerySet[Post]:
    """Recent positive posts of any channel not selected yet, for staff to pick from."""
    hidden = Contribution.objects.filter(post=OuterRef("pk")).exclude(
        state=Contribution.State.PUBLISHED
    )
    posts = (
        Post.objects.filter(
            workspace=workspace, analysis__sentiment=Sentiment.POSITIVE, testimonial__isnull=True
        )
        .exclude(Exists(hidden))
        .exclude(author_handle__startswith="staff:")
        .select_related("author", "analysis")
        .order_by("-created_at")
    )
    if search.strip():
        posts = posts.filter(text__icontains=search.strip())
    return posts[:CANDIDATES]
