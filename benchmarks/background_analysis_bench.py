"""Analyse imported posts in the background while the web process keeps answering.

    .venv/bin/python benchmarks/background_analysis_bench.py [--posts 100000] [--port 8765]

In a fresh SQLite database under a temporary DATA_DIR (the prepared encoder in var/models
is reused): imports --posts generated posts with analysis left waiting, starts the
embedded deployment (`socialcycle serve`: gunicorn plus `socialcycle scheduler`), and
while the scheduler analyses the posts, requests a page every 0.2 s. Prints the analysis
rate and the page's latency during the analysis next to the same page's latency once it
has finished (the reference, same run); the page is the sign-in page. Goal (issue 4):
100,000 posts analysed in the background without blocking the web process.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from import_bench import write_csv  # noqa: E402 (the same generated posts)


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def socialcycle(*args: str, env: dict[str, str]) -> None:
    subprocess.run([str(REPO / ".venv/bin/socialcycle"), *args], env=env, check=True)  # noqa: S603


def page_time(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (our own server)
        response.read()
    return time.perf_counter() - start


def pending(database: Path) -> int:
    with sqlite3.connect(database, timeout=30) as connection:
        row = connection.execute(
            "SELECT count(*) FROM listening_post WHERE analysed_at IS NULL"
        ).fetchone()
    return int(row[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--timeout", type=float, default=3600)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="socialcycle-background-bench-"))
    env = {
        **os.environ,
        "DATA_DIR": str(work),
        "MODEL_DIR": str(REPO / "var" / "models"),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    env.pop("DATABASE_URL", None)
    csv_path = work / "posts.csv"
    write_csv(csv_path, args.posts)
    socialcycle("migrate", env=env)
    started = time.perf_counter()
    socialcycle("demo", "--posts", "1000", "--no-serve", env=env)  # a workspace to import into
    socialcycle("import", str(csv_path), "--source", "Benchmark", "--workspace", "lumio", env=env)
    print(f"imported {args.posts:,} posts in {time.perf_counter() - started:.0f} s")
    database = work / "socialcycle.sqlite3"
    url = f"http://127.0.0.1:{args.port}/accounts/login/"
    server = subprocess.Popen(  # noqa: S603
        [str(REPO / ".venv/bin/socialcycle"), "serve", "--port", str(args.port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                page_time(url)
                break
            except OSError:
                time.sleep(0.2)
        waiting = pending(database)
        began = time.perf_counter()
        busy: list[float] = []
        while (left := pending(database)) > 0 and time.perf_counter() - began < args.timeout:
            busy.append(page_time(url))
            time.sleep(0.2)
        seconds = time.perf_counter() - began
        time.sleep(5)
        idle = [page_time(url) for _ in range(50)]
    finally:
        server.terminate()
        server.wait(timeout=30)
    done = waiting - left
    rate = done / seconds
    print(f"analysed {done:,} of {waiting:,} waiting posts in {seconds:.0f} s: {rate:,.0f} posts/s")
    print(
        f"web page during the analysis: p50 {statistics.median(busy) * 1000:.0f} ms, "
        f"p95 {percentile(busy, 0.95) * 1000:.0f} ms, max {max(busy) * 1000:.0f} ms "
        f"({len(busy)} requests)"
    )
    print(
        f"reference, after it:          p50 {statistics.median(idle) * 1000:.0f} ms, "
        f"p95 {percentile(idle, 0.95) * 1000:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
