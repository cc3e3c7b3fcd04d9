"""Time the dashboard on a large workspace, each figure next to its raw SQL aggregate.

    .venv/bin/python benchmarks/dashboard_bench.py [--posts 1000000] [--runs 20]
        [--database sqlite|postgres|both] [--postgres-url URL]

Fills a fresh database (SQLite in a temporary DATA_DIR; PostgreSQL in a scratch database
on the server of --postgres-url) with --posts posts over the last 365 days, each with an
analysis (sentiment, kind, one of 50 topics), a tracked name mentioned in a third of them,
a creation event per post, a reply on every 50th post and 500 insights. Then times, with
the dashboard's default filters (the last 90 days): each figure's function and, in the
same run, the raw SQL aggregate it stands for, run through the driver with every row
fetched; and the whole dashboard page through the Django test client. The rollups and
the engagement ladder's figures are first computed as their periodic tasks would have
done by the time anyone looks (each timed once and printed); pages then read them.
Prints p50/p95 and each figure's ratio to its reference; then the counts above the
figures, the rollups' check for days left behind, and the People directory.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from scratch import Bench, arguments  # noqa: E402 (benchmarks/ is the script's folder)
from timing import timed  # noqa: E402

if TYPE_CHECKING:
    from socialcycle.accounts.models import User, Workspace

BATCH = 5000
KINDS = ["idea", "complaint", "question", "praise", "early_warning", "competitive"]
SENTIMENTS = ["negative", "neutral", "positive"]
CHANNELS = ["social", "review", "app_store", "community", "email"]
NAMES = [("brand", "Lumio"), ("product", "Lumio Hub"), ("competitor", "HomeArc")]


def fill(count: int) -> tuple[Workspace, User]:
    from django.utils import timezone

    from socialcycle.accounts.models import Role
    from socialcycle.acting.models import Insight
    from socialcycle.listening.models import EngagementEvent, Participant, Post
    from socialcycle.responding.models import Reply
    from socialcycle.testing.factories import make_source, make_user, make_workspace
    from socialcycle.understanding.models import PostAnalysis, PostMention, Topic

    rng = random.Random(1)  # noqa: S311 (benchmark data)
    workspace = make_workspace("Dashboard bench")
    user = make_user("bench", workspace, Role.VIEWER)
    source = make_source(workspace, "Bench", "social")
    topics = Topic.objects.bulk_create(
        [Topic(workspace=workspace, label=f"Topic {n}") for n in range(50)]
    )
    people = Participant.objects.bulk_create(
        [Participant(workspace=workspace, display_name=f"P{n}") for n in range(max(count // 10, 1))]
    )
    now = timezone.now()
    for offset in range(0, count, BATCH):
        size = min(BATCH, count - offset)
        times = [now - timedelta(seconds=rng.randrange(365 * 86400)) for _ in range(size)]
        posts = Post.objects.bulk_create(
            [
                Post(
                    workspace=workspace,
                    source=source,
                    channel=rng.choice(CHANNELS),
                    external_id=f"p{offset + i}",
                    author=rng.choice(people),
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
                    topic=rng.choice(topics),
                    analysed_at=post.created_at,
                )
                for post in posts
            ]
        )
        PostMention.objects.bulk_create(
            [
                PostMention(
                    analysis=analysis,
                    workspace=workspace,
                    created_at=analysis.created_at,
                    kind=kind,
                    name=name,
                )
                for analysis in analyses[::3]
                for kind, name in [rng.choice(NAMES)]
            ]
        )
        EngagementEvent.objects.bulk_create(
            [
                EngagementEvent(
                    workspace=workspace,
                    participant=post.author,
                    stage="creation",
                    action="post",
                    post=post,
                    occurred_at=post.created_at,
                )
                for post in posts
            ]
        )
        replies = Reply.objects.bulk_create(
            [
                Reply(
                    workspace=workspace,
                    post=post,
                    author=user,
                    text="thanks",
                    post_created_at=post.created_at,
                    post_channel=post.channel,
                )
                for post in posts[::50]
            ]
        )
        for reply in replies:  # answered within two days, as real replies are
            reply.created_at = reply.post.created_at + timedelta(minutes=rng.randrange(2880))
        Reply.objects.bulk_update(replies, ["created_at"])
        print(f"\r  {offset + size:,} posts", end="", flush=True)
    print()
    statuses = [status for status, _ in Insight.Status.choices]
    Insight.objects.bulk_create(
        [
            Insight(
                workspace=workspace,
                kind=rng.choice(KINDS),
                title=f"Insight {n}",
                status=rng.choice(statuses),
                decline_reason="not now",
                status_changed_at=now,
                sla_due_at=now - timedelta(days=rng.randrange(-10, 10)),
            )
            for n in range(500)
        ]
    )
    return workspace, user


def references(vendor: str) -> dict[str, str]:
    """The raw SQL each figure stands for, with named parameters workspace, since, until."""
    day = "date({})" if vendor == "sqlite" else "({} AT TIME ZONE 'UTC')::date"
    posts, analyses = "listening_post p", "understanding_postanalysis a"
    within = (
        "{0}.workspace_id = %(workspace)s "
        "AND {0}.created_at >= %(since)s AND {0}.created_at < %(until)s"
    )
    post_range, analysis_range, mention_range = (within.format(t) for t in "pam")
    by_day = day.format("p.created_at"), day.format("a.created_at")
    return {
        "volume": f"SELECT {by_day[0]}, p.channel, COUNT(*) FROM {posts} "
        f"WHERE {post_range} GROUP BY 1, 2",
        "sentiment": f"SELECT {by_day[1]}, a.sentiment, COUNT(*) FROM {analyses} "
        f"WHERE {analysis_range} GROUP BY 1, 2",
        "kinds": f"SELECT {by_day[1]}, a.primary_kind, COUNT(*) FROM {analyses} "
        f"WHERE {analysis_range} GROUP BY 1, 2",
        "topics": f"SELECT a.topic_id, COUNT(*) FROM {analyses} WHERE {analysis_range} "
        "GROUP BY a.topic_id",
        "voice": "SELECT m.kind, m.name, COUNT(*), "
        "SUM(CASE WHEN a.sentiment = 'positive' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN a.sentiment = 'negative' THEN 1 ELSE 0 END) "
        f"FROM understanding_postmention m JOIN {analyses} ON a.id = m.analysis_id "
        f"WHERE {mention_range} GROUP BY m.kind, m.name",
        "responsiveness": "SELECT r.post_id, r.post_channel, r.post_created_at, MIN(r.created_at) "
        "FROM responding_reply r "
        "WHERE r.workspace_id = %(workspace)s AND r.created_at >= %(since)s "
        "AND r.post_created_at >= %(since)s AND r.post_created_at < %(until)s "
        "GROUP BY r.post_id, r.post_channel, r.post_created_at",
    }


def raw(sql: str, params: dict[str, Any]) -> Callable[[], object]:
    from django.db import connection

    def run() -> object:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def bench(runs: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from socialcycle.accounts.models import TrackedName, User, Workspace
    from socialcycle.measuring.dashboard import rollups
    from socialcycle.measuring.dashboard import sections as dashboard
    from socialcycle.measuring.dashboard.filters import DashboardForm
    from socialcycle.measuring.ladder import figures as ladder_figures
    from socialcycle.understanding.models import Topic

    workspace = Workspace.objects.get(name="Dashboard bench")
    user = User.objects.get(username="bench")
    for kind, name in NAMES:  # the product filter offers tracked products only
        TrackedName.objects.get_or_create(workspace=workspace, kind=kind, name=name)
    started = time.perf_counter()
    rollups.rebuild(workspace)  # what the every-minute task has done by the time anyone looks
    print(f"rollups built in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    ladder_figures.refresh(workspace)  # the every-10-minutes task
    print(f"ladder figures computed in {time.perf_counter() - started:.1f} s")
    scope = DashboardForm(None, workspace=workspace).scope(timezone.now())
    params = {"workspace": workspace.pk, "since": scope.since, "until": scope.until}
    refs = references(connection.vendor)
    print(f"{'figure':<16} {'p50 ms':>8} {'p95 ms':>8} {'raw p50':>8} {'ratio':>6}")
    for name, make in dashboard.SECTIONS.items():
        p50, p95 = timed(partial(make, scope), runs)
        if name in refs:
            raw_p50, _ = timed(raw(refs[name], params), runs)
            print(f"{name:<16} {p50:>8.1f} {p95:>8.1f} {raw_p50:>8.1f} {p50 / raw_p50:>6.1f}")
        else:
            print(f"{name:<16} {p50:>8.1f} {p95:>8.1f} {'':>8} {'':>6}")
    p50, p95 = timed(partial(dashboard.overview, scope), runs)
    print(f"{'overview':<16} {p50:>8.1f} {p95:>8.1f}   (posts heard, analysed, people)")
    p50, p95 = timed(partial(rollups.days_left_behind, workspace), runs)
    print(f"{'rollup check':<16} {p50:>8.1f} {p95:>8.1f}   (after any change)")
    client = Client()
    client.force_login(user)
    url = f"/w/{workspace.slug}/"
    client.get(url)  # warm: templates compiled, connection open
    topic = Topic.objects.filter(workspace=workspace).order_by("pk").first()
    pages = {
        "whole page": url,
        "…one channel": f"{url}?channel=review",
        "…one topic": f"{url}?topic={topic.pk if topic else ''}",
        "…one product": f"{url}?product=Lumio+Hub",
    }
    for label, address in pages.items():
        shown = client.get(address)
        assert shown.status_code == 200
        assert b'class="error"' not in shown.content, f"{address}: the filter was refused"
        p50, p95 = timed(partial(client.get, address), runs)
        print(f"{label:<16} {p50:>8.1f} {p95:>8.1f}   (goal: p95 <= 300 ms)")
    people_pages(workspace, runs)


def people_pages(workspace: Workspace, runs: int) -> None:
    """The People directory (one person per ten posts) as an analyst sees it."""
    from django.test import Client

    from socialcycle.accounts.models import Role, User
    from socialcycle.testing.factories import make_user

    analyst = User.objects.filter(username="bench-analyst").first()
    analyst = analyst or make_user("bench-analyst", workspace, Role.ANALYST)
    client = Client()
    client.force_login(analyst)
    url = f"/w/{workspace.slug}/people/"
    pages = {
        "people": url,
        "…most posts": f"{url}?sort=posts",
        "…search": f"{url}?q=P123",
        "…one stage": f"{url}?stage=creation",
        "…page 50": f"{url}?page=50",
    }
    for label, address in pages.items():
        assert client.get(address).status_code == 200
        p50, p95 = timed(partial(client.get, address), runs)
        print(f"{label:<16} {p50:>8.1f} {p95:>8.1f}   (goal: p95 <= 300 ms)")


def main() -> int:
    args = arguments(__doc__.splitlines()[0]).parse_args()
    return Bench("dashboard", __file__, fill, bench).main(args)


if __name__ == "__main__":
    raise SystemExit(main())
