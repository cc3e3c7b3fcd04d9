"""How long a new post waits for its analysis on the embedded default while periodic jobs run.

    .venv/bin/python benchmarks/freshness_bench.py [--posts 3000] [--seconds 240]

In a fresh SQLite database under a temporary DATA_DIR: the demo company (--posts posts),
then the embedded deployment (`socialcycle serve`: gunicorn plus `socialcycle scheduler`).
The scheduler's first tick starts every periodic job at once (rollups, ladder figures,
alerts, suggested insights, topic upkeep, influence, digests, ...), and rollups, topic
upkeep and mention upkeep come back every minute, so the whole run is "while periodic
jobs run". A client pushes --batch new posts through the intake API every --every seconds
for --seconds, and watches the database (read-only) for each post's `analysed_at`.

Prints, per post, the seconds from its batch's answer to its analysis seen (polled every
0.25 s): p50, p95, max, and how many were never analysed before the end. The reference in
the same run is the analysis sweep's own interval (CELERY_BEAT_SCHEDULE, 15 s): a post
waits for the next sweep, then for its batch. Goal (issue 19): p95 within 60 s.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_bench import BIN, answer, django_shell, wait_until_serving

NEW_INTAKE_CREDENTIAL_SCRIPT = """
from django.contrib.auth import get_user_model
from socialcycle.accounts.models import Workspace
from socialcycle.accounts.tokens import create_api_token
user = get_user_model().objects.get(username="admin")
print(create_api_token(Workspace.objects.get(slug="lumio"), user, name="fresh",
                       scopes=["posts:write"])[1])
"""
SWEEP_SECONDS = 15.0


def push(port: int, token: str, number: int, size: int) -> list[str]:
    ids = [f"fresh-{number}-{n}" for n in range(size)]
    posts = [
        {
            "external_id": external_id,
            "text": f"Since the update the hub drops the connection every night ({external_id})",
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "author_handle": f"fresh{n}",
        }
        for n, external_id in enumerate(ids)
    ]
    body = json.dumps({"source": "Freshness", "posts": posts})
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    status = answer(
        http.client.HTTPConnection("127.0.0.1", port, timeout=60),
        "POST",
        "/api/v1/posts",
        body=body,
        headers=headers,
    )
    if status != 200:
        raise SystemExit(f"the intake answered {status}")
    return ids


def analysed(database: Path, waiting: dict[str, float]) -> set[str]:
    if not waiting:
        return set()
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30) as connection:
        marks = ",".join("?" * len(waiting))
        rows = connection.execute(
            "SELECT external_id FROM listening_post "
            f"WHERE analysed_at IS NOT NULL AND external_id IN ({marks})",
            list(waiting),
        )
        return {external_id for (external_id,) in rows}


def watch(args: argparse.Namespace, token: str, database: Path) -> tuple[list[float], int]:
    waiting: dict[str, float] = {}  # external id -> when its batch was answered
    waits: list[float] = []
    started = time.monotonic()
    next_push, number = started, 0
    while time.monotonic() < started + args.seconds or (
        waiting and time.monotonic() < started + args.seconds + args.grace
    ):
        now = time.monotonic()
        if now >= next_push and now < started + args.seconds:
            for external_id in push(args.port, token, number, args.batch):
                waiting[external_id] = time.monotonic()
            number += 1
            next_push += args.every
        for external_id in analysed(database, waiting):
            waits.append(time.monotonic() - waiting.pop(external_id))
        time.sleep(0.25)
    return waits, len(waiting)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=3000, help="demo posts before the run")
    parser.add_argument("--seconds", type=float, default=240.0, help="how long to push")
    parser.add_argument("--every", type=float, default=2.0, help="seconds between batches")
    parser.add_argument("--batch", type=int, default=10, help="posts a batch")
    parser.add_argument("--grace", type=float, default=120.0, help="wait after the last push")
    parser.add_argument("--port", type=int, default=8767)
    args = parser.parse_args()

    data = Path(tempfile.mkdtemp(prefix="freshness-bench-"))
    env = {**os.environ, "DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "socialcycle.settings"}
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    demo = [str(BIN / "socialcycle"), "demo", "--no-serve", "--posts", str(args.posts)]
    subprocess.run(demo, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    token = django_shell(env, NEW_INTAKE_CREDENTIAL_SCRIPT)
    server = subprocess.Popen(  # noqa: S603
        [str(BIN / "socialcycle"), "serve", "--port", str(args.port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_serving(args.port)
        waits, never = watch(args, token, data / "socialcycle.sqlite3")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        shutil.rmtree(data, ignore_errors=True)
    waits.sort()
    p95 = statistics.quantiles(waits, n=100)[94] if len(waits) > 1 else waits[0]
    print(
        f"demo posts {args.posts}; {args.batch} posts every {args.every:.0f} s for "
        f"{args.seconds:.0f} s; reference: the analysis sweep runs every {SWEEP_SECONDS:.0f} s"
    )
    print(
        f"new post to analysed: p50 {statistics.median(waits):.1f} s  p95 {p95:.1f} s  "
        f"max {waits[-1]:.1f} s  analysed {len(waits)}  never analysed {never}",
        flush=True,
    )


if __name__ == "__main__":
    main()
