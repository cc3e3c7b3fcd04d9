"""Redis stops and starts again under intake: the product as deployed at scale (gunicorn,
Celery's broker and the cache on a Redis of this test's own, on a private port) keeps
taking posts, answers no 5xx, and stores every post once. (CI runs this on SQLite and
PostgreSQL.)"""

import http.client
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from socialcycle.accounts.tokens import create_api_token
from socialcycle.listening.models import Post
from socialcycle.testing.servers import database_url_for_tests, free_port

pytestmark = pytest.mark.django_db(transaction=True)

# In memory only: a restarted Redis comes back empty, as one without a disk would.
REDIS_SERVER = ("redis-server", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
GUNICORN = (sys.executable, "-m", "gunicorn", "socialcycle.wsgi:application", "--threads", "2")


def wait_for(ready, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if ready():
                return
        except (OSError, redis.exceptions.ConnectionError):
            pass
        assert time.monotonic() < deadline, f"{what} never got going"
        time.sleep(0.1)


class PrivateRedis:
    """A redis-server of this test only, stopped as a crash would stop it (SIGKILL)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.client = redis.Redis(port=self.port, socket_timeout=2)

    def start(self) -> None:
        self.process = subprocess.Popen(
            [*REDIS_SERVER, "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
        )
        wait_for(self.client.ping, "redis-server")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)


@pytest.fixture
def private_redis() -> Iterator[PrivateRedis]:
    server = PrivateRedis()
    server.start()
    yield server
    if server.process is not None and server.process.poll() is None:
        server.kill()


@pytest.fixture
def web(private_redis: PrivateRedis, tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """The product's web server on the private Redis and the test database."""
    port = free_port()
    log = tmp_path / "web.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_tests(),
        "REDIS_URL": f"redis://127.0.0.1:{private_redis.port}/0",
        "DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "socialcycle.settings",
    }
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [*GUNICORN, "--bind", f"127.0.0.1:{port}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        wait_for(lambda: status_of(port, "GET", "/api/docs") == 200, "the web server")
        yield port, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def status_of(port: int, method: str, path: str, body: str = "", headers=None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_intake_goes_on_through_a_redis_crash_and_restart(cast, private_redis, web):
    port, log = web
    _, secret = create_api_token(cast.workspace, cast.analyst, name="in", scopes=["posts:write"])
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
    sent: dict[str, int] = {}

    def push(phase: str, batches: int) -> list[int]:
        statuses = []
        for batch in range(batches):
            posts = [
                {
                    "external_id": f"{phase}-{batch}-{n}",
                    "text": f"The hub will not pair ({phase} {batch} {n})",
                    "created_at": "2026-11-01T10:00:00Z",
                    "author_handle": f"person{n}",  # the same authors in every batch
                }
                for n in range(10)
            ]
            body = json.dumps({"source": "Outage", "posts": posts})
            status = status_of(port, "POST", "/api/v1/posts", body, headers)
            statuses.append(status)
            sent.update((post["external_id"], status) for post in posts)
        return statuses

    before = push("before", 3)
    private_redis.kill()
    during = push("during", 5)
    private_redis.start()  # on the same port
    after = push("after", 5)

    assert before == [200] * 3
    assert during == [200] * 5, log.read_text()[-3000:]  # stored; the wake-up is what failed
    assert after == [200] * 5, log.read_text()[-3000:]
    stored = list(Post.objects.filter(workspace=cast.workspace).values_list("external_id"))
    assert sorted(external_id for (external_id,) in stored) == sorted(sent)  # each once
    assert "could not send task" in log.read_text()  # logged and counted (lib/tasks.py)
    # Once Redis is back the wake-ups reach it again (no worker here takes them).
    assert private_redis.client.llen("celery") >= 1
