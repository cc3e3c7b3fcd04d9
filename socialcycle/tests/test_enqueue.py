"""Enqueued work waits for the commit, and goes to Redis when a broker is configured."""

import base64
import json
import os
import subprocess
import sys

import pytest
import redis

from socialcycle.lib.tasks import enqueue
from socialcycle.listening.models import Post
from socialcycle.listening.services import record_posts
from socialcycle.testing.factories import incoming, make_source, make_workspace
from socialcycle.testing.servers import redis_url_for_tests

TASK = "understanding.analyse_pending_posts"


def test_nothing_runs_before_the_transaction_commits(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue(TASK)
    assert len(callbacks) == 1


def test_arguments_a_broker_would_refuse_are_refused_in_process_too(db):
    with pytest.raises(TypeError):
        enqueue(TASK, object())


def test_with_a_broker_the_task_is_sent_to_redis(tmp_path):
    url = redis_url_for_tests()
    connection = redis.Redis.from_url(url)
    connection.flushdb()
    script = (
        "import django; django.setup(); "
        "from socialcycle.lib.tasks import enqueue; "
        f"enqueue({TASK!r}, [1, 2])"
    )
    env = {**os.environ, "REDIS_URL": url, "DATABASE_URL": f"sqlite:///{tmp_path / 'db'}"}
    env["DJANGO_SETTINGS_MODULE"] = "socialcycle.settings"
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=60)

    messages = connection.lrange("celery", 0, -1)
    connection.flushdb()
    assert len(messages) == 1
    message = json.loads(messages[0])
    assert message["headers"]["task"] == TASK
    assert json.loads(base64.b64decode(message["body"]))[0] == [[1, 2]]


def test_without_a_broker_analysis_is_left_to_the_scheduler(db, settings):
    settings.EMBEDDED_SCHEDULED_TASKS = ("understanding.analyse_pending_posts",)
    source = make_source(make_workspace(), "Tweets", "twitter")
    record_posts(source, [incoming("1", "The hub is great")])

    assert Post.objects.get().analysed_at is None  # the request did not wait for the models


def test_a_broker_that_is_down_never_fails_the_committed_work(tmp_path):
    """Redis refusing connections: the commit stands, the failure is logged and counted."""
    script = (
        "import django; django.setup(); "
        "from django.db import transaction; "
        "from socialcycle.lib.tasks import enqueue, enqueue_failures; "
        "exec('with transaction.atomic():\\n    enqueue(%r, 1)' % " + repr(TASK) + "); "
        "print('failures', enqueue_failures())"
    )
    env = {
        **os.environ,
        "REDIS_URL": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db'}",
        "DJANGO_SETTINGS_MODULE": "socialcycle.settings",
    }
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )

    assert done.returncode == 0, done.stderr[-2000:]
    assert "failures 1" in done.stdout
    assert f"could not send task {TASK}" in done.stderr


def test_fanned_out_work_goes_on_past_a_workspace_that_fails(db):
    from socialcycle.celery import app
    from socialcycle.lib.tasks import fan_out

    seen = []
    name = "tests.per_workspace"  # a task of this test only (not one the product names)

    @app.task(name=name)
    def per_workspace(workspace_id):
        seen.append(workspace_id)
        if workspace_id == 2:
            raise RuntimeError("this workspace is broken")
        return 10

    assert fan_out(name, [1, 2, 3]) == 20
    assert seen == [1, 2, 3]
