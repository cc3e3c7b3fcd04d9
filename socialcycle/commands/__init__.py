"""Subcommands of `socialcycle`; a new one is a module here added to COMMANDS.

Later issues add `train` and `evaluate` the same way.
"""

from socialcycle.commands import (
    analyze,
    demo,
    import_file,
    migrate,
    scheduler,
    serve,
    token,
    worker,
)
from socialcycle.commands.base import Command

COMMANDS: list[Command] = [
    demo.COMMAND,
    serve.COMMAND,
    worker.COMMAND,
    scheduler.COMMAND,
    migrate.COMMAND,
    import_file.COMMAND,
    analyze.COMMAND,
    token.COMMAND,
]
