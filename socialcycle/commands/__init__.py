"""Subcommands of `socialcycle`; a new one is a module here added to COMMANDS."""

from socialcycle.commands import (
    analyze,
    check_data,
    demo,
    evaluate,
    import_events,
    import_file,
    init,
    migrate,
    reseal_credentials,
    scheduler,
    serve,
    token,
    train,
    worker,
)
from socialcycle.commands.base import Command

COMMANDS: list[Command] = [
    init.COMMAND,
    demo.COMMAND,
    serve.COMMAND,
    worker.COMMAND,
    scheduler.COMMAND,
    migrate.COMMAND,
    import_file.COMMAND,
    import_events.COMMAND,
    analyze.COMMAND,
    check_data.COMMAND,
    reseal_credentials.COMMAND,
    token.COMMAND,
    train.COMMAND,
    evaluate.COMMAND,
]
