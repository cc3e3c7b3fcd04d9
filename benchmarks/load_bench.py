"""Staff pages, public pages and intake under concurrent loopback clients, on a real server.

    .venv/bin/python benchmarks/load_bench.py [--database sqlite|postgres]
        [--clients 1,4,16,32] [--seconds 8] [--posts 2000] [--batch 100] [--port 8766]

Sets up a fresh DATA_DIR (SQLite, or a fresh PostgreSQL database with Celery on Redis and
one `socialcycle worker`), the demo company with --posts posts, and `socialcycle serve`
(gunicorn, 2 workers x 4 threads; on SQLite the embedded scheduler analyses in the
background as a deployment would). Then, for each number of clients, for --seconds each:

- staff: a signed-in analyst's Dashboard, Posts and Inbox pages, in turn;
- public: the community's home page (rate limited per address: 429s are counted apart);
- intake: POST /api/v1/posts with batches of --batch new posts (a posts:write token);
- reference: a static file from the same server (what one answer costs here).

Each line: requests per second (posts per second for intake) from the first request to the
last answer (requests under way when the time is up are waited for), p50/p95/p99 in ms, the share
of 5xx answers and of failed connections. Loopback only; bounded in count and time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SLUG = "lumio"


@dataclass
class Tally:
    seconds: list[float] = field(default_factory=list)
    elapsed: float = 0.0  # from the first request sent to the last answer
    statuses: list[int] = field(default_factory=list)  # 0: the connection failed
    items: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: int, seconds: float, items: int) -> None:
        with self.lock:
            self.statuses.append(status)
            self.seconds.append(seconds)
            self.items += items if 0 < status < 500 and status != 429 else 0


Request = Callable[[http.client.HTTPConnection, int], tuple[int, int]]


def run_clients(port: int, clients: int, seconds: float, request: Request) -> Tally:
    tally = Tally()
    began = time.perf_counter()
    until = began + seconds
    numbers = count()

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.perf_counter() < until:
            began = time.perf_counter()
            try:
                status, items = request(connection, next(numbers))
            except OSError:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                status, items = 0, 0
            tally.add(status, time.perf_counter() - began, items)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tally.elapsed = time.perf_counter() - began
    return tally


def answer(connection: http.client.HTTPConnection, method: str, path: str, **kw: object) -> int:
    connection.request(method, path, **kw)  # type: ignore[arg-type]
    response = connection.getresponse()
    response.read()
    return response.status


def wait_until_serving(port: int, seconds: float = 180) -> None:
    """Return once the server on `port` answers; OSError if it does not within `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            answer(http.client.HTTPConnection("127.0.0.1", port, timeout=2), "GET", "/")
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def staff(cookie: str) -> Request:
    pages = [f"/w/{SLUG}/", f"/w/{SLUG}/posts/", f"/w/{SLUG}/inbox/"]

    def request(connection: http.client.HTTPConnection, number: int) -> tuple[int, int]:
        path = pages[number % len(pages)]
        return answer(connection, "GET", path, headers={"Cookie": cookie}), 1

    return request


def public(connection: http.client.HTTPConnection, number: int) -> tuple[int, int]:
    return answer(connection, "GET", f"/c/{SLUG}/"), 1


def static(connection: http.client.HTTPConnection, number: int) -> tuple[int, int]:
    return answer(connection, "GET", "/static/css/site.css"), 1


def intake(token: str, batch: int) -> Request:
    def request(connection: http.client.HTTPConnection, number: int) -> tuple[int, int]:
        posts = [
            {
                "external_id": f"load-{os.getpid()}-{number}-{n}",
                "text": f"Load post {number}-{n}: the hub will not pair after the update",
                "created_at": "2026-11-01T10:00:00Z",
                "author_handle": f"load{n % 50}",
            }
            for n in range(batch)
        ]
        body = json.dumps({"source": "Load", "posts": posts})
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        return answer(connection, "POST", "/api/v1/posts", body=body, headers=headers), batch

    return request


def report(label: str, clients: int, tally: Tally, unit: str) -> None:
    ms = sorted(s * 1000 for s in tally.seconds) or [0.0]
    quantiles = statistics.quantiles(ms, n=100) if len(ms) > 1 else [ms[0]] * 99
    total = len(tally.statuses) or 1
    errors = sum(1 for s in tally.statuses if s >= 500) / total
    failed = sum(1 for s in tally.statuses if s == 0) / total
    limited = sum(1 for s in tally.statuses if s == 429) / total
    rate = tally.items / tally.elapsed  # requests under way at the end are waited for
    print(
        f"{label:<10}{clients:>4} clients {rate:>9.1f} {unit:<6} p50 {quantiles[49]:>7.0f} "
        f"p95 {quantiles[94]:>7.0f} p99 {quantiles[98]:>7.0f} ms  5xx {errors:6.2%}  "
        f"failed {failed:6.2%}  429 {limited:6.2%}",
        flush=True,
    )


def django_shell(env: dict[str, str], code: str) -> str:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


SESSION = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from socialcycle.accounts.tokens import create_api_token
from socialcycle.accounts.models import Workspace
user = get_user_model().objects.get(username="admin")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
_, secret = create_api_token(Workspace.objects.get(slug="lumio"), user, name="load",
                             scopes=["posts:write"])
print(session.session_key, secret)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--clients", default="1,4,16,32")
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--only", default="", help="one kind of line: staff, public or intake")
    args = parser.parse_args()

    data = Path(tempfile.mkdtemp(prefix="load-bench-"))
    env = {**os.environ, "DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "socialcycle.settings"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    worker = None
    if args.database == "postgres":
        name = f"load_bench_{os.getpid()}"
        psql = shutil.which("psql") or "psql"
        subprocess.run(  # noqa: S603
            [psql, "-q", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE {name}"],
            check=True,
        )
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
        env["REDIS_URL"] = "redis://127.0.0.1:6379/12"
    demo = [str(BIN / "socialcycle"), "demo", "--no-serve", "--posts", str(args.posts)]
    subprocess.run(demo, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    session_key, token = django_shell(env, SESSION).split()
    if args.database == "postgres":
        worker = subprocess.Popen(  # noqa: S603
            [str(BIN / "socialcycle"), "worker", "--beat"],
            env=env,
            cwd=data,  # beat keeps its schedule file in the working directory
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    server = subprocess.Popen(  # noqa: S603
        [str(BIN / "socialcycle"), "serve", "--port", str(args.port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # every 429 is logged as a warning
    )
    try:
        wait_until_serving(args.port)
        print(f"database: {args.database}; demo posts: {args.posts}; {args.seconds:.0f} s a line")
        cookie = f"sessionid={session_key}"
        for clients in (int(n) for n in args.clients.split(",")):
            for label, request, unit in (
                ("reference", static, "req/s"),
                ("staff", staff(cookie), "req/s"),
                ("public", public, "req/s"),
                ("intake", intake(token, args.batch), "post/s"),
            ):
                if args.only and label not in (args.only, "reference"):
                    continue
                tally = run_clients(args.port, clients, args.seconds, request)
                report(label, clients, tally, unit)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        if worker is not None:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=60)
        shutil.rmtree(data, ignore_errors=True)
        if args.database == "postgres":
            subprocess.run(  # noqa: S603
                [psql, "-q", "-h", "127.0.0.1", "-U", "postgres", "-c", f"DROP DATABASE {name}"],
                check=False,
            )


if __name__ == "__main__":
    main()
