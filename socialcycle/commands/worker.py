"""`socialcycle worker`: a Celery worker taking background tasks from Redis."""

from __future__ import annotations

import argparse
import os
import sys

from socialcycle.commands.base import Command
from socialcycle.commands.errors import UserFacingError, setup


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--concurrency", type=int, default=None, help="processes (default: CPUs)")
    parser.add_argument(
        "--beat",
        action="store_true",
        help="also run the scheduler (exactly one worker in a deployment should)",
    )


def run(args: argparse.Namespace) -> int:
    setup()
    from django.conf import settings

    if not settings.REDIS_URL:
        raise UserFacingError(
            "the worker needs REDIS_URL; without it, background work already runs inside "
            "the web process and no worker is needed."
        )
    worker_args = [sys.executable, "-m", "celery", "-A", "socialcycle", "worker", "-l", "INFO"]
    if args.concurrency:
        worker_args += ["--concurrency", str(args.concurrency)]
    if args.beat:
        worker_args.append("--beat")
    os.execv(sys.executable, worker_args)  # noqa: S606
    return 0


COMMAND = Command(
    name="worker",
    help="Run a background worker (needs REDIS_URL).",
    run=run,
    add_arguments=add_arguments,
)
