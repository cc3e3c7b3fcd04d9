"""Time a large CSV import against the raw insert rate of the database driver alone.

    .venv/bin/python benchmarks/import_bench.py [--rows 200000] [--database sqlite|postgres|both]
        [--postgres-url postgres://postgres@127.0.0.1:5432/postgres] [--profile 20]

Writes N generated posts to a CSV file, then for each database: migrates a fresh database
(SQLite: a new file under a temporary DATA_DIR; PostgreSQL: a scratch database created on
the --postgres-url server and dropped at the end), times `import_file(source, csv)` with
analysis excluded, and times the reference: the same rows inserted into a plain table with
the driver alone (sqlite3 `executemany`, psycopg `COPY`). Each database is measured in its
own child process, because Django reads its database settings once per process.
Goal (issue 3): the import reaches at least 40% of the raw rate. Exits 0 either way.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from socialcycle.listening.models import Source

GOAL_SHARE = 0.40
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
COLUMNS = ("id", "text", "created_at", "author", "likes", "shares")
FIRST_DAY = datetime(2026, 1, 1, tzinfo=UTC)
SPAN_SECONDS = 300 * 24 * 3600
WORDS = (
    "the app crashed again after update love new dashboard support team was quick to help "
    "checkout keeps failing on my phone shipping took two weeks refund still pending great "
    "price for the quality battery drains fast since version login page is slow please add "
    "dark mode export to csv would be nice customer service never answered my email delivery "
    "arrived early packaging was damaged but product works fine recommend it to friends "
    "subscription renewal charged twice can someone look into this order number tracking "
    "link broken sizes run small exchange was easy notifications are too many settings "
    "menu confusing search does not find anything new feature is exactly what we needed "
    "thanks for listening honestly disappointed with how this was handled five stars would "
    "buy again screen freezes when uploading photos sync between devices works perfectly"
).split()

RawRow = tuple[str, str, str, str, int, int]


@dataclass
class Measurement:
    database: str
    rows: int
    import_s: float
    raw_s: float
    work_s: float

    @property
    def share(self) -> float:
        """The import's rate as a fraction of the raw rate."""
        return self.raw_s / self.import_s

    @property
    def work_share(self) -> float:
        """The per-post work alone (no database) as a fraction of the raw rate: a ceiling."""
        return self.raw_s / self.work_s


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


# --- the data -------------------------------------------------------------------------


def post_text(rng: random.Random) -> str:
    """A post of 40 to 280 characters made of words from the list."""
    length = rng.randint(40, 280)
    words: list[str] = []
    size = -1
    while size < length:
        word = rng.choice(WORDS)
        words.append(word)
        size += len(word) + 1
    return " ".join(words)[:length].rstrip().capitalize() + "."


