"""`socialcycle reseal-credentials`: seal every live source's credentials with the newest
key, after a new one was put in front of CREDENTIAL_KEYS (docs/channels.md)."""

from __future__ import annotations

import argparse

from socialcycle.commands.base import Command
from socialcycle.commands.errors import setup


def run(args: argparse.Namespace) -> int:
    setup()
    from socialcycle.listening.connectors.connections import reseal_all

    resealed, unopened = reseal_all()
    print(f"Sealed again with the newest key: {resealed} source(s).")
    if unopened:
        print(
            f"{len(unopened)} source(s) could not be opened with any configured key and need "
            f"their credentials entered again: {', '.join(unopened)}."
        )
        return 1
    print("The older keys may now be removed from CREDENTIAL_KEYS.")
    return 0


COMMAND = Command(
    name="reseal-credentials",
    help="Seal live sources' credentials with the newest of CREDENTIAL_KEYS (after adding one).",
    run=run,
)
