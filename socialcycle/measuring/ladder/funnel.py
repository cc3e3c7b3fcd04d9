"""The engagement ladder's funnel: how a workspace's people moved up, month by month.

It is built from one GROUP BY (the first time each person reached each stage), never one
query per person, so it stays fast at a million events.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo

from django.db import connection
from django.db.models import Min
from django.utils import timezone

from socialcycle.accounts.models import Workspace
from socialcycle.listening.models import EngagementEvent
from socialcycle.measuring.ladder.stages import NEWCOMER, RANK, STAGES, from_label, stage_label


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
