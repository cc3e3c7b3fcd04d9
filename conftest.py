"""Shared pytest fixtures: the cast of people every test starts from."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import LazySettings
from django.conf import settings as django_settings

from socialcycle.testing.cast import Cast, make_cast
from socialcycle.testing.platform_server import PlatformServer
from socialcycle.testing.smtp import SmtpInbox, smtp_server


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: LazySettings) -> None:
    # Real hashing is slow by design; tests check who may sign in, not hash strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cast(db: None) -> Cast:
    return make_cast()


@pytest.fixture
def private_data_dir(settings: LazySettings, tmp_path: Path) -> Path:
    """Uploads and problems files of a test go to its own folder, not the tree's var/."""
    settings.DATA_DIR = tmp_path / "data"
    return Path(settings.DATA_DIR)


@pytest.fixture(autouse=True)
def in_process_tasks(settings: LazySettings) -> None:
    """Run enqueued tasks in the test's own process, whatever REDIS_URL says.

    A worker process cannot see rows inside a test's uncommitted transaction. The trip
    through Redis to a real worker is proven by understanding/tests/test_worker_on_redis.py
    and socialcycle/tests/test_enqueue.py, which switch this off.
    """
    settings.CELERY_TASK_ALWAYS_EAGER = True
    # Analysis runs right after commit in tests; socialcycle/tests/test_enqueue.py proves deferral.
    settings.EMBEDDED_SCHEDULED_TASKS = ()


@pytest.fixture(autouse=True, scope="session")
def shared_model_dir() -> Path:
    """One model folder for the whole run: the encoder is prepared once, not per test.

    Exported for the analysis package too (and for subprocesses), which reads
    SOCIALCYCLE_MODEL_DIR because it knows nothing of Django settings.
    """
    folder = Path(django_settings.MODEL_DIR)
    os.environ["SOCIALCYCLE_MODEL_DIR"] = str(folder)
    return folder


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Rate-limit counters and other cached values never leak from one test to the next."""
    from django.core.cache import cache  # noqa: PLC0415 (settings are ready only now)

    cache.clear()


@pytest.fixture
def smtp_inbox(settings: LazySettings) -> Iterator[SmtpInbox]:
    """A real SMTP server on a free local port; Django's SMTP backend sends to it."""
    with smtp_server(settings) as inbox:
        yield inbox


@pytest.fixture
def platform(settings: LazySettings) -> Iterator[PlatformServer]:
    """A local server playing a platform's API (or a chat's incoming webhook), which
    connectors and webhooks may reach: private addresses are allowed for the test."""
    settings.CONNECTORS_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    server = PlatformServer()
    with server.running():
        yield server
