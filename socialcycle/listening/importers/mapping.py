"""From a record's columns to an IncomingPost: which column is which, and parsing values."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from typing import Any

from socialcycle.listening.importers.base import ImportProblem, RawRecord
from socialcycle.listening.importers.dates import AUTO, Detection, detect_date_format, read_date
from socialcycle.listening.importers.values import (
    bounded_count,
    dated_within_bounds,
    plain_identifier,
    repair_text,
    storable_json,
)
from socialcycle.listening.incoming import IncomingPost

MAX_TEXT_CHARS = 50_000
TARGETS = (
    "external_id",
    "text",
    "created_at",
    "title",
    "author_handle",
    "author_name",
    "author_email",
    "author_audience",
    "url",
    "rating",
    "likes",
    "shares",
    "parent_external_id",
)
REQUIRED = ("external_id", "text", "created_at")
NUMBER_TARGETS = ("author_audience", "likes", "shares")
IDENTIFIERS = ("external_id", "parent_external_id")
# The columns' own lengths (listening/models.py), checked before the database sees them.
LENGTH_LIMITS = {
    "external_id": 255,
    "parent_external_id": 255,
    "author_handle": 200,
    "author_name": 200,
    "author_email": 254,
    "title": 500,
    "url": 1000,
}

SEPARATORS = re.compile(r"[\s_\-]+")


@lru_cache(maxsize=4096)
def _key(name: str) -> str:
    # Cached: every record of a file repeats the same few column names.
    return SEPARATORS.sub("", name.lower())


@dataclass(frozen=True)
class ColumnMapping:
    """For each post field, the columns that may hold it (first present wins).

    Names match ignoring case, spaces, `_` and `-`; a dotted name reaches into nested JSON
    (`user.screen_name`). `date_format` names the dates' format or is a strftime pattern
    (listening/importers/dates.py); "" means detect it from the file's first dates.
    `zone` is where dates written without a time zone were written (the workspace's; not
    saved with the mapping, so a changed workspace zone applies to the next import).
    """

    columns: dict[str, tuple[str, ...]]
    date_format: str = ""
    zone: tzinfo = UTC

    def to_config(self) -> dict[str, Any]:
        return {
            "columns": {target: list(names) for target, names in self.columns.items()},
            "date_format": self.date_format,
        }

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> ColumnMapping:
        columns = {target: tuple(names) for target, names in config.get("columns", {}).items()}
        return cls(columns=columns, date_format=config.get("date_format", ""))

    def missing_required(self, available: list[str]) -> list[str]:
        """Required fields none of whose columns is in `available` (for flat files)."""
        keys = {_key(name) for name in available}
        return [
            target
            for target in REQUIRED
            if not any(_key(name.split(".")[0]) in keys for name in self.columns.get(target, ()))
        ]


def lookup(fields: dict[str, Any], name: str) -> Any:
    """The value of column `name` in `fields`, matching loosely; None when absent."""
    current: Any = fields
    for part in name.split("."):
        if not isinstance(current, dict):
            return None
        if part in current:
            current = current[part]
            continue
        actual = _loose_index(tuple(current)).get(_key(part))
        current = None if actual is None else current[actual]
    return current


@lru_cache(maxsize=256)
def _loose_index(keys: tuple[str, ...]) -> dict[str, str]:
    # Rows of one file share their keys, so the loose-name index is built once per file.
    index: dict[str, str] = {}
    for key in keys:
        index.setdefault(_key(key), key)
    return index


def map_record(
    record: RawRecord, mapping: ColumnMapping, file: str
) -> IncomingPost | ImportProblem:
    """Build the post a record describes, or say what is wrong with it (the first problem)."""
    values: dict[str, Any] = {}
    for target in TARGETS:
        raw = _first_present(record.fields, mapping.columns.get(target, ()))
        if raw is None:
            if target in REQUIRED:
                looked = ", ".join(mapping.columns.get(target, ())) or "no column mapped"
                return ImportProblem(
                    file, record.where, target, f"is missing (looked for {looked})"
                )
            continue
        try:
            values[target] = _parse(target, raw, mapping)
        except ValueError as error:
            return ImportProblem(file, record.where, target, str(error))
    return IncomingPost(raw=_jsonable(record.fields), **values)


def date_values(records: list[RawRecord], mapping: ColumnMapping) -> list[Any]:
    """The date of each record as written, for detecting the format; None where absent."""
    names = mapping.columns.get("created_at", ())
    return [_first_present(record.fields, names) for record in records]


def needs_detection(mapping: ColumnMapping, saved: str) -> bool:
    """Whether the dates' format must be detected: asked for, or neither mapping nor source
    names one."""
    own = mapping.date_format
    return own == AUTO or not (own or saved not in ("", AUTO))


def settle_date_format(
    mapping: ColumnMapping, records: list[RawRecord], saved: str = ""
) -> tuple[ColumnMapping, Detection | None]:
    """The mapping with the format its dates are read in, and the detection when one ran.

    The mapping's own format wins, else `saved` (the source's), else the one detected from
    `records` (`auto` in the mapping asks for detection whatever is saved); when none is
    detected the format stays "" and each date is tried against the formats that cannot
    misread it.
    """
    if not needs_detection(mapping, saved):
        return replace(mapping, date_format=mapping.date_format or saved), None
    detection = detect_date_format(date_values(records, mapping))
    return replace(mapping, date_format=detection.name), detection


def _first_present(fields: dict[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = lookup(fields, name)
        if value is not None and str(value).strip() != "":
            return value
    return None


def _parse(target: str, raw: Any, mapping: ColumnMapping) -> Any:
    if target == "created_at":
        return dated_within_bounds(parse_datetime(raw, mapping.date_format, mapping.zone))
    if target == "rating":
        return parse_rating(raw)
    if target in NUMBER_TARGETS:
        return parse_count(raw)
    text = str(raw).strip()
    text = plain_identifier(text) if target in IDENTIFIERS else repair_text(text)
    if target == "text" and len(text) > MAX_TEXT_CHARS:
        raise ValueError(
            f"is {len(text):,} characters long; the limit is {MAX_TEXT_CHARS:,} "
            "(is a whole document in one cell?)"
        )
    if target in LENGTH_LIMITS and len(text) > LENGTH_LIMITS[target]:
        raise ValueError(f"is {len(text):,} characters long; the limit is {LENGTH_LIMITS[target]}")
    return text


def parse_datetime(raw: Any, date_format: str = "", zone: tzinfo = UTC) -> datetime:
    """A timezone-aware datetime; values without a time zone are local times in `zone`."""
    return read_date(raw, date_format, zone)


def parse_rating(raw: Any) -> int:
    """Stars from 1 to 5; "4", "4.0", "4/5" and "★★★★" all read as 4."""
    text = str(raw).strip()
    if text and set(text) <= {"★", "☆"}:
        stars = text.count("★")
    else:
        match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(?:/\s*5)?", text)
        if match is None:
            raise ValueError(f"{text[:20]!r} is not a star rating from 1 to 5")
        stars = round(float(match.group(1)))
    if not 1 <= stars <= 5:
        raise ValueError(f"{text[:20]!r} is outside the 1 to 5 star range")
    return stars


def parse_count(raw: Any) -> int:
    """A whole number from 0 to 2^31 - 1; "1,234" and "1.2k" are understood."""
    text = str(raw).strip().lower().replace(",", "").replace("_", "")
    multiplier = 1
    if text.endswith(("k", "m")):
        multiplier = 1000 if text.endswith("k") else 1_000_000
        text = text[:-1]
    try:
        number = float(text) * multiplier
    except (ValueError, OverflowError):
        raise ValueError(f"{str(raw)[:20]!r} is not a number") from None
    return bounded_count(number)


def _jsonable(fields: dict[str, Any]) -> dict[str, Any]:
    """The record as stored in Post.raw: long cells cut so one row cannot bloat the table,
    text repaired and nesting bounded so both databases store it."""
    kept: dict[str, Any] = storable_json(fields)
    return kept
