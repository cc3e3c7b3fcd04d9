"""The engagement ladder, read from EngagementEvent rows: where each person stands, how a
workspace's people moved up month by month, and who its advocates and detractors are.

A person's stage is the highest stage they ever reached (the ladder only goes up). The
funnel is built from one GROUP BY (the first time each person reached each stage), never
one query per person, so it stays fast at a million events.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo

from django.db import connection
from django.db.models import Case, Count, F, Max, Min, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from socialcycle.accounts.models import Workspace
from socialcycle.analysis.labels import Sentiment
from socialcycle.listening.models import EngagementEvent, Participant, Post
from socialcycle.understanding.models import PostAnalysis

Stage = EngagementEvent.Stage
STAGES: tuple[str, ...] = tuple(Stage.values)  # lowest first, as declared
RANK = {stage: rank for rank, stage in enumerate(STAGES, start=1)}
LABELS = dict(Stage.choices)
NEWCOMER = ""  # the "from" of someone's first step onto the ladder

# Advocates and detractors: influential people whose analysed posts lean one way.
MIN_INFLUENCE = 20.0  # of 100, see socialcycle.listening.influence
MIN_POSTS = 2
MOSTLY = 0.6  # share of their analysed posts with the sentiment
ADVOCATE_MIN_STAGE = Stage.CREATION
EXAMPLES = 3


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


@dataclass(frozen=True)
class FunnelMonth:
    """One calendar month of the workspace's time zone: who stood where at its end, and
    who moved up during it.

    `moves` maps (from stage, to stage) to people; from is the highest stage before the
    month ("" for newcomers), to the highest at its end, so each person counts once.
    """

    month: date
    at_stage: dict[str, int]
    moves: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def moved_up(self) -> int:
        return sum(self.moves.values())

    @property
    def on_ladder(self) -> int:
        return sum(self.at_stage.values())

    def moved(self, from_stage: str, to_stage: str) -> int:
        return self.moves.get((from_stage, to_stage), 0)

    @property
    def stage_counts(self) -> list[int]:
        """People at each stage at the month's end, lowest stage first (for tables)."""
        return [self.at_stage.get(stage, 0) for stage in STAGES]

    @property
    def move_list(self) -> list[tuple[str, str, int]]:
        """(from label, to label, people) for every move this month, lowest first."""
        ordered = sorted(
            self.moves.items(), key=lambda item: (RANK.get(item[0][0], 0), RANK[item[0][1]])
        )
        return [
            (from_label(from_stage), stage_label(to_stage), people)
            for (from_stage, to_stage), people in ordered
        ]

    def matrix(self) -> list[tuple[str, list[int]]]:
        """The from-to table: one row per starting point (newcomers first), one column per
        stage reached, only rows where someone moved."""
        rows = []
        for from_stage in (NEWCOMER, *STAGES):
            counts = [self.moved(from_stage, to_stage) for to_stage in STAGES]
            if any(counts):
                rows.append((from_label(from_stage), counts))
        return rows


Moment = datetime | str  # as the database returns it: ISO text on SQLite


def first_reached(workspace: Workspace) -> dict[int, list[tuple[Moment, int]]]:
    """For each participant, (first time, stage rank) of every stage they reached.

    Rows come straight from the driver: Django's conversion of every datetime cost more
    than the query. Times are compared as stored (ISO text on SQLite sorts in time order,
    in UTC) and converted only where someone climbed.
    """
    query = (
        EngagementEvent.objects.filter(workspace=workspace)
        .values("participant", "stage")
        .annotate(first=Min("occurred_at"))
        .order_by()
        .values_list("participant", "stage", "first")
    )
    sql, params = query.query.sql_with_params()
    people: dict[int, list[tuple[Moment, int]]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(10_000):
            for participant_id, stage, first in rows:
                people[participant_id].append((first, RANK[stage]))
    return people


def funnel(
    workspace: Workspace, *, months: int | None = None, now: datetime | None = None
) -> list[FunnelMonth]:
    """The workspace's ladder month by month, oldest first; the last `months` if given.

    Months are calendar months on the workspace's clock (`Workspace.zone()`: its time
    zone, else TIME_ZONE), wherever this runs: a step at 23:30 on 31 March there is
    March's, even where the server's zone has reached April."""
    zone = workspace.zone()
    moves: Counter[tuple[date, int, int]] = Counter()
    for firsts in first_reached(workspace).values():
        moves.update(_monthly_moves(firsts, zone))
    if not moves:
        return []
    first_month = min(month for month, _, _ in moves)
    last_month = max(_month_of(now or timezone.now(), zone), *(month for month, _, _ in moves))
    by_month: dict[date, dict[tuple[int, int], int]] = defaultdict(dict)
    for (month, from_rank, to_rank), people in moves.items():
        by_month[month][(from_rank, to_rank)] = people
    standing = dict.fromkeys(range(1, len(STAGES) + 1), 0)
    result = []
    for month in _month_range(first_month, last_month):
        month_moves = by_month.get(month, {})
        for (from_rank, to_rank), people in month_moves.items():
            if from_rank:
                standing[from_rank] -= people
            standing[to_rank] += people
        result.append(
            FunnelMonth(
                month=month,
                at_stage={STAGES[rank - 1]: n for rank, n in standing.items()},
                moves={
                    (_stage_of(from_rank), _stage_of(to_rank)): people
                    for (from_rank, to_rank), people in month_moves.items()
                },
            )
        )
    return result[-months:] if months else result


def _monthly_moves(
    firsts: list[tuple[Moment, int]], zone: tzinfo
) -> Iterable[tuple[date, int, int]]:
    """One (month, from rank, to rank) per month in which this person climbed."""
    top, month, month_from = 0, None, 0
    for reached_at, rank in sorted(firsts):
        if rank <= top:
            continue  # reached a lower stage after a higher one: no climb
        this_month = _month_of(reached_at, zone)
        if this_month != month:
            if month is not None:
                yield month, month_from, top
            month, month_from = this_month, top
        top = rank
    if month is not None:
        yield month, month_from, top


def _stage_of(rank: int) -> str:
    return STAGES[rank - 1] if rank else NEWCOMER


def _month_of(moment: Moment, zone: tzinfo) -> date:
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # SQLite keeps UTC without a zone
    local = moment.astimezone(zone)
    return date(local.year, local.month, 1)


def _month_range(first: date, last: date) -> Iterable[date]:
    month = first
    while month <= last:
        yield month
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)


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
    steps (their posts are paged on their page, measuring/people.py)."""
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
