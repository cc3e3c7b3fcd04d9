"""`socialcycle analyze`: analyse every post still waiting, with a progress bar."""

from __future__ import annotations

import argparse

from rich.progress import Progress

from socialcycle.commands.base import Command
from socialcycle.commands.errors import setup


def analyse_all_pending(batch_size: int) -> int:
    from socialcycle.understanding import services

    total = services.count_pending()
    done = 0
    with Progress() as progress:
        bar = progress.add_task("Analysing posts", total=total)
        while (finished := services.analyse_pending_posts(batch_size)) > 0:
            done += finished
            progress.update(bar, advance=finished)
    return done


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--batch-size", type=int, default=500)


def run(args: argparse.Namespace) -> int:
    setup()
    done = analyse_all_pending(args.batch_size)
    print(f"Analysed {done} posts.")
    return 0


COMMAND = Command(
    name="analyze",
    help="Analyse all posts that are waiting for analysis.",
    run=run,
    add_arguments=add_arguments,
)
