"""Advocates and detractors: influential people whose analysed posts lean one way, with
their stage and their latest posts that lean that way."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from socialcycle.accounts.models import Workspace
from socialcycle.analysis.labels import Sentiment
from socialcycle.listening.models import Participant, Post
from socialcycle.measuring.ladder.stages import RANK, Stage, highest_stages, stage_label
from socialcycle.understanding.models import PostAnalysis

# Advocates and detractors: influential people whose analysed posts lean one way.
MIN_INFLUENCE = 20.0  # of 100, see socialcycle.listening.influence
MIN_POSTS = 2
MOSTLY = 0.6  # share of their analysed posts with the sentiment
ADVOCATE_MIN_STAGE = Stage.CREATION
EXAMPLES = 3


@dataclass(frozen=True)
class Voice:
    """An advocate or detractor with the evidence: their stage, influence, sentiment
    counts over their analysed posts, and their latest posts that lean that way."""

    participant: Participant
    stage: str
    analysed_posts: int
    positive: int
    negative: int
    examples: list[Post]

    @property
    def influence(self) -> float:
        return self.participant.influence

    @property
    def stage_label(self) -> str:
        return stage_label(self.stage)


def advocates(workspace: Workspace, *, limit: int = 25) -> list[Voice]:
    """Influential people at creation or above whose analysed posts are mostly positive."""
    return _voices(workspace, Sentiment.POSITIVE, limit, RANK[ADVOCATE_MIN_STAGE])


def detractors(workspace: Workspace, *, limit: int = 25) -> list[Voice]:
    """Influential people whose analysed posts are mostly negative, whatever their stage."""
    return _voices(workspace, Sentiment.NEGATIVE, limit, 0)


def _voices(workspace: Workspace, sentiment: str, limit: int, min_rank: int) -> list[Voice]:
    leaning = "positive" if sentiment == Sentiment.POSITIVE else "negative"
    stats = (
        PostAnalysis.objects.filter(
            workspace=workspace,
            post__author__influence__gte=MIN_INFLUENCE,
            post__author__merged_into__isnull=True,
        )
        .exclude(sentiment="")
        .values("post__author")
        .annotate(
            total=Count("id"),
            positive=Count("id", filter=Q(sentiment=Sentiment.POSITIVE)),
            negative=Count("id", filter=Q(sentiment=Sentiment.NEGATIVE)),
        )
        .filter(total__gte=MIN_POSTS, **{f"{leaning}__gte": F("total") * MOSTLY})
        .order_by()
    )
    counts: dict[int, dict[str, int]] = {
        row["post__author"]: {key: row[key] for key in ("total", "positive", "negative")}
        for row in stats
    }
    stages = highest_stages(list(counts))
    people = Participant.objects.in_bulk(
        [pk for pk in counts if RANK.get(stages.get(pk, ""), 0) >= min_rank]
    )
    chosen = sorted(people.values(), key=lambda p: (-p.influence, -counts[p.pk][leaning], p.pk))[
        :limit
    ]
    examples = latest_posts([person.pk for person in chosen], sentiment, EXAMPLES)
    return [
        Voice(
            participant=person,
            stage=stages.get(person.pk, ""),
            analysed_posts=counts[person.pk]["total"],
            positive=counts[person.pk]["positive"],
            negative=counts[person.pk]["negative"],
            examples=examples.get(person.pk, []),
        )
        for person in chosen
    ]


def latest_posts(
    participant_ids: list[int], sentiment: str | None, per_person: int
) -> dict[int, list[Post]]:
    """Each person's latest analysed posts (of one sentiment if given), newest first."""
    posts = Post.objects.filter(author_id__in=participant_ids, analysis__isnull=False)
    if sentiment:
        posts = posts.filter(analysis__sentiment=sentiment)
    ranked = (
        posts.annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("author_id")],
                order_by=[F("created_at").desc(), F("id").desc()],
            )
        )
        .filter(place__lte=per_person)
        .select_related("analysis")
        .order_by("author_id", "place")
    )
    found: dict[int, list[Post]] = defaultdict(list)
    for post in ranked:
        if post.author_id is not None:
            found[post.author_id].append(post)
    return found
