"""The end-of-import report: one summary line, and the problems as sentences or CSV."""

from __future__ import annotations

import csv
import io

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
