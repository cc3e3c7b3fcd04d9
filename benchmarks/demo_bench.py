"""Time the embedded default end to end on the demo company, and the home page on it.

    .venv/bin/python benchmarks/demo_bench.py [--posts 5000] [--runs 30]

Prints: generating the dataset, storing + analysing it in-process (posts/s), and the
workspace home page latency (p50/p95 over --runs requests) against its named reference,
the three raw GROUP BY queries the page's charts need, run directly with SQL.
Uses a throwaway SQLite database under a temporary DATA_DIR, or DATABASE_URL if set.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="socialcycle-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialcycle.settings")
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from socialcycle.accounts.models import Role
    from socialcycle.accounts.services import add_member, create_staff_user
    from socialcycle.demo.generator import generate_demo_dataset
    from socialcycle.demo.load import load_demo

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    dataset = generate_demo_dataset(seed=7, n_posts=args.posts)
    generate_s = time.perf_counter() - started
    started = time.perf_counter()
    workspace = load_demo(dataset, slug=f"bench-{int(time.time())}")
    load_s = time.perf_counter() - started

    user = create_staff_user(username=f"bench{int(time.time())}", password="bench-password-1")
    add_member(workspace, user, Role.VIEWER)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    url = f"/w/{workspace.slug}/"
    warm = client.get(url)  # also warms caches and templates
    assert warm.status_code == 200, f"home page answered {warm.status_code}"
    page = [timed(lambda: client.get(url)) for _ in range(args.runs)]

    def raw_queries() -> None:
        with connection.cursor() as cursor:
            for table, column, date_column in [
                ("listening_post", "channel", "created_at"),
                ("understanding_postanalysis", "sentiment", "created_at"),
                ("understanding_postanalysis", "primary_kind", "created_at"),
            ]:
                cursor.execute(
                    f"SELECT DATE({date_column}), {column}, COUNT(*) FROM {table} "
                    f"WHERE workspace_id = %s GROUP BY 1, 2",
                    [workspace.id],
                )
                cursor.fetchall()

    raw = [timed(raw_queries) for _ in range(args.runs)]
    posts = len(dataset.posts)
    print(f"database: {connection.vendor}   posts: {posts}   runs: {args.runs}")
    print(f"generate dataset        {generate_s * 1000:8.0f} ms")
    print(f"store + analyse         {load_s * 1000:8.0f} ms   ({posts / load_s:,.0f} posts/s)")
    print(
        f"home page               p50 {statistics.median(page) * 1000:6.1f} ms   "
        f"p95 {percentile(page, 0.95) * 1000:6.1f} ms"
    )
    print(
        f"reference: raw SQL      p50 {statistics.median(raw) * 1000:6.1f} ms   "
        f"p95 {percentile(raw, 0.95) * 1000:6.1f} ms   (the 3 GROUP BY queries alone)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
