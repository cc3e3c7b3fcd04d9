"""Story helpers for the community content tests: products, reviews, questions, analyses.

Members themselves come from socialcycle.testing.members (signed up, verified, signed in).
"""

from __future__ import annotations

from itertools import count

from django.utils import timezone

from socialcycle.accounts.models import TrackedName, Workspace
from socialcycle.accounts.services import track_name
from socialcycle.community import qa, reviews
from socialcycle.community.models import Contribution, Member
from socialcycle.listening.models import Post
from socialcycle.testing.factories import make_post, make_source
from socialcycle.understanding.models import PostAnalysis

_serial = count(1)
ABUSE = "You are a worthless idiot and I hope you die, you stupid moron"


def make_product(workspace: Workspace, name: str = "Lumio Lamp") -> TrackedName:
    return track_name(workspace, kind=TrackedName.Kind.PRODUCT, name=name)


def review(member: Member, product: TrackedName, stars: int = 5, text: str = "") -> Contribution:
    return reviews.post_review(
        member, product, stars, text or f"{stars} stars from {member.handle}: bright and simple."
    )


def question(member: Member, title: str = "How do I pair the lamp?") -> Contribution:
    return qa.ask_question(member, title, "I pressed the button but nothing happens.")


def answer(member: Member, asked: Contribution, text: str = "") -> Contribution:
    return qa.answer_question(
        member, asked, text or f"Hold the button for five seconds ({member.handle})."
    )


def analyse_as(post: Post, sentiment: str) -> PostAnalysis:
    """Store an analysis saying `sentiment` (the testimonial rules, not the models, are tested)."""
    now = timezone.now()
    score = {"positive": 0.9, "neutral": 0.0, "negative": -0.9}[sentiment]
    return PostAnalysis.objects.create(
        post=post,
        workspace_id=post.workspace_id,
        created_at=post.created_at,
        sentiment=sentiment,
        sentiment_score=score,
        analysed_at=now,
    )


def social_post(workspace: Workspace, text: str, sentiment: str, author: str = "sam") -> Post:
    source = make_source(workspace, "Chirper export", "social")
    post = make_post(source, f"t-{next(_serial)}", text, author=author)
    analyse_as(post, sentiment)
    return post
