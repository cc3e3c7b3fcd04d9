"""Reputation points and badges: what the community shows of how much someone helped.

Points are counted from what is stored (never kept as a running total that could drift):

| for | points |
|---|---|
| a published idea, review, question or answer | 2 |
| a vote others gave one of your ideas | 1 |
| a helpful-vote others gave one of your reviews | 1 |
| an upvote others gave one of your answers | 2 |
| an accepted answer | 15 |
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from socialcycle.community.models import Badge, Contribution, Vote
from socialcycle.listening.models import Participant

POINTS_PER_POST = 2
POINTS_PER_ACCEPTED = 15
POINTS_PER_VOTE: dict[str, int] = {"idea": 1, "helpful": 1, "answer": 2}
POSTED_TYPES = (
    Contribution.Type.IDEA,
    Contribution.Type.REVIEW,
    Contribution.Type.QUESTION,
    Contribution.Type.ANSWER,
)
HELPFUL_REVIEWS_FOR_BADGE = 10
VOTES_FOR_POPULAR_IDEA = 10
ACCEPTED_FOR_HELPER = 5


@dataclass(frozen=True)
class Standing:
    points: int
    posts: int
    accepted_answers: int
    votes_received: dict[str, int]
    badges: list[Badge]


def _contributions(participant: Participant) -> dict[str, int]:
    mine = Contribution.objects.filter(post__author=participant, state=Contribution.State.PUBLISHED)
    return mine.aggregate(
        posts=Count("post", filter=Q(type__in=POSTED_TYPES)),
        accepted=Count("post", filter=Q(type=Contribution.Type.ANSWER, accepted_at__isnull=False)),
        ideas=Count("post", filter=Q(type=Contribution.Type.IDEA)),
    )


def _votes_received(participant: Participant) -> dict[str, int]:
    rows = (
        Vote.objects.filter(post__author=participant)
        .exclude(participant=participant)
        .values("kind")
        .annotate(n=Count("id"))
    )
    return {row["kind"]: row["n"] for row in rows}


def standing(participant: Participant) -> Standing:
    counts = _contributions(participant)
    received = _votes_received(participant)
    points = (
        POINTS_PER_POST * counts["posts"]
        + POINTS_PER_ACCEPTED * counts["accepted"]
        + sum(POINTS_PER_VOTE.get(kind, 0) * n for kind, n in received.items())
    )
    badges = list(Badge.objects.filter(participant=participant).order_by("awarded_at"))
    return Standing(points, counts["posts"], counts["accepted"], received, badges)


def award_badges(participant: Participant) -> list[str]:
    """Give every badge the participant now qualifies for; returns the new ones' codes."""
    counts = _contributions(participant)
    earned = []
    if counts["ideas"] >= 1:
        earned.append(Badge.Code.FIRST_IDEA)
    if counts["accepted"] >= 1:
        earned.append(Badge.Code.FIRST_ANSWER_ACCEPTED)
    if counts["accepted"] >= ACCEPTED_FOR_HELPER:
        earned.append(Badge.Code.HELPER)
    if _helpful_reviews(participant) >= HELPFUL_REVIEWS_FOR_BADGE:
        earned.append(Badge.Code.HELPFUL_REVIEWER)
    if _best_idea_votes(participant) >= VOTES_FOR_POPULAR_IDEA:
        earned.append(Badge.Code.POPULAR_IDEA)
    have = set(Badge.objects.filter(participant=participant).values_list("code", flat=True))
    new = [code for code in earned if code not in have]
    Badge.objects.bulk_create(
        [
            Badge(workspace_id=participant.workspace_id, participant=participant, code=code)
            for code in new
        ],
        ignore_conflicts=True,
    )
    return [str(code) for code in new]


def _helpful_reviews(participant: Participant) -> int:
    """Reviews by the participant that someone else found helpful."""
    return (
        Vote.objects.filter(post__author=participant, kind=Vote.Kind.HELPFUL)
        .exclude(participant=participant)
        .values("post")
        .distinct()
        .count()
    )


def _best_idea_votes(participant: Participant) -> int:
    best = (
        Vote.objects.filter(post__author=participant, kind=Vote.Kind.IDEA)
        .values("post")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    return best["n"] if best else 0
