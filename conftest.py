"""Shared pytest fixtures: the cast of people every test starts from."""

from __future__ import annotations

import pytest
from django.conf import LazySettings

from socialcycle.testing.cast import Cast, make_cast


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: LazySettings) -> None:
    # Real hashing is slow by design; tests check who may sign in, not hash strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cast(db: None) -> Cast:
    return make_cast()


@pytest.fixture(autouse=True)
def in_process_tasks(settings: LazySettings) -> None:
    """Run enqueued tasks in the test's own process, whatever REDIS_URL says.

    A worker process cannot see rows inside a test's uncommitted transaction. The trip
    through Redis to a real worker is proven by understanding/tests/test_worker_on_redis.py
    and lib/tests/test_enqueue.py, which switch this off.
    """
    settings.CELERY_TASK_ALWAYS_EAGER = True