def generate_rows(count: int) -> Iterator[RawRow]:
    """`count` posts, the same every run; authors drawn from about count / 20 handles."""
    rng = random.Random(1)  # noqa: S311 - reproducible test data, not security
    handles = [f"{rng.choice(WORDS)}_{rng.choice(WORDS)}{n}" for n in range(max(1, count // 20))]
    for n in range(count):
        created = FIRST_DAY + timedelta(seconds=rng.randrange(SPAN_SECONDS))
        yield (
            f"post-{n:07d}",
            post_text(rng),
            created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            rng.choice(handles),
            int(rng.expovariate(1 / 8)),
            int(rng.expovariate(1 / 2)),
        )


def write_csv(path: Path, count: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(generate_rows(count))


def read_csv(path: Path) -> list[RawRow]:
    """The file's rows as the raw reference inserts them (counts as int, dates as text)."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        return [
            (pid, text, at, author, int(likes), int(shares))
            for pid, text, at, author, likes, shares in reader
        ]


# --- the reference: the driver alone --------------------------------------------------


def raw_sqlite(database_file: str, rows: list[RawRow]) -> float:
    """Seconds to insert `rows` with sqlite3 `executemany` in one transaction."""
    import sqlite3

    connection = sqlite3.connect(database_file)
    try:
        # The same pragmas as socialcycle's own SQLite connections (see settings).
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute(
            "CREATE TABLE bench_raw (id text, text text, created_at text, author text, "
            "likes integer, shares integer)"
        )
        connection.commit()

        def insert() -> None:
            with connection:
                connection.executemany("INSERT INTO bench_raw VALUES (?, ?, ?, ?, ?, ?)", rows)

        return timed(insert)
    finally:
        connection.close()


def raw_postgres(url: str, rows: list[RawRow]) -> float:
    """Seconds to insert `rows` with psycopg `COPY ... FROM STDIN` in one transaction."""
    import psycopg

    with psycopg.connect(url) as connection:
        connection.execute(
            "CREATE TABLE bench_raw (id text, text text, created_at timestamptz, author text, "
            "likes integer, shares integer)"
        )
        connection.commit()

        def copy() -> None:
            with connection.cursor() as cursor:
                statement = f"COPY bench_raw ({', '.join(COLUMNS)}) FROM STDIN"
                with cursor.copy(statement) as stream:
                    for row in rows:
                        stream.write_row(row)
            connection.commit()

        return timed(copy)


# --- one database, in a child process -------------------------------------------------


def make_source() -> Source:
    from socialcycle.accounts.services import create_workspace
    from socialcycle.listening.models import Channel
    from socialcycle.listening.services import create_source

    workspace = create_workspace(name="Import benchmark", slug="import-bench")
    return create_source(workspace, name="Benchmark export", channel=Channel.SOCIAL)


def timed_import(source: Source, csv_path: Path, profile_top: int) -> float:
    """Seconds `import_file` takes, with the analysis task it enqueues replaced by a no-op."""
    import cProfile
    import pstats
    from unittest import mock

    from socialcycle.lib import tasks
    from socialcycle.listening.imports import import_file
    from socialcycle.listening.models import ImportRun

    def skip_task(task_name: str, args: list[object]) -> None:
        assert task_name == "understanding.analyse_pending_posts", task_name

    profiler = cProfile.Profile()
    with mock.patch.object(tasks, "run_task", skip_task):
        start = time.perf_counter()
        if profile_top:
            profiler.enable()
        run = import_file(source, csv_path)
        profiler.disable()
        seconds = time.perf_counter() - start
    assert run.status == ImportRun.Status.FINISHED, (run.status, run.problems[:3])
    if profile_top:
        print(f"\ncProfile of the import ({seconds:.1f} s under the profiler):")
        for key in (pstats.SortKey.TIME, pstats.SortKey.CUMULATIVE):
            pstats.Stats(profiler, stream=sys.stdout).sort_stats(key).print_stats(profile_top)
    return seconds


def timed_per_post_work(csv_path: Path) -> float:
    """Seconds for what the import must do per post before any database work.

    Reading and mapping the rows, repairing and tidying each text, detecting its language,
    extracting its references and computing its MinHash signature: the issue asks for all of
    it on the way in, so no design that keeps it in the import can be faster than this.
    """
    from socialcycle.listening.dedup import signature_of
    from socialcycle.listening.importers import RawRecord, get_importer
    from socialcycle.listening.importers.mapping import map_record
    from socialcycle.listening.importers.presets import GENERIC
    from socialcycle.listening.incoming import IncomingPost
    from socialcycle.listening.normalise import canonical_form, normalise_texts

    def work() -> None:
        data = csv_path.read_bytes()
        records = get_importer("csv").read(csv_path, data)
        posts = [
            map_record(item, GENERIC, csv_path.name)
            for item in records
            if isinstance(item, RawRecord)
        ]
        cleaned = normalise_texts([post.text for post in posts if isinstance(post, IncomingPost)])
        for text in cleaned:
            signature_of(canonical_form(text.text))

    return timed(work)


def measure_here(csv_path: Path, rows: int, profile_top: int) -> Measurement:
    """Migrate the database in this process's settings, then time the import and raw inserts."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialcycle.settings")
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from socialcycle.listening.models import Post

    call_command("migrate", verbosity=0)
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the enqueued task would run here, not remotely
    source = make_source()
    import_s = timed_import(source, csv_path, profile_top)
    stored = Post.objects.filter(source=source).count()
    assert stored == rows, f"the import stored {stored} posts, expected {rows}"
    vendor = connection.vendor
    database_name = str(connection.settings_dict["NAME"])
    connection.close()
    raw_rows = read_csv(csv_path)
    if vendor == "sqlite":
        raw_s = raw_sqlite(database_name, raw_rows)
    else:
        raw_s = raw_postgres(os.environ["DATABASE_URL"], raw_rows)
    return Measurement(vendor, rows, import_s, raw_s, timed_per_post_work(csv_path))


def measure_in_child(
    csv_path: Path, rows: int, data_dir: Path, database_url: str | None, profile_top: int
) -> Measurement:
    """Run `measure_here` in a fresh interpreter configured for one database."""
    env = {**os.environ, "DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    result_file = data_dir / "result.json"
    command = [sys.executable, __file__, "--rows", str(rows), "--profile", str(profile_top)]
    command += ["--child", str(csv_path), str(result_file)]
    subprocess.run(command, env=env, check=True)  # noqa: S603 - our own script
    return Measurement(**json.loads(result_file.read_text()))


@contextmanager
def scratch_postgres(server_url: str) -> Iterator[str]:
    """A new, empty database on the server of `server_url`, dropped afterwards; yields its URL."""
    import psycopg
    from psycopg import sql

    name = f"socialcycle_bench_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield urlsplit(server_url)._replace(path=f"/{name}").geturl()
        finally:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


# --- the report -----------------------------------------------------------------------


def print_report(results: list[Measurement]) -> None:
    print(
        f"\n{'database':<10} {'rows':>9} {'import s':>9} {'import posts/s':>15} "
        f"{'raw s':>7} {'raw rows/s':>11} {'import/raw':>11} "
        f"{'work posts/s':>13} {'work/raw':>9} {'import/work':>12}"
    )
    for r in results:
        print(
            f"{r.database:<10} {r.rows:>9,} {r.import_s:>9.1f} {r.rows / r.import_s:>15,.0f} "
            f"{r.raw_s:>7.2f} {r.rows / r.raw_s:>11,.0f} {r.share:>10.1%} "
            f"{r.rows / r.work_s:>13,.0f} {r.work_share:>8.1%} {r.work_s / r.import_s:>11.1%}"
        )
    verdicts = ", ".join(
        f"{r.database} {'PASS' if r.share >= GOAL_SHARE else 'MISS'} ({r.share:.1%})"
        for r in results
    )
    print(f"goal: import >= {GOAL_SHARE:.0%} of the raw rate: {verdicts}")
    print(
        "work: the per-post work alone, no database (read, map, repair, language, "
        "references, MinHash): the ceiling of any import that does it on the way in"
    )


def run_benchmark(args: argparse.Namespace) -> int:
    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    work_dir = Path(tempfile.mkdtemp(prefix="socialcycle-import-bench-"))
    results: list[Measurement] = []
    try:
        csv_path = work_dir / "posts.csv"
        seconds = timed(lambda: write_csv(csv_path, args.rows))
        size_mb = csv_path.stat().st_size / 1e6
        print(f"generated {args.rows:,} posts ({size_mb:.1f} MB CSV) in {seconds:.1f} s")
        print("timing import_file(source, csv) with analysis excluded (its task is a no-op)")
        for database in databases:
            data_dir = work_dir / database
            data_dir.mkdir()
            print(f"{database}: migrating a fresh database, importing, inserting raw ...")
            if database == "postgres":
                with scratch_postgres(args.postgres_url) as url:
                    result = measure_in_child(csv_path, args.rows, data_dir, url, args.profile)
            else:
                result = measure_in_child(csv_path, args.rows, data_dir, None, args.profile)
            results.append(result)
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    print_report(results)
    print("raw: sqlite3 executemany / psycopg COPY into a plain 6-column table, one transaction")
    return 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="print cProfile's top N functions"
    )
    # Internal: measure one database in this process (CSV path, result file).
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    if args.child:
        csv_path, result_file = args.child
        result = measure_here(csv_path, args.rows, args.profile)
        result_file.write_text(json.dumps(asdict(result)))
        return 0
    return run_benchmark(args)


if __name__ == "__main__":
    sys.exit(main())
