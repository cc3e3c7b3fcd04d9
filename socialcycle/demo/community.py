"""The demo's community: its threads become ideas (with comments), questions (with
answers, the ones their askers accepted marked so) and product reviews; staff promote a
few accepted answers to tips and put a few happy customers' posts on the testimonials wall."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db.models import Count
from django.utils import timezone

from socialcycle.accounts.models import Role, TrackedName, User, Workspace
from socialcycle.accounts.services import add_member
from socialcycle.analysis.labels import FeedbackKind, Sentiment
from socialcycle.community.knowledge import ArticleDraft, draft_from, promote_tip
from socialcycle.community.members import SignUp, sign_up
from socialcycle.community.models import Contribution, Member, Testimonial
from socialcycle.community.qa import tips
from socialcycle.community.testimonials import record_staff_consent, select_post
from socialcycle.demo import _talk as talk
from socialcycle.demo.generator import DemoPost
from socialcycle.listening.models import Channel, Participant, Post, Source

IDEA_WORDS = re.compile(r"\b(idea|please add|would love|wish|feature|could you|suggest)", re.I)
FALLBACK_HANDLE = "demo-member"
STAFF_USERNAME = "lumio-support"
ROOT_TYPES = {
    "idea": Contribution.Type.IDEA,
    "question": Contribution.Type.QUESTION,
    "review": Contribution.Type.REVIEW,
}
TIPS_PROMOTED = 5
TESTIMONIALS = 6
TESTIMONIAL_KINDS = (FeedbackKind.TESTIMONIAL, FeedbackKind.PRAISE)
OPENING = 30  # characters: two posts opening alike say the same on the wall
CONSENT_NOTES = (
    "Agreed by direct message on {day}",
    "Said yes by e-mail on {day}",
    "Agreed in a reply to our thank-you on {day}",
)
# The greeting an answer opens with ("Hi Ana! "), left out of the article made of it.
GREETING = re.compile(
    "^(?:"
    + "|".join(
        re.escape(greeting).replace(re.escape("{name}"), r"[^\s:!.,]+")
        for greeting in talk.ANSWER_GREETINGS
    )
    + ")"
)


def load_community(workspace: Workspace, community: Source, planned: Sequence[DemoPost]) -> int:
    """Give every post of the community source its community type, a review its product
    and an answer its asker's acceptance, as the generator planned them; returns how many."""
    plans = {post.external_id: post for post in planned if post.channel == "community"}
    posts = list(Post.objects.filter(source=community).order_by("created_at"))
    types = _types(posts, plans)
    products = {
        product.name: product
        for product in TrackedName.objects.filter(
            workspace=workspace, kind=TrackedName.Kind.PRODUCT
        )
    }
    Contribution.objects.bulk_create(
        [_contribution(workspace, post, types[post.pk], plans, products) for post in posts],
        ignore_conflicts=True,
    )
    return len(posts)


def _types(posts: Sequence[Post], plans: dict[str, DemoPost]) -> dict[int, str]:
    """Roots as planned (a discussion by its words); replies answer questions, or comment."""
    types: dict[int, str] = {}
    for post in posts:
        if post.parent_id is None:
            types[post.pk] = _root_type(post, plans.get(post.external_id))
    for post in posts:
        if post.parent_id is not None:
            root = types.get(post.thread_root_id or post.parent_id, Contribution.Type.IDEA)
            is_question = root == Contribution.Type.QUESTION
            types[post.pk] = Contribution.Type.ANSWER if is_question else Contribution.Type.COMMENT
    return types


def _root_type(post: Post, plan: DemoPost | None) -> str:
    if plan is not None and plan.kind in ROOT_TYPES:
        return ROOT_TYPES[plan.kind]
    if IDEA_WORDS.search(f"{post.title} {post.text}"):
        return Contribution.Type.IDEA
    return Contribution.Type.QUESTION


def _contribution(
    workspace: Workspace,
    post: Post,
    type: str,
    plans: dict[str, DemoPost],
    products: dict[str, TrackedName],
) -> Contribution:
    plan = plans.get(post.external_id)
    accepted = plan is not None and plan.accepted and type == Contribution.Type.ANSWER
    return Contribution(
        post=post,
        workspace=workspace,
        type=type,
        created_at=post.created_at,
        product=products.get(plan.product) if plan is not None and plan.product else None,
        accepted_at=post.created_at if accepted else None,
    )


def demo_staff(workspace: Workspace) -> User:
    """The support lead who answers, promotes tips and asks for testimonials in the demo
    (cannot sign in: no usable password)."""
    user, made = User.objects.get_or_create(username=STAFF_USERNAME)
    if made:
        user.set_unusable_password()
        user.save()
    add_member(workspace, user, Role.RESPONDER)
    return user


def promote_tips(workspace: Workspace, count: int = TIPS_PROMOTED) -> int:
    """Staff promote the fullest accepted customer answers, each about another question,
    into articles on the public Tips page; the rest wait on staff's Tips page. Returns
    how many were promoted."""
    staff = demo_staff(workspace)
    answers = sorted(tips(workspace), key=lambda answer: (-len(answer.post.text), answer.pk))
    titles: set[str] = set()
    for answer in answers:
        if len(titles) == count:
            break
        draft = draft_from(answer)
        if draft.title in titles:
            continue
        titles.add(draft.title)
        promote_tip(answer, ArticleDraft(draft.title, readable(draft.body)), by=staff)
    return len(titles)


def readable(answer: str) -> str:
    """An answer edited for an article: without the greeting to the asker."""
    body = GREETING.sub("", answer).strip()
    return body[:1].upper() + body[1:]


def feature_testimonials(workspace: Workspace, count: int = TESTIMONIALS) -> int:
    """Staff put the most liked praise of `count` happy customers on the testimonials wall,
    each with the author's consent recorded. Needs the analysis (only posts analysed as
    positive qualify), so it runs after it. Returns how many are on the wall. A preparation
    that resumes finds the wall full and adds none."""
    staff = demo_staff(workspace)
    shown = Testimonial.objects.filter(workspace=workspace).count()
    if shown >= count:
        return shown
    for number, post in enumerate(_testimonial_candidates(workspace, count - shown)):
        testimonial = select_post(workspace, post, by=staff)
        day = post.created_at + timedelta(days=1 + number % 3)
        note = CONSENT_NOTES[number % len(CONSENT_NOTES)].format(day=f"{day.day} {day:%B}")
        record_staff_consent(testimonial, note, by=staff)
        shown += 1
    return shown


def _testimonial_candidates(workspace: Workspace, count: int) -> list[Post]:
    """English posts (not replies) analysed as positive praise or testimonial, no review
    under four stars, the most liked first, one per author and none opening as another."""
    posts = (
        Post.objects.filter(
            workspace=workspace,
            parent__isnull=True,
            language="en",
            analysis__sentiment=Sentiment.POSITIVE,
            analysis__kinds__kind__in=TESTIMONIAL_KINDS,
            testimonial__isnull=True,
        )
        .exclude(rating__lt=4)
        .distinct()
        .order_by("-likes", "pk")
    )
    chosen: dict[int | None, Post] = {}
    openings: set[str] = set()
    for post in posts[: count * 20]:
        if post.author_id in chosen or post.text[:OPENING] in openings:
            continue
        chosen[post.author_id] = post
        openings.add(post.text[:OPENING])
        if len(chosen) == count:
            break
    return list(chosen.values())


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
