"""Time full-text search on posts at scale, next to the raw full-text query it stands for.

    .venv/bin/python benchmarks/search_bench.py [--posts 1000000] [--runs 20]
        [--database sqlite|postgres|both] [--postgres-url URL] [--keep] [--reuse DATA_DIR]

Fills a fresh database (SQLite in a temporary DATA_DIR; PostgreSQL in a scratch database
on the server of --postgres-url) with --posts posts over the last 365 days, each with an
analysis, written from a 5,000-word vocabulary drawn with Zipf's law (12 to 30 words a
post, as short reviews and tweets are), so that some words are in a third of the posts
and others in a few hundred. Then times, for a common word, a middling one, a rare one,
a two-word phrase, a prefix and two words together:

- `ids`: the first 50 ids, best first (`understanding.search.Matches`, what the Posts
  page pages), the query that stands for the raw one;
- `search`: those ids, the posts loaded (`load_page`) and their highlighted excerpts;
- `raw`: the bare ranked full-text query through the driver (SQLite: the FTS5 table's
  MATCH ordered by bm25, 50 rows; PostgreSQL: the tsvector's @@ ordered by ts_rank,
  50 rows), without workspace, join or excerpts;
- `page`: the whole Posts page through the Django test client (count, page, excerpts).

Prints p50/p95 in milliseconds and the ratio of ids to raw at p95 (goal: search p95
<= 100 ms and ids <= 2x raw). The matching share of each query is printed beside it.
SEARCH_RANK_WINDOW in the environment sets how many of the newest matches are ranked.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from scratch import Bench, arguments  # noqa: E402 (benchmarks/ is the script's folder)
from timing import timed  # noqa: E402

BATCH = 5000
VOCABULARY = 5000
SYLLABLES = ["ka", "lo", "mi", "te", "ru", "sa", "vi", "no", "de", "pa", "zu", "ge", "bo", "fi"]
CHANNELS = ["social", "review", "app_store", "community", "email"]


def word(rank: int) -> str:
    """The vocabulary's word of this frequency rank (0 is the most frequent)."""
    letters, n = [], rank + len(SYLLABLES)
    while n:
        n, k = divmod(n, len(SYLLABLES))
        letters.append(SYLLABLES[k])
    return "".join(letters)


def fill(count: int) -> None:
    """Posts written through the driver in batches (the ORM's objects would take most of
    an hour at 1M on a small machine), then one analysis each in one statement."""
    from django.db import connection, transaction
    from django.utils import timezone

    from socialcycle.accounts.models import Role
    from socialcycle.listening.models import Post
    from socialcycle.testing.factories import make_source, make_user, make_workspace

    rng = random.Random(1)  # noqa: S311 (benchmark data)
    workspace = make_workspace("Search bench")
    make_user("bench", workspace, Role.VIEWER)
    source = make_source(workspace, "Bench", "social")
    weights = [1 / (rank + 1) ** 1.07 for rank in range(VOCABULARY)]
    words = [word(rank) for rank in range(VOCABULARY)]
    now = timezone.now()
    given = {"workspace", "source", "channel", "external_id", "author_handle", "text"}
    given |= {"created_at", "imported_at", "analysed_at"}
    fields = [f for f in Post._meta.concrete_fields if not f.primary_key]
    # Every other column as the model would fill it (defaults live in Python, not SQL).
    defaults = {
        f.name: f.get_db_prep_save(f.get_default(), connection)
        for f in fields
        if f.name not in given
    }
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    insert = f"INSERT INTO listening_post ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    for offset in range(0, count, BATCH):
        rows = []
        for i in range(min(BATCH, count - offset)):
            when = now - timedelta(seconds=rng.randrange(365 * 86400))
            values = {
                **defaults,
                "workspace": workspace.pk,
                "source": source.pk,
                "channel": rng.choice(CHANNELS),
                "external_id": f"p{offset + i}",
                "author_handle": f"person{rng.randrange(50_000)}",
                "text": " ".join(rng.choices(words, weights, k=rng.randint(12, 30))),
                "created_at": when,
                "imported_at": when,
                "analysed_at": when,
            }
            rows.append([values[f.name] for f in fields])
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(insert, rows)
        print(f"\r  {offset + len(rows):,} posts", end="", flush=True)
    print()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO understanding_postanalysis (post_id, workspace_id, created_at, "
            "channel, language, not_analysed, sentiment, sentiment_score, emotion, "
            "primary_kind, entities, urgency, urgency_reasons, toxicity, is_abusive, "
            "model_versions, corrected_fields, analysed_at, updated_at) "
            "SELECT id, workspace_id, created_at, channel, 'en', '', "
            "CASE id %% 3 WHEN 0 THEN 'negative' WHEN 1 THEN 'neutral' ELSE 'positive' END, "
            "0, '', '', '[]', 0, '[]', 0, FALSE, '{}', '[]', created_at, created_at "
            "FROM listening_post WHERE workspace_id = %s",
            [workspace.pk],
        )


