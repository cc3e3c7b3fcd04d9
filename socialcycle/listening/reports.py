"""The end-of-import report: one summary line, and the problems as sentences or CSV.

Every problem of a run is written, as it is found, to a CSV file of the run's own under
DATA_DIR/import-problems/<workspace>/; the run keeps only the first ones for its page.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from types import TracebackType

from django.conf import settings

from socialcycle.lib.spreadsheet import csv_cell
from socialcycle.listening.importers.base import ImportProblem
from socialcycle.listening.models import ImportRun

PROBLEM_COLUMNS = ["file", "where", "field", "problem"]


def summary(run: ImportRun) -> str:
    verdict = {
        ImportRun.Status.FINISHED: "Imported",
        ImportRun.Status.FAILED: "Could not import",
        ImportRun.Status.INTERRUPTED: "Interrupted while importing",
        ImportRun.Status.RUNNING: "Importing",
        ImportRun.Status.QUEUED: "Waiting to import",
    }[ImportRun.Status(run.status)]
    withheld = f", {run.withheld} withheld (their authors were erased)" if run.withheld else ""
    return (
        f"{verdict} {run.file_name} into {run.source.name}: {run.created} new, "
        f"{run.updated} updated, {run.duplicates} duplicates skipped{withheld}, "
        f"{run.rejected} rejected."
    )


def state(run: ImportRun, now: datetime) -> str:
    """Where the run stands, in a sentence: done, failed with why, or how far it got."""
    rows = f"{run.last_position:,} rows read"
    if run.status == ImportRun.Status.FINISHED:
        return f"Done: {rows}."
    if run.status in (ImportRun.Status.FAILED, ImportRun.Status.INTERRUPTED):
        why = run.failure or "it stopped before finishing"
        return f"Failed: {why}."
    if run.status == ImportRun.Status.QUEUED:
        return "Queued: waiting for a background worker to start it."
    quiet = now - (run.heartbeat_at or run.started_at)
    if quiet.total_seconds() >= settings.IMPORT_STALE_SECONDS:
        minutes = int(quiet.total_seconds() // 60)
        return f"Running, but no progress for {minutes} minutes: its worker may have stopped."
    return f"Running: {rows}."


def resumed(run: ImportRun) -> str:
    """What resuming did, or "" for a run that was never resumed."""
    if not run.resumes or run.resumed_from is None:
        return ""
    times = "once" if run.resumes == 1 else f"{run.resumes} times"
    if not run.resumed_from:
        return f"Resumed {times}, from the first row (no row had been stored)."
    return (
        f"Resumed {times}; the latest resume continued from row {run.resumed_from + 1:,}, "
        f"without importing the {run.resumed_from:,} rows stored before it again."
    )


def sentence(problem: dict[str, str]) -> str:
    """A stored problem row said again as the sentence it was."""
    return str(
        ImportProblem(problem["file"], problem["where"], problem["field"], problem["problem"])
    )


def problems_path(run: ImportRun) -> Path:
    return Path(settings.DATA_DIR) / "import-problems" / str(run.workspace_id) / f"{run.pk}.csv"


class ProblemFile:
    """The run's problems file, written from scratch each time the run's file is read.

    A resumed run reads its file from the start again, so writing every problem found from
    row 1 on keeps each problem in the file exactly once, whenever the last try stopped.
    """

    def __init__(self, run: ImportRun) -> None:
        path = problems_path(run)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Line-buffered, so a download during the import never ends in half a row.
        self._handle = path.open("w", newline="", encoding="utf-8", buffering=1)
        self._writer = csv.DictWriter(self._handle, fieldnames=PROBLEM_COLUMNS)
        self._writer.writeheader()

    def write(self, problems: Iterable[ImportProblem]) -> None:
        self._writer.writerows(_safe(problem.as_row()) for problem in problems)

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> ProblemFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def copy_problems(run: ImportRun, destination: Path) -> None:
    """Write every problem of the run as CSV to `destination` (the `--report` file)."""
    source = problems_path(run)
    if source.is_file():
        shutil.copyfile(source, destination)
    else:
        destination.write_text(problems_csv(run), encoding="utf-8")


def sweep_problem_files(existing_runs: set[int]) -> int:
    """Delete the problems files of runs that are gone (with their source or workspace)."""
    removed = 0
    for path in (Path(settings.DATA_DIR) / "import-problems").glob("*/*.csv"):
        if path.stem.isdigit() and int(path.stem) not in existing_runs:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def problems_csv(run: ImportRun) -> str:
    """The problems the run itself keeps, as CSV: for runs from before problems files."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=PROBLEM_COLUMNS)
    writer.writeheader()
    writer.writerows(_safe(problem) for problem in run.problems)
    return buffer.getvalue()


def _safe(row: dict[str, str]) -> dict[str, str]:
    # A column name or value from the uploaded file must not run as a spreadsheet formula.
    return {key: csv_cell(value) for key, value in row.items()}
