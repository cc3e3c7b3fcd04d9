"""An upload's import runs in the background, never in the request; every run ends done or
failed with why; a run whose worker died is found by the sweep and resumes where it
stopped; a worker thought dead cannot write once another took over."""

import sqlite3
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import OperationalError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from socialcycle.lib.retry import retry_when_busy
from socialcycle.listening import imports
from socialcycle.listening.importers.mapping import ColumnMapping
from socialcycle.listening.models import ImportRun, Post
from socialcycle.listening.tests.test_upload_pages import MAPPING, sign_in, upload
from socialcycle.testing.factories import make_source

HEADER = "Ref,Words,When,Who\n"


def rows(first, last):
    return "".join(
        f"R{n},post number {n},2026-05-01T10:00:00Z,user{n % 9}\n" for n in range(first, last + 1)
    )


@pytest.fixture
def imports_in_the_background(settings):
    """As on the embedded default: the upload's request only queues the import."""
    settings.EMBEDDED_SCHEDULED_TASKS = ("listening.run_import",)


def start_through_the_pages(client, cast, content):
    sign_in(client, cast.analyst)
    preview_url = upload(client, cast.workspace, content)["Location"]
    started = client.post(preview_url, MAPPING)
    assert started.status_code == 302
    return ImportRun.objects.get(workspace=cast.workspace), started["Location"]


def test_the_upload_request_only_queues_and_the_sweep_imports(
    client, cast, imports_in_the_background, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run, page_url = start_through_the_pages(client, cast, HEADER + rows(1, 3))
    assert (run.status, run.created) == ("queued", 0)
    assert not Post.objects.exists()
    assert "Queued: waiting for a background worker" in client.get(page_url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        imports.watch_imports(timezone.now())

    run.refresh_from_db()
    assert (run.status, run.created, run.failure) == ("finished", 3, "")
    assert Post.objects.count() == 3
    fragment = client.get(page_url, HTTP_HX_REQUEST="true").content.decode()
    assert "Done: 3 rows read." in fragment
    assert "hx-trigger" not in fragment  # a finished run is not polled any more


def test_a_run_whose_worker_died_is_marked_failed_and_resumes_where_it_stopped(
    client, cast, settings, imports_in_the_background, django_capture_on_commit_callbacks
):
    run, page_url = start_through_the_pages(client, cast, HEADER + rows(1, 2500))
    # A worker takes it, stores two batches of 1,000 rows, and dies (no more heartbeats).
    token = imports.new_worker_token()
    claimed = imports.claim_run(run.pk, token)
    assert claimed is not None

    def die_after_two_batches(current):
        if current.last_position >= 2000:
            raise SystemExit

    with pytest.raises(SystemExit):
        imports.import_file(
            claimed.source,
            Path(claimed.stored_path),
            format="csv",
            mapping=ColumnMapping.from_config(claimed.mapping),
            run=claimed,
            progress=die_after_two_batches,
        )
    # A killed process writes nothing on its way out: it stays "running", its heartbeat ages.
    quiet = timezone.now() - timedelta(seconds=settings.IMPORT_STALE_SECONDS + 5)
    ImportRun.objects.filter(pk=run.pk).update(status="running", heartbeat_at=quiet, failure="")

    # Reading the page writes nothing, but it already says so and offers to resume.
    page = client.get(page_url).content.decode()
    assert "no progress for" in page
    assert "Resume the import" in page
    assert ImportRun.objects.get(pk=run.pk).status == "running"

    assert imports.watch_imports(timezone.now()) == 1
    run.refresh_from_db()
    assert (run.status, run.last_position) == ("interrupted", 2000)
    assert run.failure.startswith("its worker stopped without finishing: no progress for")
    assert f"Failed: {run.failure}." in client.get(page_url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        resumed = client.post(page_url, follow=True)
    page = resumed.content.decode()
    assert "Resuming from row 2,001: the 2,000 rows before it are already stored" in page
    with django_capture_on_commit_callbacks(execute=True):
        imports.watch_imports(timezone.now())

    run.refresh_from_db()
    assert (run.status, run.resumes, run.resumed_from) == ("finished", 1, 2000)
    # Rows before the stored position were not stored again: none counted as updated.
    assert (run.created, run.updated, run.last_position) == (2500, 0, 2500)
    assert Post.objects.count() == 2500
    page = client.get(page_url).content.decode()
    assert "continued from row 2,001, without importing the 2,000 rows stored before" in page


def test_a_worker_thought_dead_stores_nothing_once_another_took_over(cast, settings, tmp_path):
    source = make_source(cast.workspace, "Survey", "feed")
    path = tmp_path / "survey.csv"
    path.write_text(HEADER + rows(1, 5), encoding="utf-8")
    run = imports.start_import(
        source,
        path,
        file_name="survey.csv",
        format="csv",
        mapping=ColumnMapping({field: (column,) for field, column in MAPPING.items()}),
        by=cast.analyst,
    )
    slow = imports.claim_run(run.pk, "slow-worker")
    assert slow is not None
    assert imports.claim_run(run.pk, "another") is None  # it is taken while its heartbeat is fresh
    quiet = timezone.now() - timedelta(seconds=settings.IMPORT_STALE_SECONDS + 5)
    ImportRun.objects.filter(pk=run.pk).update(heartbeat_at=quiet)
    assert imports.continue_import(run.pk).status == "finished"  # a second worker took it

    # The first worker wakes up and carries on with its stale view of the run.
    imports.import_file(
        source, path, format="csv", mapping=ColumnMapping.from_config(slow.mapping), run=slow
    )
    run.refresh_from_db()
    assert (run.status, run.created, run.updated, run.resumes) == ("finished", 5, 0, 1)
    assert Post.objects.filter(source=source).count() == 5


def test_a_run_that_cannot_be_resumed_says_why(client, cast):
    source = make_source(cast.workspace, "Survey", "feed")
    run = ImportRun.objects.create(
        workspace=cast.workspace,
        source=source,
        file_name="cli.csv",
        file_sha256="x",
        format="csv",
        status="interrupted",
        failure="it was stopped by hand after row 10",
    )
    sign_in(client, cast.analyst)
    page = client.post(reverse("listening:run", args=[cast.workspace.slug, run.pk]), follow=True)
    assert "run the same command again" in page.content.decode()
    assert ImportRun.objects.get(pk=run.pk).status == "interrupted"


@pytest.mark.django_db(transaction=True)
def test_a_write_meeting_a_locked_database_is_tried_again(cast):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's single writer lock; PostgreSQL locks rows")
    source = make_source(cast.workspace, "Survey", "feed")
    holder = sqlite3.connect(
        connection.settings_dict["NAME"], isolation_level=None, check_same_thread=False
    )
    holder.execute("BEGIN IMMEDIATE")  # another process writing, for a second
    releaser = threading.Timer(1.0, lambda: holder.execute("COMMIT"))
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout = 100")
    attempts = []

    def rename():
        attempts.append(time.monotonic())
        with transaction.atomic():
            source.name = "Survey 2026"
            source.save(update_fields=["name"])

    releaser.start()
    try:
        with pytest.raises(OperationalError, match="database is locked"):
            retry_when_busy(rename, attempts=1)
        retry_when_busy(rename, attempts=6, first_pause=0.2)
    finally:
        releaser.join()
        holder.close()
        connection.close()
    assert len(attempts) > 2
    source.refresh_from_db()
    assert source.name == "Survey 2026"
