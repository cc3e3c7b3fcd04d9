"""Stages of the engagement ladder, read from EngagementEvent rows: their names and order,
where each person stands, and when they reached each stage.

A person's stage is the highest stage they ever reached (the ladder only goes up);
`highest_stages` is the one place it is worked out, for the ladder, the People pages and
the exports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, Count, Max, Min, Q, Value, When

from socialcycle.analysis.labels import Sentiment
from socialcycle.listening.models import EngagementEvent, Participant
from socialcycle.understanding.models import PostAnalysis

Stage = EngagementEvent.Stage
STAGES: tuple[str, ...] = tuple(Stage.values)  # lowest first, as declared
RANK = {stage: rank for rank, stage in enumerate(STAGES, start=1)}
LABELS = dict(Stage.choices)
NEWCOMER = ""  # the "from" of someone's first step onto the ladder


def stage_label(stage: str) -> str:
    return LABELS.get(stage, "Not on the ladder yet")


def from_label(stage: str) -> str:
    return "New to the ladder" if stage == NEWCOMER else stage_label(stage)


@dataclass(frozen=True)
class StageReached:
    """The first time a person reached one stage, and the event that did it."""

    stage: str
    reached_at: datetime
    event: EngagementEvent

    @property
    def label(self) -> str:
        return stage_label(self.stage)


def current_stage(participant: Participant) -> str:
    """The highest stage the person reached; "" when they have no events."""
    return highest_stages([participant.pk]).get(participant.pk, "")


def stage_history(participant: Participant) -> list[StageReached]:
    """For each stage the person reached, when they first did and through which event,
    lowest stage first."""
    events = EngagementEvent.objects.filter(participant=participant)
    firsts = list(events.values("stage").annotate(first=Min("occurred_at")).order_by())
    if not firsts:
        return []
    match = Q()
    for row in firsts:
        match |= Q(stage=row["stage"], occurred_at=row["first"])
    reached: dict[str, StageReached] = {}
    for event in events.filter(match).select_related("post").order_by("occurred_at", "id"):
        reached.setdefault(event.stage, StageReached(event.stage, event.occurred_at, event))
    return sorted(reached.values(), key=lambda step: RANK.get(step.stage, 0))


def highest_stages(participant_ids: list[int]) -> dict[int, str]:
    """Each participant's current stage (the highest reached), from one aggregate: the
    highest rank of their events' stages. The one place a person's stage is worked out
    (the ladder, the People pages and the exports ask here). People with no events are
    left out."""
    rank = Case(
        *(When(stage=stage, then=Value(number)) for stage, number in RANK.items()), default=0
    )
    ranks = (
        EngagementEvent.objects.filter(participant_id__in=participant_ids)
        .values("participant_id")
        .annotate(top=Max(rank))
        .order_by()
        .values_list("participant_id", "top")
    )
    return {participant_id: STAGES[top - 1] for participant_id, top in ranks if top}


@dataclass(frozen=True)
class PersonLadder:
    """Everything the person's ladder page shows."""

    participant: Participant
    stage: str
    history: list[StageReached]
    analysed_posts: int
    positive: int
    negative: int
    recent_events: list[EngagementEvent]

    @property
    def stage_label(self) -> str:
        return stage_label(self.stage)


def person_ladder(participant: Participant, *, recent: int = 10) -> PersonLadder:
    """The person's stage, when they reached each stage, their sentiment counts and latest
    steps (their posts are paged on their page, people/queries.py)."""
    history = stage_history(participant)
    sentiments = PostAnalysis.objects.filter(post__author=participant).aggregate(
        total=Count("id", filter=~Q(sentiment="")),
        positive=Count("id", filter=Q(sentiment=Sentiment.POSITIVE)),
        negative=Count("id", filter=Q(sentiment=Sentiment.NEGATIVE)),
    )
    return PersonLadder(
        participant=participant,
        stage=current_stage(participant),
        history=history,
        analysed_posts=sentiments["total"],
        positive=sentiments["positive"],
        negative=sentiments["negative"],
        recent_events=list(
            EngagementEvent.objects.filter(participant=participant)
            .select_related("post")
            .order_by("-occurred_at", "-id")[:recent]
        ),
    )
