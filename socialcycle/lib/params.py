"""Numbers from a query string or form, parsed and never trusted.

`str.isdigit()` says yes to "²" and "٣", which `int()` then refuses or reads as a
number nobody typed; an id too large for a 64-bit column makes the database raise.
These read ASCII digits within range only, and answer a value that matches nothing
otherwise, so a hostile parameter gets an empty page or a 404, never a 500.
"""

from __future__ import annotations

MAX_ID = 2**63 - 1  # the largest value of a 64-bit primary key
MAX_PAGE = 1_000_000


def id_from(value: str | None) -> int:
    """A row id written in ASCII digits, or 0, which no row has."""
    text = (value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return 0
    number = int(text)
    return number if number <= MAX_ID else 0


def page_from(value: str | None) -> int:
    """A page number from 1 to MAX_PAGE; 1 when the value is not one."""
    number = id_from(value)
    return number if 1 <= number <= MAX_PAGE else 1
