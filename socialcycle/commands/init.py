"""`socialcycle init`: set up an organisation's workspace and its first admin.

Asks for what it was not given (unless --no-input), checks everything before writing
anything, and prints a generated password once when none was given.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from socialcycle.commands.base import Command
from socialcycle.commands.errors import UserFacingError, setup
from socialcycle.commands.migrate import apply_migrations

if TYPE_CHECKING:
    from socialcycle.accounts.models import User


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--name", help="the organisation's name")
    parser.add_argument(
        "--slug", help="the workspace's short name in URLs (default: from the name)"
    )
    parser.add_argument("--time-zone", help="IANA time zone of its days, e.g. Europe/Berlin")
    parser.add_argument("--admin-username", help="the first admin's username")
    parser.add_argument("--admin-email", help="the first admin's e-mail address")
    parser.add_argument(
        "--admin-password",
        help="the admin's password (default: a generated one, printed once); "
        "an existing user keeps theirs",
    )
    parser.add_argument("--brand", help="the brand people name, as NAME or NAME=alias1,alias2")
    parser.add_argument(
        "--product",
        action="append",
        default=[],
        metavar="NAME[=ALIASES]",
        help="a product and its aliases, comma-separated; repeat for several",
    )
    parser.add_argument(
        "--competitor",
        action="append",
        default=[],
        metavar="NAME[=ALIASES]",
        help="a competitor and its aliases; repeat for several",
    )
    parser.add_argument(
        "--no-input", action="store_true", help="ask nothing; fail on what is missing"
    )


Ask = Callable[[str, str], str]


def run(args: argparse.Namespace) -> int:
    setup()
    apply_migrations(verbosity=0)
    from django.db import transaction
    from django.utils.text import slugify

    from socialcycle.accounts import workspaces
    from socialcycle.accounts.models import User

    ask = _never_ask if args.no_input else _ask_on_terminal
    try:
        name = workspaces.check_name(args.name or ask("Organisation name", ""))
        slug = workspaces.check_slug(args.slug or ask("Slug (in URLs)", slugify(name)[:60]))
        zone = workspaces.check_time_zone(args.time_zone or ask("Time zone", "UTC"))
        username = (args.admin_username or ask("Admin username", "admin")).strip()
        existing = User.objects.filter(username=username).first()
        password, generated = "", False
        if existing is None:
            email = args.admin_email or ("" if args.no_input else ask("Admin e-mail", ""))
            password = args.admin_password or ("" if args.no_input else _ask_password())
            if not password:
                password, generated = workspaces.generate_password(), True
            workspaces.check_admin(username, email, password)
        brand = args.brand if args.brand is not None else ask("Brand (NAME=alias,alias)", name)
        products = args.product or _ask_list(ask, "Product")
        competitors = args.competitor or _ask_list(ask, "Competitor")
        organisation = workspaces.Organisation(
            name=name,
            slug=slug,
            time_zone=zone,
            brand=brand,
            products=tuple(workspaces.NameSpec.parse(text) for text in products),
            competitors=tuple(workspaces.NameSpec.parse(text) for text in competitors),
        )
        with transaction.atomic():
            admin = existing or _create_admin(username, email, password)
            workspace = workspaces.create_organisation(organisation, admin)
    except workspaces.SetupError as error:
        raise UserFacingError(f"{error}") from None
    print(f"Created the workspace {workspace.name} ({workspace.slug}), time zone {zone}.")
    if existing is not None:
        print(f"{admin.username} (an existing user) is its admin and keeps their password.")
    elif generated:
        print(f"Its admin is {admin.username}; keep this password, it is not shown again:")
        print(password)
    else:
        print(f"Its admin is {admin.username}.")
    print(f"Next: socialcycle import FILE --workspace {workspace.slug} --source NAME")
    return 0


def _create_admin(username: str, email: str, password: str) -> User:
    from socialcycle.accounts.models import User
    from socialcycle.accounts.services import create_staff_user

    # The first user of an installation runs it, and may use the Django admin too.
    first = not User.objects.exists()
    return create_staff_user(
        username=username, password=password, email=email.strip(), is_superuser=first
    )


def _never_ask(question: str, default: str) -> str:
    if default:
        return default
    from socialcycle.accounts.workspaces import SetupError

    raise SetupError(f"{question.lower()} is missing; give it as a flag (see --help).")


def _ask_on_terminal(question: str, default: str) -> str:
    shown = f"{question} [{default}]: " if default else f"{question}: "
    try:
        answer = input(shown).strip()
    except EOFError:
        answer = ""
    return answer or default


def _ask_password() -> str:
    if not sys.stdin.isatty():
        return _ask_on_terminal("Admin password (empty: generate one)", "")
    return getpass.getpass("Admin password (empty: generate one): ")


def _ask_list(ask: Ask, what: str) -> list[str]:
    """One NAME=aliases a line, until an empty answer (nothing when not asking)."""
    if ask is _never_ask:
        return []
    found = []
    while answer := ask(f"{what} (NAME=alias,alias; empty to finish)", ""):
        found.append(answer)
    return found


COMMAND = Command(
    name="init",
    help="Set up your organisation's workspace and its first admin.",
    run=run,
    add_arguments=add_arguments,
)
