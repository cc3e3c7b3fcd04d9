"""`socialcycle check-data`: find stored posts that break today's rules, and mend them."""

from __future__ import annotations

import argparse

from socialcycle.commands.base import Command
from socialcycle.commands.errors import setup


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--repair", action="store_true", help="mend what is found (each rule says how)"
    )


def run(args: argparse.Namespace) -> int:
    setup()
    from socialcycle.understanding import integrity

    findings = integrity.repair_bad_rows() if args.repair else integrity.find_bad_rows()
    if not findings:
        print("Every stored post keeps today's rules.")
        return 0
    for finding in findings:
        examples = ", ".join(str(i) for i in finding.example_ids)
        done = "repaired: " if args.repair else "repair: "
        print(f"{finding.count:>8}  {finding.rule} (ids {examples}…); {done}{finding.repair}")
    if not args.repair:
        print("Run `socialcycle check-data --repair` to mend them.")
        return 1
    return 0


COMMAND = Command(
    name="check-data",
    help="Find stored posts that break today's rules for values (and mend them with --repair).",
    run=run,
    add_arguments=add_arguments,
)
