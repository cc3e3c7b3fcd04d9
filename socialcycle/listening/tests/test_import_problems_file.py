"""Every problem of an import is in the run's problems file, once, however the run went."""

import csv
import json
from datetime import UTC, datetime

import pytest
from django.utils import timezone

from socialcycle.lib.spreadsheet import FORMULA_START
from socialcycle.listening.imports import sweep_abandoned_uploads
from socialcycle.listening.models import ImportRun, Post
from socialcycle.listening.reports import problems_path
from socialcycle.listening.tests.import_helpers import HEADER, run_import, write
from socialcycle.testing.factories import make_source


def problem_rows(run):
    with problems_path(run).open(encoding="utf-8", newline="") as handle:
        return [(row["where"], row["field"]) for row in csv.DictReader(handle)]


def test_more_than_a_thousand_problems_are_all_in_the_file(cast, tmp_path):
    source = make_source(cast.workspace)
    lines = [f"{n},post {n},{'2026-05-01' if n % 10 == 0 else 'never'},kim\n" for n in range(2500)]
    run = run_import(source, write(tmp_path, "many.csv", HEADER + "".join(lines)))
    assert (run.created, run.rejected, len(run.problems)) == (250, 2250, 1000)
    kept = problem_rows(run)
    assert len(kept) == 2250
    assert len(set(kept)) == 2250
    assert kept[-1] == ("row 2501", "created_at")


def test_a_resumed_import_has_each_problem_once(cast, tmp_path):
    source = make_source(cast.workspace)
    lines = [f"{n},post {n},{'someday' if n % 3 == 0 else '2026-05-01'},kim\n" for n in range(12)]
    path = write(tmp_path, "resume.csv", HEADER + "".join(lines))

    def interrupt(run):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_import(source, path, batch_size=3, progress=interrupt)
    resumed = run_import(source, path, batch_size=3)
    assert (resumed.status, resumed.created, resumed.rejected) == ("finished", 8, 4)
    assert problem_rows(resumed) == [(f"row {n + 2}", "created_at") for n in (0, 3, 6, 9)]


def test_a_refused_file_has_its_reason_in_the_file(cast, tmp_path):
    run = run_import(make_source(cast.workspace), write(tmp_path, "nodate.csv", "id,text\n1,a\n"))
    assert run.status == "failed"
    assert problem_rows(run) == [("row 1", "created_at")]


def test_problems_files_of_deleted_runs_are_swept(cast, tmp_path):
    source = make_source(cast.workspace)
    kept = run_import(source, write(tmp_path, "a.csv", HEADER + "1,a,never,kim\n"))
    gone = run_import(source, write(tmp_path, "b.csv", HEADER + "2,b,never,kim\n"))
    gone_path = problems_path(gone)
    gone.delete()
    sweep_abandoned_uploads(timezone.now())
    assert problems_path(kept).is_file()
    assert not gone_path.exists()


def test_dates_are_detected_in_json_and_the_run_keeps_the_format(cast, tmp_path):
    items = [{"id": n, "text": f"post {n}", "created_at": 1424777700000 + n} for n in range(3)]
    path = write(tmp_path, "posts.json", json.dumps(items))
    run = run_import(make_source(cast.workspace), path)
    assert (run.created, run.mapping["date_format"]) == (3, "unix-ms")
    first = Post.objects.get(source=run.source, external_id="0")
    assert first.created_at == datetime(2015, 2, 24, 11, 35, tzinfo=UTC)
    assert ImportRun.objects.get(pk=run.pk).rejected == 0


def test_a_file_name_or_value_that_is_a_formula_is_written_as_text(cast, tmp_path):
    source = make_source(cast.workspace)
    name = "=HYPERLINK(1)+@cmd.csv"
    run = run_import(source, write(tmp_path, name, HEADER + "1,hi,-2+3,kim\n"))

    with problems_path(run).open(encoding="utf-8", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["file"] == "'" + name
    assert not any(value.startswith(FORMULA_START) for value in row.values())
