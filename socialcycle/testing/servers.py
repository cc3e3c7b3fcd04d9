"""Real processes for tests: a Celery worker on Redis pointed at the test database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

from django.db import connection

DEFAULT_TEST_REDIS_URL = "redis://127.0.0.1:6379/15"


def free_port() -> int:
    """A loopback port nothing listens on now, for a server a test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def redis_url_for_tests() -> str:
    """The Redis the tests may use: REDIS_URL when set (the CI run), else a spare database."""
    return os.environ.get("REDIS_URL") or os.environ.get("TEST_REDIS_URL", DEFAULT_TEST_REDIS_URL)


def database_url_for_tests() -> str:
    """A DATABASE_URL that reaches the database this test run is using."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = quote(settings.get("USER") or "")
    password = quote(settings.get("PASSWORD") or "")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{settings['NAME']}"


@contextmanager
def celery_worker(redis_url: str) -> Iterator[subprocess.Popen[bytes]]:
    """Run `socialcycle worker` as its own process against the test database."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_tests(),
        "REDIS_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": "socialcycle.settings",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "socialcycle.cli", "worker", "--concurrency", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
