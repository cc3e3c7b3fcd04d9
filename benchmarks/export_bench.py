"""Stream the posts export of a large workspace, next to the raw driver writing the same rows.

    .venv/bin/python benchmarks/export_bench.py [--posts 1000000]
    DATA_DIR=<the folder it printed> .venv/bin/python benchmarks/export_bench.py --reuse

Fills a fresh SQLite database (temporary DATA_DIR; or DATABASE_URL's server) with --posts
posts, each with its analysis and one or two feedback kinds, through bulk inserts. Then,
in the same run, writes to /dev/null: the posts export as CSV and as JSON Lines
(`socialcycle.measuring.exports.streams.stream`, keyset pages of 2,000), and the reference: one
SELECT of the same columns (kinds aggregated in SQL) read through the driver with
fetchmany and written with csv.writer. Prints rows/s and memory: the growth of the
process's RSS before each timed pass and its peak during it (Linux), and the peak of Python
allocations (tracemalloc) in a separate, untimed pass.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from socialcycle.accounts.models import Workspace

BATCH = 10_000
KINDS = ["idea", "complaint", "question", "praise", "early_warning", "competitive"]
SENTIMENTS = ["negative", "neutral", "positive"]
CHANNELS = ["social", "review", "app_store", "community", "email"]
REASONS = [[], [], ["outage words"], ["influential author", "repeated"]]
VERSIONS = {"encoder": "minilm-int8", "sentiment": "tweeteval-1", "kinds": "kinds-3"}


def fill(count: int) -> Workspace:
    from django.db import transaction

    from socialcycle.listening.models import Post
    from socialcycle.testing.factories import make_source, make_workspace
    from socialcycle.understanding.models import PostAnalysis, PostKind, Topic

    rng = random.Random(1)  # noqa: S311 (benchmark data)
    workspace = make_workspace("Export bench")
    source = make_source(workspace, "Bench", "social")
    topics = [Topic.objects.create(workspace=workspace, label=f"topic {n}") for n in range(20)]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for offset in range(0, count, BATCH):
        size = min(BATCH, count - offset)
        with transaction.atomic():
            times = [start + timedelta(seconds=rng.randrange(300 * 86400)) for _ in range(size)]
            posts = Post.objects.bulk_create(
                [
                    Post(
                        workspace=workspace,
                        source=source,
                        channel=rng.choice(CHANNELS),
                        external_id=f"p{offset + i}",
                        author_handle=f"person{rng.randrange(100_000)}",
                        title="" if i % 3 else f"Title {offset + i}",
                        text=f"Post number {offset + i}: the hub drops offline after the update, "
                        "and support has not answered yet.",
                        url=f"https://social.example/p/{offset + i}",
                        language="en",
                        created_at=times[i],
                        analysed_at=times[i],
                    )
                    for i in range(size)
                ]
            )
            analyses = PostAnalysis.objects.bulk_create(
                [
                    PostAnalysis(
                        post=post,
                        workspace=workspace,
                        created_at=post.created_at,
                        channel=post.channel,
                        language="en",
                        sentiment=rng.choice(SENTIMENTS),
                        sentiment_score=round(rng.uniform(-1, 1), 4),
                        emotion="anger",
                        primary_kind=rng.choice(KINDS),
                        topic=rng.choice(topics),
                        urgency=round(rng.random() ** 3, 3),
                        urgency_reasons=rng.choice(REASONS),
                        toxicity=round(rng.random() / 5, 3),
                        model_versions=VERSIONS,
                        analysed_at=post.created_at,
                    )
                    for post in posts
                ]
            )
            PostKind.objects.bulk_create(
                [
                    PostKind(analysis=analysis, kind=kind, confidence=round(rng.random(), 3))
                    for analysis in analyses
                    for kind in rng.sample(KINDS, rng.choice((1, 1, 2)))
                ]
            )
        print(f"\r  {offset + size:,} posts", end="", flush=True)
    print()
    return workspace


def reference_sql(vendor: str) -> str:
    """The same columns as the posts export, kinds aggregated in the database."""
    aggregate = "group_concat(k.kind, '; ')" if vendor == "sqlite" else "string_agg(k.kind, '; ')"
    return (
        "SELECT p.id, s.name, p.channel, p.external_id, p.author_id, p.author_handle, "
        "p.created_at, p.title, p.text, p.url, p.rating, coalesce(a.language, p.language), "
        "a.analysed_at, a.sentiment, a.sentiment_score, a.emotion, a.primary_kind, "
        f"(SELECT {aggregate} FROM understanding_postkind k WHERE k.analysis_id = a.id), "
        "t.label, a.urgency, a.urgency_reasons, a.toxicity, a.is_abusive, a.model_versions "
        "FROM listening_post p JOIN listening_source s ON s.id = p.source_id "
        "LEFT JOIN understanding_postanalysis a ON a.post_id = p.id "
        "LEFT JOIN understanding_topic t ON t.id = a.topic_id "
        "WHERE p.workspace_id = %s ORDER BY p.id"
    )


def reset_peak_rss() -> bool:
    """Start the process's peak-RSS count afresh (Linux: VmHWM); False where impossible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def peak_rss_mb() -> float:
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure(name: str, rows: int, function: Callable[[], int]) -> None:
    """Time one pass (and the process's peak RSS during it), then trace a second pass's
    Python allocations."""
    fresh = reset_peak_rss()
    rss_before = peak_rss_mb()
    started = time.perf_counter()
    written = function()
    seconds = time.perf_counter() - started
    rss_peak = peak_rss_mb()
    tracemalloc.start()
    function()
    traced_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    assert written == rows, f"{name} wrote {written:,} rows, not {rows:,}"
    print(
        f"  {name:<44} {seconds:7.1f} s  {rows / seconds:>9,.0f} rows/s   "
        f"RSS {rss_before:5.0f} -> peak {rss_peak:5.0f} MiB{'' if fresh else ' (process max)'}"
        f"   traced peak {traced_peak:5.1f} MiB"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument(
        "--reuse", action="store_true", help="export the data already in DATA_DIR (no filling)"
    )
    args = parser.parse_args()
    os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="socialcycle-export-bench-"))
    print(f"DATA_DIR={os.environ['DATA_DIR']}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialcycle.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from socialcycle.accounts.models import Workspace
    from socialcycle.listening.models import Post
    from socialcycle.measuring.exports import catalogue, streams
    from socialcycle.measuring.exports.posts import POST_COLUMNS
    from socialcycle.understanding.queries import PostFilter

    call_command("migrate", verbosity=0)
    if args.reuse:
        workspace = Workspace.objects.get(name="Export bench")
    else:
        started = time.perf_counter()
        workspace = fill(args.posts)
        print(f"filled {args.posts:,} posts with analyses in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    rows = Post.objects.filter(workspace=workspace).count()
    filters = PostFilter()

    def export(fmt: catalogue.Format) -> Callable[[], int]:
        def run() -> int:
            pieces = streams.stream(catalogue.POSTS, workspace, filters, fmt)
            with open(os.devnull, "w", encoding="utf-8") as sink:
                written = 0
                for piece in pieces:
                    sink.write(piece)
                    written += piece.count("\n")  # no newline inside these posts' cells
            return written - (1 if fmt is catalogue.Format.CSV else 0)

        return run

    def reference() -> int:
        written = 0
        with (
            connection.cursor() as cursor,
            open(os.devnull, "w", encoding="utf-8", newline="") as sink,
        ):
            writer = csv.writer(sink)
            writer.writerow(POST_COLUMNS)
            cursor.execute(reference_sql(connection.vendor), [workspace.pk])
            while batch := cursor.fetchmany(streams.CHUNK_SIZE):
                writer.writerows(batch)
                written += len(batch)
        return written

    print(f"{rows:,} posts, {connection.vendor}, pages of {streams.CHUNK_SIZE:,}")
    measure("posts export, CSV", rows, export(catalogue.Format.CSV))
    measure("posts export, JSON Lines", rows, export(catalogue.Format.JSONL))
    measure("reference: raw driver + csv.writer", rows, reference)
    return 0


if __name__ == "__main__":
    sys.exit(main())
