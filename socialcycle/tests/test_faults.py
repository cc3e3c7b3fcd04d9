"""Real processes killed with SIGKILL mid-work lose nothing and do nothing twice: an
analysis worker mid-batch, an import mid-file. (CI runs this on SQLite and PostgreSQL.)"""

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from socialcycle.listening.models import Post
from socialcycle.testing.factories import make_source
from socialcycle.testing.servers import database_url_for_tests
from socialcycle.understanding.models import PostAnalysis

pytestmark = pytest.mark.django_db(transaction=True)


def environment(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url_for_tests(),
        "DJANGO_SETTINGS_MODULE": "socialcycle.settings",
        "REDIS_URL": "",
        **extra,
    }


def socialcycle(*args: str, **env: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "socialcycle.cli", *args],
        env=environment(**env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def kill_when(process: subprocess.Popen[bytes], ready, timeout: float = 240) -> None:
    """SIGKILL `process` as soon as `ready()` holds (it must not have finished first)."""
    deadline = time.monotonic() + timeout
    while not ready():
        assert process.poll() is None, process.stderr.read().decode()[-2000:]  # type: ignore[union-attr]
        assert time.monotonic() < deadline, "the process never got going"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def test_an_analysis_worker_killed_mid_batch_loses_no_post_and_analyses_none_twice(cast):
    source = make_source(cast.workspace, "Tweets", "twitter")
    now = timezone.now()
    Post.objects.bulk_create(
        Post(
            workspace=cast.workspace,
            source=source,
            channel=source.channel,
            external_id=str(n),
            text=f"Post {n}: the app keeps crashing after the update",
            created_at=now - timedelta(minutes=n),
        )
        for n in range(1500)
    )
    worker = socialcycle("analyze", "--batch-size", "100")

    kill_when(worker, lambda: PostAnalysis.objects.count() >= 100)

    stopped_at = PostAnalysis.objects.count()
    assert 100 <= stopped_at < 1500  # killed with work claimed and not done
    # A claim outlives its worker for ANALYSIS_CLAIM_SECONDS; here 1, so the next run
    # takes the dead worker's batch at once.
    time.sleep(1.5)
    finished = subprocess.run(
        [sys.executable, "-m", "socialcycle.cli", "analyze"],
        env=environment(ANALYSIS_CLAIM_SECONDS="1"),
        capture_output=True,
        timeout=600,
    )
    assert finished.returncode == 0, finished.stderr.decode()[-2000:]
    assert not Post.objects.filter(analysed_at__isnull=True).exists()
    assert PostAnalysis.objects.count() == 1500  # one per post: none lost, none twice


def test_an_import_killed_mid_file_resumes_to_every_row_once(cast, tmp_path: Path):
    rows = 30_000
    first = datetime(2026, 3, 1, tzinfo=UTC)
    lines = ["id,text,created_at,author"]
    lines += [
        f"R{n},Row {n} says the hub lost its pairing,{(first + timedelta(minutes=n)).isoformat()},"
        f"person{n % 500}"
        for n in range(rows)
    ]
    export = tmp_path / "export.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    source = make_source(cast.workspace, "Export", "social")
    command = ("import", str(export), "--source", source.name, "--workspace", cast.workspace.slug)

    importing = socialcycle(*command)
    kill_when(importing, lambda: Post.objects.filter(source=source).count() >= 2000)

    stopped_at = Post.objects.filter(source=source).count()
    assert 2000 <= stopped_at < rows
    # The killed run wrote no progress since; after IMPORT_STALE_SECONDS it may be resumed.
    time.sleep(1.5)
    resumed = subprocess.run(
        [sys.executable, "-m", "socialcycle.cli", *command],
        env=environment(IMPORT_STALE_SECONDS="1"),
        capture_output=True,
        timeout=600,
    )
    assert resumed.returncode == 0, resumed.stderr.decode()[-2000:]
    stored = Post.objects.filter(source=source)
    assert stored.count() == rows
    assert stored.values("external_id").distinct().count() == rows