def queries() -> dict[str, str]:
    return {
        "common word": word(3),
        "middling word": word(60),
        "rare word": word(2500),
        "phrase": f'"{word(3)} {word(4)}"',
        "prefix": f"{word(40)[:4]}*",
        "two words": f"{word(20)} {word(200)}",
    }


def raw_search(text: str) -> Callable[[], object]:
    from django.db import connection

    from socialcycle.understanding.search import fts5_query, parse_query, tsquery

    terms = parse_query(text)
    if connection.vendor == "postgresql":
        sql = (
            "SELECT id, ts_rank(search_vector, q) AS r FROM listening_post, "
            "to_tsquery('simple', %s) q WHERE search_vector @@ q ORDER BY r DESC LIMIT 50"
        )
        params = [tsquery(terms)]
    else:
        sql = (
            "SELECT rowid, bm25(understanding_post_fts) AS r FROM understanding_post_fts "
            "WHERE understanding_post_fts MATCH %s ORDER BY r LIMIT 50"
        )
        params = [fts5_query(terms)]

    def run() -> object:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def bench(runs: int) -> None:
    from django.conf import settings
    from django.test import Client

    from socialcycle.accounts.models import User, Workspace
    from socialcycle.listening.models import Post
    from socialcycle.understanding.search import Matches, highlights, load_page, matching_ids

    workspace = Workspace.objects.get(name="Search bench")
    user = User.objects.get(username="bench")
    total = Post.objects.filter(workspace=workspace).count()
    client = Client()
    client.force_login(user)
    url = f"/w/{workspace.slug}/posts/"
    client.get(url)  # warm: templates compiled, connection open

    def ids(text: str) -> list[int]:
        return Matches(workspace.pk, text)[0:50]

    def search(text: str) -> object:
        found = load_page(ids(text))
        return highlights([post.pk for post in found], text)

    print(f"{total:,} posts, the newest {settings.SEARCH_RANK_WINDOW:,} matches ranked")
    header = f"{'query':<14} {'matches':>8} {'ids p50':>8} {'p95':>7} {'search p50':>10} {'p95':>7}"
    print(f"{header} {'raw p50':>8} {'p95':>7} {'ids/raw':>7} {'page p50':>8} {'p95':>7}")
    for label, text in queries().items():
        found = matching_ids(text)
        assert found is not None
        share = Post.objects.filter(id__in=found).count() / max(total, 1)
        ids_p50, ids_p95 = timed(partial(ids, text), runs)
        p50, p95 = timed(partial(search, text), runs)
        raw_p50, raw_p95 = timed(raw_search(text), runs)
        assert client.get(url, {"q": text}).status_code == 200
        page_p50, page_p95 = timed(partial(client.get, url, {"q": text}), runs)
        print(
            f"{label:<14} {share:>8.2%} {ids_p50:>8.1f} {ids_p95:>7.1f} {p50:>10.1f} {p95:>7.1f} "
            f"{raw_p50:>8.1f} {raw_p95:>7.1f} {ids_p95 / raw_p95:>7.1f} {page_p50:>8.1f} "
            f"{page_p95:>7.1f}"
        )
    print("goal: search p95 <= 100 ms and ids p95 <= 2x raw")


def main() -> int:
    args = arguments(__doc__.splitlines()[0]).parse_args()
    return Bench("search", __file__, fill, bench).main(args)


if __name__ == "__main__":
    raise SystemExit(main())
