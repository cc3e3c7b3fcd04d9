"""The `socialcycle` command. Each subcommand lives in socialcycle/commands/<name>.py.

Problems a user can fix (bad configuration, an unreachable database) end with one
sentence on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from socialcycle.commands import COMMANDS
from socialcycle.commands.errors import UserFacingError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="socialcycle", description="Run an organisation's Social Feedback Cycle."
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        sub = subparsers.add_parser(command.name, help=command.help, description=command.help)
        command.add_arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialcycle.settings")
    try:
        exit_code: int = args.run(args)
    except UserFacingError as error:
        print(f"socialcycle: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
