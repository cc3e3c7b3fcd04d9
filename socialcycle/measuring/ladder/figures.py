"""The engagement ladder's figures kept in the database, so that no page waits for them.

The funnel and the advocate and detractor lists take seconds at a million events and move
slowly. A periodic task (`measuring.refresh_ladder_figures`) recomputes them for every
workspace; the dashboard and the Ladder page read what it stored. Only when nothing was
stored yet, or the scheduler has been away for STALE_SECONDS, does a page compute them
itself, and then it only shows them: storing is the task's (and "Refresh now"'s) job, so
that reading a page never writes. A table rather than the cache: a cache may evict them
at any time (then a page would pay the seconds) and is emptied by a restart; a table
keeps them until replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from socialcycle.accounts.models import Workspace
from socialcycle.listening.models import Participant, Post
from socialcycle.measuring.ladder.advocates import Voice, advocates, detractors
from socialcycle.measuring.ladder.funnel import FunnelMonth, funnel
from socialcycle.measuring.ladder.models import LadderFigures

REFRESH_SECONDS = 600  # how often the periodic task recomputes (CELERY_BEAT_SCHEDULE)
STALE_SECONDS = 3600  # older than this, a page recomputes instead of showing them


@dataclass(frozen=True)
class Figures:
    months: list[FunnelMonth]
    advocates: list[Voice]
    detractors: list[Voice]
    computed_at: datetime


def figures(workspace: Workspace, months: int, *, now: datetime | None = None) -> Figures:
    """The last `months` of the funnel and the lists as last stored, computed first when
    none are stored or they are older than STALE_SECONDS."""
    now = now or timezone.now()
    stored = LadderFigures.objects.filter(workspace=workspace).first()
    if stored is None or stored.computed_at < now - timedelta(seconds=STALE_SECONDS):
        stored = LadderFigures(workspace=workspace, **_computed(workspace, now))
    return _decoded(stored, months)


def refresh(workspace: Workspace, *, now: datetime | None = None) -> LadderFigures:
    """Compute the workspace's figures now and store them."""
    now = now or timezone.now()
    stored, _ = LadderFigures.objects.update_or_create(
        workspace=workspace, defaults=_computed(workspace, now)
    )
    return stored


def _computed(workspace: Workspace, now: datetime) -> dict[str, Any]:
    return {
        "computed_at": now,
        "months": [_month_row(month) for month in funnel(workspace, now=now)],
        "advocates": [_voice_row(voice) for voice in advocates(workspace)],
        "detractors": [_voice_row(voice) for voice in detractors(workspace)],
    }


def _month_row(month: FunnelMonth) -> dict[str, Any]:
    return {
        "month": month.month.isoformat(),
        "at_stage": month.at_stage,
        "moves": [
            [from_stage, to_stage, people] for (from_stage, to_stage), people in month.moves.items()
        ],
    }


def _voice_row(voice: Voice) -> dict[str, Any]:
    return {
        "participant": voice.participant.pk,
        "stage": voice.stage,
        "analysed_posts": voice.analysed_posts,
        "positive": voice.positive,
        "negative": voice.negative,
        "examples": [post.pk for post in voice.examples],
    }


def _decoded(stored: LadderFigures, months: int) -> Figures:
    months_kept = [
        FunnelMonth(
            month=date.fromisoformat(row["month"]),
            at_stage=dict(row["at_stage"]),
            moves={(from_stage, to_stage): people for from_stage, to_stage, people in row["moves"]},
        )
        for row in stored.months[-months:]
    ]
    rows = [*stored.advocates, *stored.detractors]
    people = Participant.objects.filter(
        workspace_id=stored.workspace_id, merged_into__isnull=True
    ).in_bulk([row["participant"] for row in rows])
    posts = (
        Post.objects.filter(author_id__in=list(people))
        .select_related("analysis")
        .in_bulk([pk for row in rows for pk in row["examples"]])
    )
    return Figures(
        months=months_kept,
        advocates=_voices(stored.advocates, people, posts),
        detractors=_voices(stored.detractors, people, posts),
        computed_at=stored.computed_at,
    )


def _voices(
    rows: list[dict[str, Any]], people: dict[int, Participant], posts: dict[int, Post]
) -> list[Voice]:
    """The stored lists with the people and posts as they are now: anyone erased or merged
    since is left out, and so is any example post deleted or moved to someone else."""
    voices = []
    for row in rows:
        person = people.get(row["participant"])
        if person is None:
            continue
        examples = [
            posts[pk] for pk in row["examples"] if pk in posts and posts[pk].author_id == person.pk
        ]
        voices.append(
            Voice(
                participant=person,
                stage=row["stage"],
                analysed_posts=row["analysed_posts"],
                positive=row["positive"],
                negative=row["negative"],
                examples=examples,
            )
        )
    return voices
