"""Time finding tracked names again in recent posts after they changed.

    .venv/bin/python benchmarks/redetect_bench.py [--posts 100000]

Fills a fresh SQLite database (in a temporary DATA_DIR; DATABASE_URL, when set, names
another, e.g. a scratch PostgreSQL database) with --posts analysed posts over the last 90
days, half of them saying "the app", with the product "Lumio App" and its alias
"the app" found in them. Then makes the alias case-sensitive "App" and times
`understanding.redetection.redetect_mentions` over all of them (read, match, rewrite
entities and mentions in batches), next to the reference: the matcher alone
(`find_entities`) on the same texts in memory. Prints both, posts per second and the
ratio.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

BATCH = 5000
TEXTS = [
    "the app keeps logging me out, please fix it",
    "Updated Lumio App today and it is much faster",
    "flight delayed again, nobody at the gate",
    "the App crashed twice this morning",
]


def fill(count: int) -> int:
    from django.utils import timezone

    from socialcycle.accounts.models import TrackedName
    from socialcycle.analysis.entities import find_entities
    from socialcycle.analysis.types import AnalysisContext, NamedThing
    from socialcycle.listening.models import Post
    from socialcycle.testing.factories import make_source, make_workspace
    from socialcycle.understanding.models import PostAnalysis, PostMention
    from socialcycle.understanding.services import mentions_of

    rng = random.Random(1)  # noqa: S311 (benchmark data)
    workspace = make_workspace("Redetect bench")
    TrackedName.objects.create(
        workspace=workspace, kind="product", name="Lumio App", aliases=["the app"]
    )
    context = AnalysisContext(products=(NamedThing("Lumio App", ("the app",)),))
    source = make_source(workspace, "Bench")
    now = timezone.now()
    for offset in range(0, count, BATCH):
        size = min(BATCH, count - offset)
        texts = [rng.choice(TEXTS) for _ in range(size)]
        found = find_entities(texts, context)
        posts = Post.objects.bulk_create(
            [
                Post(
                    workspace=workspace,
                    source=source,
                    channel="social",
                    external_id=f"p{offset + i}",
                    text=text,
                    created_at=now - timedelta(seconds=rng.randrange(89 * 86400)),
                    analysed_at=now,
                )
                for i, text in enumerate(texts)
            ]
        )
        analyses = PostAnalysis.objects.bulk_create(
            [
                PostAnalysis(
                    post=post,
                    workspace=workspace,
                    created_at=post.created_at,
                    channel="social",
                    sentiment="neutral",
                    sentiment_score=0.0,
                    primary_kind="complaint",
                    entities=[entity.__dict__ for entity in entities],
                    analysed_at=now,
                )
                for post, entities in zip(posts, found, strict=True)
            ]
        )
        PostMention.objects.bulk_create([m for a in analyses for m in mentions_of(a)])
    return workspace.pk


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="socialcycle-redetect-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ["DATA_DIR"] = folder
    os.environ["REDIS_URL"] = ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialcycle.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from socialcycle.accounts.models import TrackedName, Workspace
    from socialcycle.analysis.entities import find_entities
    from socialcycle.analysis.types import AnalysisContext, NamedThing
    from socialcycle.listening.models import Post
    from socialcycle.understanding import redetection
    from socialcycle.understanding.models import PostMention

    # The recount is the dashboard's own work (benchmarks/dashboard_bench.py times it).
    settings.EMBEDDED_SCHEDULED_TASKS = ("measuring.refresh_workspace_rollups",)
    call_command("migrate", verbosity=0)
    print(f"database: {str(settings.DATABASES['default']['ENGINE']).rsplit('.', 1)[-1]}")
    started = time.perf_counter()
    workspace_id = fill(args.posts)
    print(f"filled {args.posts} analysed posts in {time.perf_counter() - started:.1f} s")

    TrackedName.objects.filter(workspace_id=workspace_id).update(
        aliases=["App"], case_sensitive=True
    )
    Workspace.objects.filter(pk=workspace_id).update(names_changed_at=timezone.now())
    texts = list(Post.objects.filter(workspace_id=workspace_id).values_list("text", flat=True))
    context = AnalysisContext(products=(NamedThing("Lumio App", ("App",), True),))
    started = time.perf_counter()
    find_entities(texts, context)
    reference = time.perf_counter() - started

    started = time.perf_counter()
    changed = redetection.redetect_mentions(workspace_id)
    took = time.perf_counter() - started
    mentions = PostMention.objects.filter(workspace_id=workspace_id).count()
    print(f"reference, the matcher alone on {len(texts)} texts: {reference:.2f} s")
    print(
        f"redetect_mentions: {took:.2f} s ({len(texts) / took:,.0f} posts/s), "
        f"{changed} analyses rewritten, {mentions} mentions left; "
        f"{took / reference:.1f}x the matcher alone"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
