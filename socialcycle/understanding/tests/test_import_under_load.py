"""Imports survive a busy server: 20,000 rows through the upload pages and 20,000 through
`socialcycle import`, side by side, while another process analyses a 100,000-post backlog.
Every row is stored exactly once, both runs end done, and no request answers 5xx.

Runs on whichever database the suite uses (SQLite by default, PostgreSQL under
DATABASE_URL). The analyser is stopped once the imports are done; it need not finish.
"""

import os
import subprocess
import sys
import textwrap
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from socialcycle.lib.tasks import run_task
from socialcycle.listening.models import ImportRun, Post
from socialcycle.testing.factories import PASSWORD, make_source
from socialcycle.testing.servers import database_url_for_tests
from socialcycle.understanding.models import PostAnalysis

# Uploads and problems files go to the test's own folder (the listening tests' rule).
pytestmark = pytest.mark.usefixtures("private_data_dir")

ROWS = 20_000
BACKLOG = 100_000
FIRST_DAY = datetime(2026, 3, 1, tzinfo=UTC)
WORDS = (
    "hub app update crashed love support refund slow battery delivery price setup pairing "
    "login screen camera sync notification order checkout review easy broken great awful"
).split()
ANALYSER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import django
    django.setup()
    from socialcycle.understanding.services import analyse_pending_posts
    stop = Path(sys.argv[1])
    while not stop.exists():
        if analyse_pending_posts(100) == 0:
            time.sleep(0.2)
    """
)


def text_of(number: int) -> str:
    picked = [WORDS[(number * prime) % len(WORDS)] for prime in (7, 11, 13, 17, 19)]
    return f"Post {number}: the {picked[0]} and {picked[1]} {picked[2]} {picked[3]} {picked[4]}"


def export(path: Path, first: int, header: str) -> Path:
    lines = [header]
    for number in range(first, first + ROWS):
        when = (FIRST_DAY + timedelta(minutes=number)).isoformat()
        lines.append(f"X{number},{text_of(number)},{when},person{number % 997}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def make_backlog(workspace) -> None:
    """100,000 posts waiting for analysis: 10,000 made in bulk, then copied nine times over
    by INSERT … SELECT (every column of the model, a new external id), in seconds."""
    source = make_source(workspace, "Backlog", "social")
    now = timezone.now()
    Post.objects.bulk_create(
        [
            Post(
                workspace=workspace,
                source=source,
                channel=source.channel,
                external_id=f"b{number}",
                text=text_of(number),
                created_at=now - timedelta(minutes=number),
            )
            for number in range(BACKLOG // 10)
        ],
        batch_size=2000,
    )
    columns = [
        str(f.column) for f in Post._meta.concrete_fields if f.column not in ("id", "external_id")
    ]
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    table = connection.ops.quote_name(Post._meta.db_table)
    with connection.cursor() as cursor:
        for copy in range(1, 10):
            cursor.execute(
                f"INSERT INTO {table} ({quoted}, external_id) "  # noqa: S608 (names from the model)
                f"SELECT {quoted}, external_id || %s FROM {table} "
                "WHERE source_id = %s AND external_id NOT LIKE %s",
                [f"-{copy}", source.pk, "%-%"],
            )
    assert Post.objects.filter(source=source, analysed_at=None).count() == BACKLOG


def environment() -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url_for_tests(),
        "DJANGO_SETTINGS_MODULE": "socialcycle.settings",
        "REDIS_URL": "",
    }


class Requests:
    """A signed-in browser that counts the answers it got, 5xx included (never raised)."""

    def __init__(self, user) -> None:
        self.client = Client(raise_request_exception=False)
        assert self.client.login(username=user.username, password=PASSWORD)
        self.statuses: list[int] = []

    def get(self, url: str, **headers: str):
        response = self.client.get(url, headers=headers)
        self.statuses.append(response.status_code)
        return response

    def post(self, url: str, data: dict[str, object]):
        response = self.client.post(url, data)
        self.statuses.append(response.status_code)
        return response


def import_worker(done: threading.Event) -> None:
    """The background side of the embedded default: the scheduler's import sweep."""
    try:
        while not done.is_set():
            run_task("listening.watch_imports", [])
            time.sleep(0.5)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_imports_store_every_row_once_while_a_backlog_is_analysed(cast, settings, tmp_path):
    # As deployed without Redis: a request neither imports nor analyses.
    settings.EMBEDDED_SCHEDULED_TASKS = (
        "understanding.analyse_pending_posts",
        "listening.run_import",
    )
    make_backlog(cast.workspace)
    web_file = export(tmp_path / "web.csv", 0, "Ref,Words,When,Who")  # mapped on the page
    cli_file = export(tmp_path / "cli.csv", ROWS, "id,text,created_at,author")
    stop = tmp_path / "stop-analysing"
    analyser = subprocess.Popen(
        [sys.executable, "-c", ANALYSER, str(stop)],
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    worker_done = threading.Event()
    worker = threading.Thread(target=import_worker, args=(worker_done,))
    try:
        deadline = time.monotonic() + 180
        while not PostAnalysis.objects.exists():  # the analyser is under way
            assert analyser.poll() is None, (
                analyser.stderr.read().decode() if analyser.stderr else ""
            )
            assert time.monotonic() < deadline, "the analyser analysed nothing in 3 minutes"
            time.sleep(0.5)
        analysed_before = PostAnalysis.objects.count()

        cli = subprocess.Popen(
            [
                sys.executable, "-m", "socialcycle.cli", "import", str(cli_file),
                "--source", "Exported tweets", "--workspace", cast.workspace.slug,
            ],
            env=environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        browser = Requests(cast.analyst)
        uploaded = browser.post(
            reverse("listening:upload", args=[cast.workspace.slug]),
            {
                "new_source_name": "Uploaded tweets",
                "new_source_channel": "social",
                "file": SimpleUploadedFile("web.csv", web_file.read_bytes()),
            },
        )
        assert uploaded.status_code == 302, uploaded.content.decode()[-2000:]
        started = browser.post(
            uploaded["Location"],
            {"external_id": "Ref", "text": "Words", "created_at": "When", "author_handle": "Who"},
        )
        assert started.status_code == 302, started.content.decode()[-2000:]
        run_page = started["Location"]
        worker.start()
        run = ImportRun.objects.get(source__name="Uploaded tweets")
        while not run.is_done():  # the page's live progress, as htmx polls it
            assert time.monotonic() < deadline + 600, "the web import did not end in 13 minutes"
            browser.get(run_page, HX_Request="true")
            time.sleep(0.5)
            run.refresh_from_db()
        cli_out, cli_err = cli.communicate(timeout=600)
        analysed_during = PostAnalysis.objects.count() - analysed_before
    finally:
        worker_done.set()
        if worker.is_alive():
            worker.join()
        stop.touch()
        try:
            analyser.wait(timeout=120)
        except subprocess.TimeoutExpired:
            analyser.kill()
            analyser.wait()

    assert cli.returncode == 0, cli_err
    assert "20000 new, 0 updated, 0 duplicates skipped, 0 rejected" in cli_out
    assert (run.status, run.created, run.updated, run.rejected) == ("finished", ROWS, 0, 0)
    assert "Done: 20,000 rows read." in browser.get(run_page).content.decode()
    for name, first in (("Uploaded tweets", 0), ("Exported tweets", ROWS)):
        stored = Post.objects.filter(source__name=name)
        assert stored.count() == ROWS, name
        ids = set(stored.values_list("external_id", flat=True))
        assert ids == {f"X{number}" for number in range(first, first + ROWS)}, name
    assert [status for status in browser.statuses if status >= 500] == []
    assert set(browser.statuses) <= {200, 302}
    assert analysed_during > 0, "the backlog was not being analysed while the files came in"
