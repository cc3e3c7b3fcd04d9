"""Drain a live source's backlog poll by poll, against the same posts imported from a file.

    .venv/bin/python benchmarks/live_poll_bench.py [--posts 2000] [--repeat 3] [--idle-polls 100]

In a fresh SQLite database under a temporary DATA_DIR (made here, deleted at the end; a
DATA_DIR in the environment is not used), with the embedded default's background work
(no REDIS_URL, no ANALYSE_INLINE: analysis is left to the scheduler's sweep, so it is
excluded from every figure, polling and import alike). A local server
(socialcycle.testing.platform_server) plays a Mastodon instance whose hashtag holds
--posts new statuses, shaped like the documented fixture hashtag_timeline.json, with
fresh ids, texts and dates of the last two days. Each repeat, in a new workspace:

1. backlog: a hashtag source (connect_source) whose cursor stands just before those
   statuses, drained by `polling.poll` in a loop: each answer holds 40 (Mastodon's most),
   each poll stores one page and its cursor, and a full page makes the next poll due at
   once; the loop ends with the poll that finds nothing more. Per poll: the client's
   set-up (`connector_for`), the time inside `fetch` (HTTP, Mastodon.py, records) and
   `record_posts` (cleaning, spam, MinHash, inserts); beside them a bare `requests.get`
   plus `json.loads` of one 40-status answer from the same server.
2. reference: the same posts as one CSV file (the same fields) through `import_file`, as
   benchmarks/import_bench.py times it.
3. idle: the drained source polled --idle-polls times while the instance answers an empty
   list, by `polling.poll` and by `polling.poll_one` (the sweep's task: claim, then poll).

The server runs in this process (a thread), so its share of the GIL is in the fetch
times; no DNS lookup is made (the address is local and allowed), where a real instance
costs one per poll. Prints one line per repeat and a table of medians.
"""

from __future__ import annotations

import argparse
import copy
import csv
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from unittest import mock

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO))
from import_bench import post_text  # noqa: E402 (the same generated texts)
from timing import percentile  # noqa: E402

if TYPE_CHECKING:
    from socialcycle.accounts.models import User, Workspace
    from socialcycle.listening.models import Connection

FIXTURES = REPO / "socialcycle/listening/tests/fixtures/mastodon"
TAG = "/api/v1/timelines/tag/lumio"
INSTANCE = "/api/v2/instance/"  # Mastodon.py asks it before a hashtag timeline, once a client
RAW = "/raw-answer"  # the same answer body, for the bare HTTP reference
PAGE = 40
FIRST_ID = 113_600_000_000_000_000
CSV_COLUMNS = (
    "id",
    "text",
    "created_at",
    "author",
    "author_name",
    "followers",
    "url",
    "likes",
    "shares",
)


# --- the posts ------------------------------------------------------------------------


@dataclass(frozen=True)
class Made:
    """One generated post, written both as a Mastodon status and as a CSV row."""

    id: int
    text: str
    created: datetime
    handle: str
    name: str
    followers: int
    likes: int
    shares: int

    @property
    def url(self) -> str:
        return f"https://fosstodon.example/@{self.handle}/{self.id}"


