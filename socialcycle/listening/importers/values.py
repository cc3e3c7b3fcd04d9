"""The bounds every incoming post's values keep, the same on SQLite and PostgreSQL.

Whatever a file, a feed or the intake API carries, a value that passes here is stored the
same way by both databases and read back by every page and export: text without NUL
characters or unpaired surrogates (PostgreSQL refuses both; an export cannot write them),
whole numbers that fit a 32-bit column, dates between the Unix epoch and tomorrow.

Text is repaired, an identifier is refused: a NUL or an unpaired surrogate in a post's
words is dropped or replaced by U+FFFD and the post is kept, but an id changed by repair
would no longer match the system it came from, so the item is rejected.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta
from typing import Any

# PostgreSQL's `integer`, which Django's PositiveIntegerField becomes.
MAX_COUNT = 2**31 - 1
EARLIEST_DATE = datetime(1970, 1, 1, tzinfo=UTC)
# Clocks and time zones put a fresh post a few hours ahead; a day is generous.
FUTURE_SLACK = timedelta(days=1)
# Nested JSON kept with a post (Post.raw) below this depth; deeper parts become a note.
MAX_RAW_DEPTH = 20

# Control characters a post never needs (tabs, line ends and NUL apart: NUL is added where
# it is looked for, since PostgreSQL takes it in neither a value nor a pattern).
CONTROL_CHARACTERS = "\x01-\x08\x0b\x0c\x0e-\x1f\x7f"
_NUL_AND_CONTROLS = re.compile(f"[\x00{CONTROL_CHARACTERS}]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def repair_text(text: str) -> str:
    """`text` without NUL and other control characters (tabs and line ends stay), each
    unpaired surrogate replaced by U+FFFD."""
    return _SURROGATE.sub(REPLACEMENT, _NUL_AND_CONTROLS.sub("", text))


def plain_identifier(text: str) -> str:
    """`text` unchanged, or ValueError when repair would change it."""
    if "\x00" in text:
        raise ValueError("contains a NUL character; an id must be plain text")
    if _SURROGATE.search(text):
        raise ValueError("contains an unpaired surrogate (broken UTF-16); an id must be plain text")
    return text


def bounded_count(number: float) -> int:
    """A whole number from 0 to MAX_COUNT, or ValueError saying which bound it breaks."""
    if math.isnan(number):
        raise ValueError("is not a number")
    if number < 0:
        raise ValueError(f"is negative ({_shown(number)})")
    if number > MAX_COUNT:
        raise ValueError(f"is {_shown(number)}; the largest count accepted is {MAX_COUNT:,}")
    return round(number)


def dated_within_bounds(value: datetime, now: datetime | None = None) -> datetime:
    """`value`, or ValueError when it is before 1970 or more than a day in the future."""
    now = now or datetime.now(UTC)
    if value < EARLIEST_DATE:
        raise ValueError(
            f"{value.isoformat()} is before {EARLIEST_DATE.date().isoformat()}, the earliest "
            "date a post may have (is the column a date of birth, or a day-first date read "
            "month-first?)"
        )
    if value > now + FUTURE_SLACK:
        latest = (now + FUTURE_SLACK).isoformat(timespec="seconds")
        raise ValueError(
            f"{value.isoformat()} is in the future; the latest date a post may have is "
            f"{latest} (a day after now)"
        )
    return value


def storable_json(value: Any, depth: int = 0) -> Any:
    """`value` as Post.raw keeps it: strings repaired and cut to 2,000 characters, numbers
    JSON can write, nesting below MAX_RAW_DEPTH."""
    if depth >= MAX_RAW_DEPTH:
        return f"(nested deeper than {MAX_RAW_DEPTH} levels: not kept)"
    if isinstance(value, str):
        return repair_text(value[:2000])
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {repair_text(str(k)): storable_json(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [storable_json(item, depth + 1) for item in value]
    return value


def _shown(number: float) -> str:
    if math.isinf(number):
        return "beyond any number a count can hold"
    return f"{number:,.0f}" if abs(number) < 1e15 else f"{number:.3g}"
