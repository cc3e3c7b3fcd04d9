"""`socialcycle import PATH --source NAME`: import a file, with a progress bar and a report.

Exit status: 0 when every row was imported, 1 when some rows were rejected (the report
says which and why), 2 when nothing could be imported (bad file, unknown source, …) or
the database was locked or unreachable (one sentence; running the command again resumes
after the last stored row).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from socialcycle.commands.base import Command
from socialcycle.commands.errors import UserFacingError, database_trouble_in_a_sentence, setup

SHOWN_PROBLEMS = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="the file to import")
    parser.add_argument("--source", required=True, help="source name (created if new)")
    parser.add_argument("--workspace", help="workspace slug (needed when there are several)")
    parser.add_argument("--format", help="csv, json or jsonl (default: detected)")
    parser.add_argument("--mapping", help="a ready column mapping, e.g. tweets, app-store")
    parser.add_argument("--channel", default="social", help="channel of a new source")
    parser.add_argument(
        "--date-format",
        help="how dates are written, kept for the source: auto (detect), iso, day-first, "
        "month-first, year-first, month-name, unix, unix-ms, excel-serial, or a strftime "
        "pattern such as '%%d-%%m-%%Y %%H:%%M' (default: the source's, else detected)",
    )
    parser.add_argument("--report", type=Path, help="also write every problem to this CSV file")


RESUME_HINT = "run the same command again in a minute: it continues after the last stored row"


def run(args: argparse.Namespace) -> int:
    setup()
    if not args.path.is_file():
        raise UserFacingError(f"{args.path} is not a file.")
    with database_trouble_in_a_sentence(f"the import of {args.path.name}", RESUME_HINT):
        return import_and_report(args)


def import_and_report(args: argparse.Namespace) -> int:
    from socialcycle.listening import imports, reports

    try:
        source = imports.find_or_create_source(args.workspace, args.source, args.channel)
        mapping = imports.named_mapping(args.mapping) if args.mapping else None
        format_name = imports.checked_format(args.format) if args.format else None
        if args.date_format:
            imports.remember_date_format(source, imports.checked_date_format(args.date_format))
    except ValueError as error:
        raise UserFacingError(str(error)) from None
    dates_read = imports.how_dates_are_read(
        source, args.path, format=format_name, mapping=mapping, date_format=args.date_format or ""
    )
    if dates_read:
        print(dates_read)
    console = Console(stderr=True)
    with Progress(
        TextColumn("Importing {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("rows"),
        console=console,
    ) as progress:
        bar = progress.add_task(args.path.name, total=imports.count_records(args.path))
        run_ = imports.import_file(
            source,
            args.path,
            format=format_name,
            mapping=mapping,
            date_format=args.date_format or "",
            progress=lambda current: progress.update(bar, completed=current.last_position),
        )
    if run_.resumes:
        print(reports.resumed(run_))
    print(reports.summary(run_))
    if run_.failure:
        print(f"  {run_.failure}")
    for problem in run_.problems[:SHOWN_PROBLEMS]:
        print(f"  {reports.sentence(problem)}")
    if run_.rejected > SHOWN_PROBLEMS:
        print(f"  … and {run_.rejected - SHOWN_PROBLEMS} more (use --report FILE for all)")
    if args.report:
        reports.copy_problems(run_, args.report)
    if run_.status == "failed":
        return 2
    return 1 if run_.rejected else 0


COMMAND = Command(
    name="import",
    help="Import a CSV, JSON or JSON Lines file into a source.",
    run=run,
    add_arguments=add_arguments,
)
