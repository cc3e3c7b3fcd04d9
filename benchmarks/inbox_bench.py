"""Time the inbox on a large workspace, next to the raw SQL of its first page.

    .venv/bin/python benchmarks/inbox_bench.py [--posts 1000000] [--runs 20]
    DATA_DIR=<the folder it printed> .venv/bin/python benchmarks/inbox_bench.py --reuse

Fills a fresh SQLite database (temporary DATA_DIR; or DATABASE_URL's server, in a scratch
database you name there) with --posts posts and their analyses through bulk inserts, a
reply on every 50th post, then times: the inbox page (Django test client, signed in), the
inbox query alone for a few filters, and the reference: the raw SQL of the default first
page (most urgent unanswered posts, LIMIT 50) run through the driver. Prints p50/p95.
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
    from socialcycle.accounts.models import User, Workspace

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from timing import timed  # noqa: E402 (benchmarks/ is the script's folder)

BATCH = 5000
KINDS = ["idea", "complaint", "question", "praise", "early_warning", "competitive"]
SENTIMENTS = ["negative", "neutral", "positive"]
CHANNELS = ["social", "review", "app_store", "community", "email"]


def fill(count: int) -> tuple[Workspace, User]:
    from socialcycle.accounts.models import Role
    from socialcycle.listening.models import Post
    from socialcycle.responding.models import Reply
    from socialcycle.testing.factories import make_source, make_user, make_workspace
    from socialcycle.understanding.models import PostAnalysis, PostKind

    rng = random.Random(1)  # noqa: S311 (benchmark data)
    workspace = make_workspace("Inbox bench")
    user = make_user("bench", workspace, Role.RESPONDER)
    source = make_source(workspace, "Bench", "social")
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for offset in range(0, count, BATCH):
        size = min(BATCH, count - offset)
        times = [start + timedelta(seconds=rng.randrange(300 * 86400)) for _ in range(size)]
        posts = Post.objects.bulk_create(
            [
                Post(
                    workspace=workspace,
                    source=source,
                    channel=rng.choice(CHANNELS),
                    external_id=f"p{offset + i}",
                    text=f"Post number {offset + i} about the hub",
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
                    sentiment=rng.choice(SENTIMENTS),
                    sentiment_score=0.0,
                    primary_kind=rng.choice(KINDS),
                    urgency=round(rng.random() ** 3, 3),
                    analysed_at=post.created_at,
                )
                for post in posts
            ]
        )
        # The analysis stores every kind as a row, the first one also as primary_kind.
        PostKind.objects.bulk_create(
            [PostKind(analysis=row, kind=row.primary_kind, confidence=0.9) for row in analyses]
        )
        Reply.objects.bulk_create(
            [
                Reply(workspace=workspace, post=post, author=user, text="thanks")
                for post in posts[::50]
            ]
        )
        print(f"\r  {offset + size:,} posts", end="", flush=True)
    print()
    return workspace, user


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--reuse", action="store_true", help="time the data already in DATA_DIR (no filling)"
    )
    args = parser.parse_args()
    os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="socialcycle-inbox-bench-"))
    print(f"DATA_DIR={os.environ['DATA_DIR']}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialcycle.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from socialcycle.responding.inbox import InboxFilters, inbox

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    if args.reuse:
        from socialcycle.accounts.models import User, Workspace

        workspace = Workspace.objects.get(name="Inbox bench")
        user = User.objects.get(username="bench")
    else:
        started = time.perf_counter()
        workspace, user = fill(args.posts)
        print(f"filled {args.posts:,} posts with analyses in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    client = Client()
    client.force_login(user)
    url = f"/w/{workspace.slug}/inbox/"
    raw_sql = (
        "SELECT a.id, p.text FROM understanding_postanalysis a "
        "JOIN listening_post p ON p.id = a.post_id "
        "WHERE a.workspace_id = %s AND p.near_duplicate_of_id IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM responding_reply r WHERE r.post_id = a.post_id) "
        "ORDER BY a.urgency DESC, a.created_at DESC LIMIT 50"
    )

    def raw() -> None:
        with connection.cursor() as cursor:
            cursor.execute(raw_sql, [workspace.pk])
            cursor.fetchall()

    cases: list[tuple[str, Callable[[], object]]] = [
        ("inbox page (default: unanswered)", lambda: client.get(url)),
        ("query: unanswered", lambda: list(inbox(workspace, user, InboxFilters())[:50])),
        (
            "query: negative complaints",
            lambda: list(
                inbox(workspace, user, InboxFilters(sentiment="negative", kind="complaint"))[:50]
            ),
        ),
        (
            "query: urgency >= 0.8, email",
            lambda: list(
                inbox(workspace, user, InboxFilters(min_urgency=0.8, channel="email"))[:50]
            ),
        ),
        ("reference: raw SQL of the first page", raw),
    ]
    print(f"{args.posts:,} posts, {connection.vendor}, {args.runs} runs each")
    for name, function in cases:
        function()
        p50, p95 = timed(function, args.runs)
        print(f"  {name:<40} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
