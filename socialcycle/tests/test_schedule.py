"""The embedded scheduler runs the beat schedule's tasks in-process, each at its interval."""

import os
import subprocess
import sys
import threading
from datetime import UTC, datetime

from socialcycle.lib.schedule import ThreadPerTask, run_due
from socialcycle.listening.incoming import IncomingPost
from socialcycle.listening.models import Post
from socialcycle.listening.services import record_posts
from socialcycle.testing.factories import make_source

SCHEDULE = {
    "analyse": {"task": "understanding.analyse_pending_posts", "schedule": 60.0},
    "broken": {"task": "no.such.task", "schedule": 10.0},
}


def test_due_tasks_run_for_real_and_wait_for_their_next_interval(
    cast, django_capture_on_commit_callbacks
):
    source = make_source(cast.workspace, "Tweets", "twitter")
    with django_capture_on_commit_callbacks(execute=False):
        record_posts(
            source,
            [IncomingPost(external_id="1", text="The hub is great", created_at=datetime.now(UTC))],
        )
    assert Post.objects.get().analysed_at is None
    last_run: dict[str, float] = {}

    first = run_due(SCHEDULE, last_run, now=1000.0)
    soon_after = run_due(SCHEDULE, last_run, now=1030.0)
    later = run_due(SCHEDULE, last_run, now=1061.0)

    assert first == ["analyse", "broken"]  # a failing task is logged, the others still run
    assert Post.objects.get().analysed_at is not None
    assert soon_after == ["broken"]
    assert later == ["analyse", "broken"]


def test_the_scheduler_stops_when_its_server_is_gone(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db'}", "DATA_DIR": str(tmp_path)}
    env.pop("REDIS_URL", None)
    # Its parent is this test, not process 1: it must notice and stop at once.
    finished = subprocess.run(
        [sys.executable, "-m", "socialcycle.cli", "scheduler", "--parent", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert finished.returncode == 0, finished.stderr


def test_the_scheduler_refuses_to_run_beside_redis(tmp_path):
    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/15", "DATA_DIR": str(tmp_path)}
    finished = subprocess.run(
        [sys.executable, "-m", "socialcycle.cli", "scheduler"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert finished.returncode == 2
    assert "worker --beat" in finished.stderr


def test_a_long_task_holds_back_neither_the_others_nor_starts_twice():
    calls = []
    release = threading.Event()

    def run(task_name, args):
        calls.append(task_name)
        if task_name == "analyse":
            release.wait(timeout=30)

    runner = ThreadPerTask(run)
    runner("analyse", [])
    runner("import", [])  # runs although the analysis has not finished
    runner.threads["import"].join(timeout=30)
    runner("analyse", [])  # still going: not started a second time
    release.set()
    runner.wait(timeout=30)
    assert sorted(calls) == ["analyse", "import"]
