"""`socialcycle migrate`: create or upgrade the database tables."""

from __future__ import annotations

import argparse

from socialcycle.commands.base import Command
from socialcycle.commands.errors import setup


def apply_migrations(verbosity: int = 1) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def run(args: argparse.Namespace) -> int:
    setup()
    apply_migrations(verbosity=1)
    return 0


COMMAND = Command(name="migrate", help="Create or upgrade the database tables.", run=run)
