"""Turn configuration and connection failures into one sentence a user can act on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import django
from django.core.exceptions import ImproperlyConfigured
from django.db import Error, connection
from django.db.utils import OperationalError


class UserFacingError(Exception):
    """A problem the user can fix; its message is shown as it is, without a traceback."""


def setup_django() -> None:
    """Load settings and apps; a bad environment variable becomes a UserFacingError."""
    try:
        django.setup()
    except ImproperlyConfigured as error:
        raise UserFacingError(str(error)) from None


def check_database() -> None:
    """Connect once now, so an unreachable database is reported before any work starts."""
    from socialcycle.lib.config import redact_url

    try:
        connection.ensure_connection()
    except OperationalError as error:
        settings = connection.settings_dict
        where = settings["NAME"] if connection.vendor == "sqlite" else _describe(settings)
        reason = str(error).strip().splitlines()[0] if str(error).strip() else "no reason given"
        raise UserFacingError(
            f"cannot connect to the database {redact_url(str(where))} "
            f"(check DATABASE_URL): {reason}"
        ) from None


def _describe(settings: dict[str, object]) -> str:
    return (
        f"{settings.get('HOST') or 'localhost'}:{settings.get('PORT') or '5432'}/{settings['NAME']}"
    )


def setup() -> None:
    """Settings, apps and a working database: what every command needs first."""
    setup_django()
    check_database()


@contextmanager
def database_trouble_in_a_sentence(doing: str, then: str = "") -> Iterator[None]:
    """Turn a locked or unreachable database met while `doing` into one sentence.

    `then` says what the user can do next. Any other database error is a bug and keeps
    its traceback.
    """
    from socialcycle.lib.retry import database_problem

    try:
        yield
    except Error as error:
        problem = database_problem(error)
        if problem is None:
            raise
        raise UserFacingError(f"{doing} stopped: {problem}{'; ' + then if then else ''}.") from None
