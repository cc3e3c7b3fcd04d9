"""`socialcycle import-events PATH`: commerce/CRM events (trial, purchase, advocacy).

Exit status: 0 when every row was recorded (or had been before), 1 when some rows were
rejected (each is named with its file, row and field), 2 when nothing could be read.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from socialcycle.commands.base import Command
from socialcycle.commands.errors import UserFacingError, setup

if TYPE_CHECKING:
    from socialcycle.accounts.models import Workspace

SHOWN_PROBLEMS = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="CSV, JSON or JSON Lines file of events")
    parser.add_argument("--workspace", help="workspace slug (needed when there are several)")
    parser.add_argument("--format", choices=("csv", "json", "jsonl"), help="default: detected")


def run(args: argparse.Namespace) -> int:
    setup()
    from socialcycle.listening import commerce

    if not args.path.is_file():
        raise UserFacingError(f"{args.path} is not a file.")
    workspace = _workspace(args.workspace)
    console = Console(stderr=True)
    try:
        with Progress(
            TextColumn("Importing {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("rows"),
            console=console,
        ) as progress:
            bar = progress.add_task(args.path.name, total=commerce.count_rows(args.path))
            result = commerce.import_events(
                workspace,
                args.path,
                format=args.format,
                progress=lambda done: progress.update(bar, completed=done),
            )
    except commerce.EventIntakeError as error:
        raise UserFacingError(str(error)) from None
    print(
        f"{args.path.name}: {result.count('created')} events recorded, "
        f"{result.count('existing')} recorded before, {result.count('duplicate')} repeated "
        f"in the file, {result.rejected} rejected; {result.participants_created} new people."
    )
    for problem in result.problems[:SHOWN_PROBLEMS]:
        print(f"  {problem}")
    if result.rejected > SHOWN_PROBLEMS:
        print(f"  … and {result.rejected - SHOWN_PROBLEMS} more")
    return 1 if result.rejected else 0


def _workspace(slug: str | None) -> Workspace:
    from socialcycle.accounts.models import Workspace

    workspaces = Workspace.objects.all()
    if slug:
        workspaces = workspaces.filter(slug=slug)
    found = list(workspaces[:2])
    if not found:
        raise UserFacingError(
            f"there is no workspace {slug!r}."
            if slug
            else "there is no workspace yet; run `socialcycle init` (or `socialcycle demo`)."
        )
    if len(found) > 1:
        raise UserFacingError("there are several workspaces; say which with --workspace SLUG.")
    return found[0]


COMMAND = Command(
    name="import-events",
    help="Import commerce/CRM events (trial, purchase, advocacy) from CSV or JSON Lines.",
    run=run,
    add_arguments=add_arguments,
)