def make_posts(count: int, seed: int = 7) -> list[Made]:
    """`count` posts, oldest first (ids rise with dates), of the last two days."""
    rng = random.Random(seed)  # noqa: S311 (benchmark data)
    now = datetime.now(UTC)
    times = sorted(now - timedelta(seconds=rng.randrange(2 * 86400)) for _ in range(count))
    people = [f"user{n}@instance{n % 7}.example" for n in range(max(1, count // 20))]
    posts = []
    for n, created in enumerate(times):
        handle = rng.choice(people)
        posts.append(
            Made(
                id=FIRST_ID + n + 1,
                text=post_text(rng) + " #lumio",
                created=created.replace(microsecond=0),
                handle=handle,
                name=handle.split("@")[0].capitalize(),
                followers=int(rng.expovariate(1 / 300)),
                likes=int(rng.expovariate(1 / 8)),
                shares=int(rng.expovariate(1 / 2)),
            )
        )
    return posts


def as_status(template: dict[str, Any], post: Made) -> dict[str, Any]:
    status = copy.deepcopy(template)
    status.update(
        id=str(post.id),
        uri=post.url.replace("/@", "/users/"),
        url=post.url,
        created_at=post.created.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        content=f"<p>{post.text}</p>",
        favourites_count=post.likes,
        reblogs_count=post.shares,
    )
    status["account"].update(
        acct=post.handle,
        username=post.handle.split("@")[0],
        display_name=post.name,
        followers_count=post.followers,
    )
    return status


def answers(posts: list[Made]) -> list[list[dict[str, Any]]]:
    """The instance's answers to `min_id` after each page: 40 statuses, newest first."""
    template = json.loads((FIXTURES / "hashtag_timeline.json").read_text())[0]
    pages = [posts[start : start + PAGE] for start in range(0, len(posts), PAGE)]
    return [[as_status(template, post) for post in reversed(page)] for page in pages]


def write_csv(path: Path, posts: list[Made]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for p in posts:
            when = p.created.strftime("%Y-%m-%dT%H:%M:%SZ")
            writer.writerow(
                (p.id, p.text, when, p.handle, p.name, p.followers, p.url, p.likes, p.shares)
            )


# --- timing ---------------------------------------------------------------------------


@dataclass
class Stopwatch:
    """Seconds spent inside named functions since the last `lap`."""

    spent: dict[str, float] = field(default_factory=dict)

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.spent[name] = self.spent.get(name, 0.0) + time.perf_counter() - start

        return timed

    def lap(self) -> dict[str, float]:
        spent, self.spent = self.spent, {}
        return spent


@contextmanager
def watched(stopwatch: Stopwatch) -> Iterator[None]:
    """Time the client's set-up, its fetch and the storing of posts inside each poll."""
    import requests

    from socialcycle.listening.connectors import connector_for, polling
    from socialcycle.listening.connectors.mastodon import MastodonConnector
    from socialcycle.listening.services import record_posts

    with (
        mock.patch.object(
            requests.Session, "request", stopwatch.wrap("http", requests.Session.request)
        ),
        mock.patch.object(polling, "connector_for", stopwatch.wrap("client", connector_for)),
        mock.patch.object(
            MastodonConnector, "fetch", stopwatch.wrap("fetch", MastodonConnector.fetch)
        ),
        mock.patch.object(polling, "record_posts", stopwatch.wrap("record", record_posts)),
    ):
        yield


@dataclass
class Samples:
    """Per-poll seconds of every repeat, pooled, and each repeat's rates."""

    drain_polls: list[float] = field(default_factory=list)
    client: list[float] = field(default_factory=list)
    fetch: list[float] = field(default_factory=list)
    http: list[float] = field(default_factory=list)
    record: list[float] = field(default_factory=list)
    bare_http: list[float] = field(default_factory=list)
    idle_polls: list[float] = field(default_factory=list)
    idle_claimed: list[float] = field(default_factory=list)
    idle_fetch: list[float] = field(default_factory=list)
    drain_rates: list[float] = field(default_factory=list)
    requests_per_poll: list[float] = field(default_factory=list)
    import_rates: list[float] = field(default_factory=list)


def ms(samples: list[float], share: float | None = None) -> float:
    if share is None:
        return statistics.median(samples) * 1000
    return percentile(samples, share) * 1000


# --- one repeat -----------------------------------------------------------------------


def connect(workspace: Workspace, admin: User, instance_url: str, cursor: int) -> Connection:
    """A hashtag source whose cursor stands at `cursor` (the statuses after it are new)."""
    from socialcycle.listening.connectors.connections import connect_source
    from socialcycle.listening.models import Connection

    connection = connect_source(
        workspace,
        name="#lumio on Mastodon",
        kind="mastodon",
        settings={"instance": instance_url, "follow": "hashtag", "hashtag": "lumio"},
        by=admin,
    )
    Connection.objects.filter(pk=connection.pk).update(cursor=str(cursor))
    connection.refresh_from_db()
    return connection


def drain(
    connection: Connection, stopwatch: Stopwatch, samples: Samples | None
) -> tuple[int, float]:
    """Poll until the source is no longer due at once; (polls, seconds)."""
    from socialcycle.listening.connectors import polling

    polls, started = 0, time.perf_counter()
    while True:
        start = time.perf_counter()
        result = polling.poll(connection)
        took = time.perf_counter() - start
        polls += 1
        assert result.ok, result.problem
        assert connection.last_polled_at is not None
        assert connection.next_poll_at is not None
        spent = stopwatch.lap()
        if samples is not None:
            samples.drain_polls.append(took)
            samples.client.append(spent.get("client", 0.0))
            samples.fetch.append(spent.get("fetch", 0.0))
            samples.http.append(spent.get("http", 0.0))
            samples.record.append(spent.get("record", 0.0))
        if connection.next_poll_at > connection.last_polled_at:  # not due at once
            return polls, time.perf_counter() - started


def bare_http(url: str, runs: int) -> list[float]:
    """A plain GET of one full answer and its JSON decoded, `runs` times (new session each,
    as each poll's client has)."""
    import requests

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = requests.get(url, timeout=10)
        assert len(response.json()) == PAGE
        times.append(time.perf_counter() - start)
    return times


def idle(connection: Connection, polls: int, stopwatch: Stopwatch, samples: Samples) -> None:
    """The drained source polled while the instance has nothing new: by `poll`, then by
    `poll_one` (claim, then poll) at times far enough apart for it to be due each time."""
    from django.utils import timezone

    from socialcycle.listening.connectors import polling

    for _ in range(polls):
        start = time.perf_counter()
        result = polling.poll(connection)
        samples.idle_polls.append(time.perf_counter() - start)
        samples.idle_fetch.append(stopwatch.lap().get("fetch", 0.0))
        assert result.ok, result.problem
        assert result.fetched == 0, result
    now = timezone.now()
    for n in range(1, polls + 1):
        at = now + timedelta(seconds=n * (connection.poll_seconds + 1))
        start = time.perf_counter()
        assert polling.poll_one(connection.pk, at) == 1
        samples.idle_claimed.append(time.perf_counter() - start)
    stopwatch.lap()


def timed_import(workspace: Workspace, csv_path: Path, count: int) -> float:
    from socialcycle.listening.imports import import_file
    from socialcycle.listening.models import ImportRun, Post
    from socialcycle.testing.factories import make_source

    source = make_source(workspace, "Mastodon export")
    start = time.perf_counter()
    run = import_file(source, csv_path)
    seconds = time.perf_counter() - start
    assert run.status == ImportRun.Status.FINISHED, (run.status, run.problems[:3])
    stored = Post.objects.filter(source=source)
    assert stored.count() == count, stored.count()
    assert stored.filter(analysed_at__isnull=False).count() == 0  # analysis excluded
    return seconds


def one_repeat(
    label: str,
    posts: list[Made],
    csv_path: Path,
    idle_polls: int,
    samples: Samples | None,
) -> None:
    """Backlog, bare HTTP, idle polls and the import, each in a new workspace."""
    from socialcycle.accounts.models import Role
    from socialcycle.listening.models import Post
    from socialcycle.testing.factories import make_user, make_workspace
    from socialcycle.testing.platform_server import PlatformServer

    pages = answers(posts)
    workspace = make_workspace(f"Live bench {label}")
    admin = make_user(f"live-bench-{label}", workspace, Role.ADMIN)
    stopwatch = Stopwatch()
    server = PlatformServer()
    for page in pages:
        server.answer(TAG, json_body=page)
    server.answer(TAG, json_body=[])  # then nothing more, repeated
    server.answer(INSTANCE, fixture=FIXTURES / "instance_v2.json")
    server.answer(RAW, json_body=pages[0])
    with server.running(), watched(stopwatch):
        connection = connect(workspace, admin, server.url, posts[0].id - 1)
        stopwatch.lap()
        polls, seconds = drain(connection, stopwatch, samples)
        stored = Post.objects.filter(source=connection.source)
        assert stored.count() == len(posts), stored.count()
        assert stored.filter(analysed_at__isnull=False).count() == 0  # analysis excluded
        assert connection.cursor == str(posts[-1].id)
        expected = [f"min_id={posts[0].id - 1 + n * PAGE}&limit={PAGE}" for n in range(polls)]
        asked = zip(server.asked, server.asked_queries, strict=True)
        assert [query for path, query in asked if path == TAG] == expected, server.asked_queries
        if samples is not None:
            samples.requests_per_poll.append(len(server.asked) / polls)
            samples.bare_http += bare_http(server.url + RAW, polls)
            idle(connection, idle_polls, stopwatch, samples)
    import_s = timed_import(make_workspace(f"Live bench import {label}"), csv_path, len(posts))
    if samples is None:  # the warm-up
        return
    samples.drain_rates.append(len(posts) / seconds)
    samples.import_rates.append(len(posts) / import_s)
    print(
        f"repeat {label}: backlog {polls} polls in {seconds:.2f} s "
        f"({len(posts) / seconds:,.0f} posts/s); CSV import {import_s:.2f} s "
        f"({len(posts) / import_s:,.0f} posts/s)",
        flush=True,
    )


# --- the report -----------------------------------------------------------------------


def report(samples: Samples, count: int, repeats: int) -> None:
    drain_rate = statistics.median(samples.drain_rates)
    import_rate = statistics.median(samples.import_rates)
    polls = len(samples.drain_polls) // repeats
    pooled = zip(samples.drain_polls, samples.client, samples.fetch, samples.record, strict=True)
    rest = [total - client - fetch - record for total, client, fetch, record in pooled]
    decoding = [fetch - http for fetch, http in zip(samples.fetch, samples.http, strict=True)]
    per_poll = {
        f"backlog drained by polling.poll ({polls} polls)": samples.drain_polls,
        "  client set-up (connector_for)": samples.client,
        "  inside fetch": samples.fetch,
        "    HTTP (requests: the page + the instance)": samples.http,
        "    Mastodon.py's typed JSON, our records": decoding,
        "  record_posts (clean, spam, MinHash, insert)": samples.record,
        "  the rest (mapping, cursor, write turn)": rest,
        "  bare GET + json of one 40-status answer": samples.bare_http,
        "idle poll, nothing new (polling.poll)": samples.idle_polls,
        "  of it inside fetch": samples.idle_fetch,
        "idle poll, claim + poll (polling.poll_one)": samples.idle_claimed,
    }
    rates = {
        f"backlog drained by polling.poll ({polls} polls)": drain_rate,
        "reference: the same posts, CSV import_file": import_rate,
    }
    print(f"\n{count:,} posts, {repeats} repeat(s): posts/s are the median of the repeats,")
    print("ms per poll pooled over them. SQLite; analysis excluded (left to the scheduler).\n")
    print(f"{'measure':<48} {'posts/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for name, values in per_poll.items():
        rate = f"{rates[name]:>8,.0f}" if name in rates else f"{'':>8}"
        print(f"{name:<48} {rate} {ms(values):>8.1f} {ms(values, 0.95):>8.1f}")
        if name.startswith("  bare"):
            label = "reference: the same posts, CSV import_file"
            print(f"{label:<48} {import_rate:>8,.0f}")
    fetch_share = sum(samples.fetch) / sum(samples.drain_polls)
    store_share = (sum(samples.record) + sum(rest)) / sum(samples.drain_polls)
    print(
        f"\npolling drains at {drain_rate / import_rate:.0%} of the file import's rate; "
        f"of the drain's time {fetch_share:.0%} is inside fetch, {store_share:.0%} storing"
    )
    print(
        f"HTTP requests per poll: {statistics.median(samples.requests_per_poll):.1f} "
        f"(the page, and {INSTANCE} that Mastodon.py asks once per client: one per poll)"
    )


# --- main -----------------------------------------------------------------------------


def set_up_django(data_dir: Path) -> None:
    os.environ.update(
        {
            "DATA_DIR": str(data_dir),
            "DJANGO_SETTINGS_MODULE": "socialcycle.settings",
            "CONNECTORS_ALLOW_PRIVATE_ADDRESSES": "true",  # the instance is a local server
        }
    )
    for name in ("REDIS_URL", "DATABASE_URL", "ANALYSE_INLINE"):
        os.environ.pop(name, None)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    assert settings.CONNECTORS_ALLOW_PRIVATE_ADDRESSES
    assert "understanding.analyse_pending_posts" in settings.EMBEDDED_SCHEDULED_TASKS
    call_command("migrate", verbosity=0)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--idle-polls", type=int, default=100)
    args = parser.parse_args()
    if args.posts < 1 or args.repeat < 1 or args.idle_polls < 1:
        parser.error("--posts, --repeat and --idle-polls must be at least 1")
    return args


def main() -> int:
    args = parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="socialcycle-live-poll-bench-"))
    try:
        started = time.perf_counter()
        set_up_django(data_dir)
        posts = make_posts(args.posts)
        csv_path = data_dir / "backlog.csv"
        write_csv(csv_path, posts)
        warm_up = make_posts(2 * PAGE, seed=8)
        write_csv(data_dir / "warm-up.csv", warm_up)
        one_repeat("warm-up", warm_up, data_dir / "warm-up.csv", 0, None)
        print(f"set up (migrate, warm-up) in {time.perf_counter() - started:.1f} s", flush=True)
        samples = Samples()
        for n in range(1, args.repeat + 1):
            one_repeat(str(n), posts, csv_path, args.idle_polls, samples)
        report(samples, args.posts, args.repeat)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
