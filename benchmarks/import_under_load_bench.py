"""Import a file while a backlog is being analysed, next to the same import with analysis idle.

    .venv/bin/python benchmarks/import_under_load_bench.py [--rows 20000] [--backlog 100000]
        [--port 8766]

In a fresh SQLite database under a temporary DATA_DIR (the prepared encoder in var/models
is reused): imports --backlog generated posts with their analysis left waiting, starts
the web application (gunicorn, 2 workers, as `socialcycle serve` runs it, without the
scheduler), then twice imports --rows posts with `socialcycle import` into a new source
while an analyst's browser requests the import page (which lists the runs, read from the
database the import writes) every 0.2 s:

- reference: with analysis idle;
- under load: while `socialcycle analyze` works through the backlog in its own process.

Prints each import's rate (rows/s, from the run's own start and finish) and the page's
p50/p95 during it. Goal (issue 17): the import goes on at a useful rate while analysis
runs, with no failed request; before the change, analysis held SQLite's write lock for
whole batches and imports failed with "database is locked".
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from import_bench import write_csv  # noqa: E402 (the same generated posts)
from timing import percentile  # noqa: E402


def socialcycle(
    *args: str, env: dict[str, str], stdout: int | None = None, stderr: int | None = None
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603 (our own command)
        [sys.executable, "-m", "socialcycle.cli", *args], env=env, stdout=stdout, stderr=stderr
    )


def run(*args: str, env: dict[str, str]) -> None:
    process = socialcycle(*args, env=env, stdout=subprocess.DEVNULL)
    if process.wait() != 0:
        raise SystemExit(f"socialcycle {' '.join(args)} failed")


SIGNED_IN_ANALYST = """
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from socialcycle.accounts.models import Workspace
from socialcycle.accounts.services import add_member, create_staff_user
user = create_staff_user(username="bench", password="bench-password-1234", email="b@example.com")
add_member(Workspace.objects.get(slug="lumio"), user, "analyst")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


def signed_in_session(env: dict[str, str]) -> str:
    made = subprocess.run(  # noqa: S603 (our own script)
        [sys.executable, "-c", SIGNED_IN_ANALYST], env=env, capture_output=True, text=True
    )
    if made.returncode:
        raise SystemExit(made.stderr)
    return made.stdout.strip().splitlines()[-1]


class PageWatch:
    """Requests a page every 0.2 s in a thread; keeps each answer's time and failures."""

    def __init__(self, url: str, session: str) -> None:
        cookie = {"Cookie": f"sessionid={session}"}
        self.request = urllib.request.Request(url, headers=cookie)  # noqa: S310 (our server)
        self.samples: list[float] = []
        self.failures = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._watch)

    def __enter__(self) -> PageWatch:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()

    def _watch(self) -> None:
        while not self.stop.is_set():
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(self.request, timeout=60) as response:  # noqa: S310
                    response.read()
                    assert response.status == 200, response.status
                self.samples.append(time.perf_counter() - start)
            except (urllib.error.URLError, TimeoutError, AssertionError):
                self.failures += 1
            time.sleep(0.2)


def import_seconds(database: Path, source: str) -> tuple[str, int, float]:
    """The latest run into `source`: its status, posts created and seconds it took."""
    with sqlite3.connect(database, timeout=60) as connection:
        status, created, started, finished = connection.execute(
            "SELECT r.status, r.created, r.started_at, r.finished_at FROM listening_importrun r "
            "JOIN listening_source s ON s.id = r.source_id WHERE s.name = ? "
            "ORDER BY r.id DESC LIMIT 1",
            (source,),
        ).fetchone()
    took = datetime.fromisoformat(finished) - datetime.fromisoformat(started)
    return status, int(created), took.total_seconds()


def analysed(database: Path) -> int:
    with sqlite3.connect(database, timeout=60) as connection:
        return int(
            connection.execute("SELECT count(*) FROM understanding_postanalysis").fetchone()[0]
        )


def measure(
    name: str, csv_path: Path, env: dict[str, str], watched: tuple[str, str], database: Path
) -> dict[str, object]:
    before = analysed(database)
    with PageWatch(*watched) as watch:
        importing = socialcycle(
            "import", str(csv_path), "--source", name, "--workspace", "lumio", env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        _, errors = importing.communicate()
    status, created, seconds = import_seconds(database, name)
    return {
        "name": name,
        "exit": importing.returncode,
        "errors": errors.decode().strip().splitlines()[-1:] if importing.returncode else [],
        "status": status,
        "created": created,
        "seconds": seconds,
        "p50": statistics.median(watch.samples) * 1000 if watch.samples else float("nan"),
        "p95": percentile(watch.samples, 0.95) * 1000 if watch.samples else float("nan"),
        "requests": len(watch.samples),
        "failed": watch.failures,
        "analysed": analysed(database) - before,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--backlog", type=int, default=100_000)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="socialcycle-import-load-bench-"))
    env = {
        **os.environ,
        "DATA_DIR": str(work),
        "MODEL_DIR": str(REPO / "var" / "models"),
        "DJANGO_SETTINGS_MODULE": "socialcycle.settings",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    env.pop("DATABASE_URL", None)
    database = work / "socialcycle.sqlite3"
    backlog_csv, rows_csv = work / "backlog.csv", work / "rows.csv"
    write_csv(backlog_csv, args.backlog)
    write_csv(rows_csv, args.rows)
    run("migrate", env=env)
    run("demo", "--posts", "1000", "--no-serve", env=env)  # a workspace, analysed
    run("import", str(backlog_csv), "--source", "Backlog", "--workspace", "lumio", env=env)
    print(f"backlog: {args.backlog:,} posts waiting for analysis; importing {args.rows:,} rows")
    watched = (f"http://127.0.0.1:{args.port}/w/lumio/import/", signed_in_session(env))
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "socialcycle.wsgi:application", "--bind",
         f"127.0.0.1:{args.port}", "--workers", "2", "--threads", "4", "--log-level", "error"],
        env=env,
    )  # fmt: skip
    analyser = None
    try:
        time.sleep(3)
        results = [measure("Reference (analysis idle)", rows_csv, env, watched, database)]
        analyser = socialcycle("analyze", env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
        while analysed(database) < 500:  # the encoder is loaded and batches are going
            time.sleep(1)
        results.append(measure("Under load (backlog analysed)", rows_csv, env, watched, database))
    finally:
        if analyser is not None:
            analyser.terminate()
            analyser.wait()
        server.terminate()
        server.wait()
    print(
        f"\n{'import':<32} {'status':>9} {'rows':>7} {'s':>6} {'rows/s':>8} "
        f"{'page p50 ms':>12} {'p95 ms':>7} {'requests':>9} {'failed':>7} {'analysed':>9}"
    )
    for r in results:
        rate = float(r["created"]) / float(r["seconds"])  # type: ignore[arg-type]
        print(
            f"{r['name']:<32} {r['status']:>9} {r['created']:>7,} {r['seconds']:>6.1f} "
            f"{rate:>8,.0f} {r['p50']:>12.0f} {r['p95']:>7.0f} {r['requests']:>9} "
            f"{r['failed']:>7} {r['analysed']:>9,}"
        )
        if r["exit"]:
            print(f"  exit {r['exit']}: {r['errors']}")
    print("reference: the same import into a new source, same server, with analysis idle")
    return 0


if __name__ == "__main__":
    sys.exit(main())
