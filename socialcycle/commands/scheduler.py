"""`socialcycle scheduler`: periodic tasks for the embedded default (no Redis, no beat)."""

from __future__ import annotations

import argparse
import os

from socialcycle.commands.base import Command
from socialcycle.commands.errors import UserFacingError, setup


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--parent",
        type=int,
        default=None,
        help="stop when the process with this id (the server that started it) is gone",
    )


def run(args: argparse.Namespace) -> int:
    setup()
    from django.conf import settings

    from socialcycle.lib.schedule import run_forever

    if settings.REDIS_URL:
        raise UserFacingError(
            "with REDIS_URL set, periodic tasks run in `socialcycle worker --beat`; "
            "this scheduler is for the embedded default only."
        )
    parent = args.parent
    if parent is None:  # started by hand; under `serve` its lines say enough (and the demo's
        # logins stay the last lines printed)
        print("socialcycle scheduler: running periodic tasks in-process", flush=True)
    run_forever(settings.CELERY_BEAT_SCHEDULE, lambda: parent is None or os.getppid() == parent)
    return 0


COMMAND = Command(
    name="scheduler",
    help="Run periodic tasks in-process (the embedded default; `serve` starts it).",
    run=run,
    add_arguments=add_arguments,
)
