"""The end-of-import report: one summary line, and the problems as sentences or CSV."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from django.conf import settings

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


def problems_csv(run: ImportRun) -> str:
    """Every kept problem as CSV, for the report download."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=PROBLEM_COLUMNS)
    writer.writeheader()
    writer.writerows(run.problems)
    return buffer.getvalue()
