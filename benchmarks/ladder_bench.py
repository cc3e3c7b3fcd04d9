"""Time the engagement ladder on a large workspace, next to the raw SQL GROUP BY it rests on.

    .venv/bin/python benchmarks/ladder_bench.py [--people 100000] [--events 1000000]
        [--posts 300000] [--runs 5]

Fills a fresh SQLite database (temporary DATA_DIR; or DATABASE_URL's server) with --people
participants (influence spread so a few percent are influential), --events engagement
events over 12 months with lower stages commoner, and --posts analysed posts. Then times,
in the same run: the monthly funnel (`ladder.funnel`), the advocates and detractors lists,
and the references: the raw SQL `MIN(occurred_at) GROUP BY participant, stage` the funnel
reads, and the raw sentiment GROUP BY over influential authors the lists read, each run
through the driver with every row fetched; and the stored figures (`ladder_figures`): what
the periodic task pays to compute and store them, and what a page pays to read them.
Prints p50/p95.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from socialcycle.accounts.models import Workspace

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from timing import timed  # noqa: E402 (benchmarks/ is the script's folder)

BATCH = 10_000
START = datetime(2025, 6, 1, tzinfo=UTC)
SPAN_SECONDS = 365 * 86400
# consumption … advocacy: most people read, few buy or advocate.
STAGE_WEIGHTS = (40, 25, 15, 8, 5, 5, 2)
SENTIMENTS = ("negative", "neutral", "positive")


def fill(people: int, events: int, posts: int) -> Workspace:
    from django.db import connection, transaction

    from socialcycle.listening.models import EngagementEvent, Participant, Post
    from socialcycle.testing.factories import make_source, make_workspace
    from socialcycle.understanding.models import PostAnalysis

    rng = random.Random(1)  # noqa: S311 (benchmark data)
    workspace = make_workspace("Ladder bench")
    source = make_source(workspace, "Bench", "social")
    with transaction.atomic():
        created = Participant.objects.bulk_create(
            [
                Participant(
                    workspace=workspace,
                    display_name=f"person {n}",
                    influence=round(100 * rng.random() ** 4, 1),
                )
                for n in range(people)
            ],
            batch_size=BATCH,
        )
    ids = [person.pk for person in created]
    stages = list(EngagementEvent.Stage.values)
    table = EngagementEvent._meta.db_table
    sql = (
        f"INSERT INTO {table} (workspace_id, participant_id, stage, action, occurred_at, "
        "details, external_id) VALUES (%s, %s, %s, 'bench', %s, '{}', '')"
    )
    for offset in range(0, events, BATCH):
        size = min(BATCH, events - offset)
        rows = [
            (
                workspace.pk,
                rng.choice(ids),
                rng.choices(stages, STAGE_WEIGHTS)[0],
                # Stored as Django stores it, so the funnel reads what it reads in production.
                connection.ops.adapt_datetimefield_value(
                    START + timedelta(seconds=rng.randrange(SPAN_SECONDS))
                ),
            )
            for _ in range(size)
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        print(f"\r  {offset + size:,} events", end="", flush=True)
    print()
    for offset in range(0, posts, BATCH):
        size = min(BATCH, posts - offset)
        with transaction.atomic():
            made = Post.objects.bulk_create(
                [
                    Post(
                        workspace=workspace,
                        source=source,
                        channel="social",
                        external_id=f"p{offset + n}",
                        author_id=rng.choice(ids),
                        text=f"Post {offset + n} about the hub",
                        created_at=START + timedelta(seconds=rng.randrange(SPAN_SECONDS)),
                    )
                    for n in range(size)
                ]
            )
            PostAnalysis.objects.bulk_create(
                [
                    PostAnalysis(
                        post=post,
                        workspace=workspace,
                        created_at=post.created_at,
                        channel=post.channel,
                        sentiment=rng.choice(SENTIMENTS),
                        sentiment_score=0.0,
                        analysed_at=post.created_at,
                    )
                    for post in made
                ]
            )
        print(f"\r  {offset + size:,} posts", end="", flush=True)
    print()
    return workspace


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--posts", type=int, default=300_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="socialcycle-ladder-bench-"))
    print(f"DATA_DIR={os.environ['DATA_DIR']}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialcycle.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from socialcycle.measuring.ladder import figures as ladder_figures
    from socialcycle.measuring.ladder.advocates import MIN_INFLUENCE, advocates, detractors
    from socialcycle.measuring.ladder.funnel import funnel

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    workspace = fill(args.people, args.events, args.posts)
    print(f"filled in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    def raw(sql: str, params: list[int | float]) -> Callable[[], object]:
        def run() -> object:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        return run

    firsts_sql = (
        "SELECT participant_id, stage, MIN(occurred_at) FROM listening_engagementevent "
        "WHERE workspace_id = %s GROUP BY participant_id, stage"
    )
    voices_sql = (
        "SELECT p.author_id, COUNT(*), SUM(CASE WHEN a.sentiment = 'positive' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN a.sentiment = 'negative' THEN 1 ELSE 0 END) "
        "FROM understanding_postanalysis a JOIN listening_post p ON p.id = a.post_id "
        "JOIN listening_participant u ON u.id = p.author_id "
        "WHERE a.workspace_id = %s AND a.sentiment <> '' AND u.influence >= %s "
        "GROUP BY p.author_id"
    )
    cases: list[tuple[str, Callable[[], object]]] = [
        ("funnel, every month", lambda: funnel(workspace)),
        ("reference: raw MIN() GROUP BY", raw(firsts_sql, [workspace.pk])),
        (
            "advocates + detractors",
            lambda: (advocates(workspace), detractors(workspace)),
        ),
        (
            "reference: raw sentiment GROUP BY",
            raw(voices_sql, [workspace.pk, MIN_INFLUENCE]),
        ),
        ("stored figures: compute and store", lambda: ladder_figures.refresh(workspace)),
        ("stored figures: what a page reads", lambda: ladder_figures.figures(workspace, 12)),
    ]
    print(
        f"{args.people:,} people, {args.events:,} events, {args.posts:,} posts, "
        f"{connection.vendor}, {args.runs} runs each"
    )
    for name, function in cases:
        function()
        p50, p95 = timed(function, args.runs)
        print(f"  {name:<36} p50 {p50:9.1f} ms   p95 {p95:9.1f} ms")
    months = funnel(workspace)
    print(f"  {len(months)} months; last: {months[-1].on_ladder:,} on the ladder")
    return 0


if __name__ == "__main__":
    sys.exit(main())
