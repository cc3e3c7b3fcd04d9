"""Dates as people write them: named formats, reading a value under one, detecting a file's.

A format is named (`iso`, `day-first`, `month-first`, `year-first`, `month-name`, `unix`,
`unix-ms`, `excel-serial`) or is a strftime pattern such as `%d-%m-%Y %H:%M`. Detection
reads the first values of a file under every named format and keeps the one that reads the
most; when day-first and month-first read them all (no day over 12), it says so and picks
day-first. Month names are read in the languages of `calendar_words.py`.
A value without a time zone is a local time of the zone the reader names (the
workspace's, for an import), UTC when it names none; Unix times are UTC by definition.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from socialcycle.listening.importers.calendar_words import (
    FILLERS,
    LANGUAGES,
    MONTHS,
    WEEKDAYS,
    fold,
)

# Values a file's date format is detected from (its first rows with a date).
DETECTION_SAMPLE = 100
# When every sampled date could be either, numeric dates are read day-first: the order of
# most of the world, and of the export that made us write this.
AMBIGUOUS_DEFAULT = "day-first"
CUSTOM_EXAMPLE = "%d-%m-%Y %H:%M"

_TIME = (
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,6}))?)?"
    r"(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?))?"
    r"(?:\s*(?P<zone>Z|(?:UTC|GMT)?\s*[+-]\d{2}:?\d{2}|UTC|GMT))?"
)
_NUMERIC = re.compile(
    r"(?P<first>\d{1,4})(?P<sep>[-/.])(?P<second_>\d{1,2})(?P=sep)(?P<third>\d{1,4})"
    rf"(?:(?:[T\s]+|,\s*){_TIME})?"
)
_TIME_ANYWHERE = re.compile(rf"(?<![\d:]){_TIME}(?![\d:])")
# Nine digits at least: a post from before 1973 is more likely a number that is no date.
_UNIX = re.compile(r"\d{9,}(?:\.\d+)?")
# A word, a number, or one sign that is neither (dots, commas, dashes and slashes only
# separate the parts, so "févr." and "3." read as "févr" and "3").
_TOKEN = re.compile(r"[^\W\d_]+|\d+|[^\s\w,.\-/]|_")
# Excel's serial dates: whole days since its day 0, 30 December 1899, and the fraction of
# a day for the time (noon on 24 Feb 2015 is 42059.5).
_EXCEL = re.compile(r"\d{5}(?:[.,]\d+)?")
EXCEL_DAY_ZERO = datetime(1899, 12, 30, tzinfo=UTC)
# 20000 is 3 Oct 1954 and 80000 is 11 Jan 2119: numbers outside are more likely counts or
# codes than the dates of posts; Unix times have nine digits or more.
EXCEL_SERIALS = (20000, 80000)
# The zone of values written without one, while `read_date` reads them (its `zone`).
_LOCAL_ZONE: ContextVar[tzinfo] = ContextVar("local_zone", default=UTC)
# Unix seconds stay under this until the year 5138; milliseconds pass it from 1973.
MILLISECONDS_FROM = 1e11


@dataclass(frozen=True)
class DateFormat:
    """One way of writing dates: a name to choose it by, a label and an example to show."""

    name: str
    label: str
    example: str
    read: Callable[[Any], datetime]

    @property
    def is_custom(self) -> bool:
        return "%" in self.name

    def describe(self) -> str:
        if self.is_custom:
            return f"the pattern {self.name}, such as {self.example}"
        return f"{self.name} ({self.label}), such as {self.example}"


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=_LOCAL_ZONE.get())


@contextmanager
def _local_times_in(zone: tzinfo) -> Iterator[None]:
    token = _LOCAL_ZONE.set(zone)
    try:
        yield
    finally:
        _LOCAL_ZONE.reset(token)


def _zone(text: str | None) -> tzinfo:
    if not text:
        return _LOCAL_ZONE.get()
    if text.upper() in ("Z", "UTC", "GMT"):
        return UTC
    digits = re.sub(r"[^\d+-]", "", text)
    sign = -1 if digits[0] == "-" else 1
    hours, minutes = int(digits[1:3]), int(digits[3:5])
    if hours > 14 or minutes > 59:
        raise ValueError(f"{text!r} is not a time zone offset")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _at(year: int, month: int, day: int, time: re.Match[str] | None) -> datetime:
    """The moment a date and an optional time match name; ValueError if it does not exist."""
    if time is None or time.group("hour") is None:
        return datetime(year, month, day, tzinfo=_LOCAL_ZONE.get())
    hour = int(time.group("hour"))
    if time.group("ampm"):
        if not 1 <= hour <= 12:
            raise ValueError(f"hour {hour} does not go with AM/PM")
        hour = hour % 12 + (12 if time.group("ampm").lower().startswith("p") else 0)
    fraction = (time.group("fraction") or "").ljust(6, "0")
    return datetime(
        year,
        month,
        day,
        hour,
        int(time.group("minute")),
        int(time.group("second") or 0),
        int(fraction or 0),
        tzinfo=_zone(time.group("zone")),
    )


def _year(text: str) -> int:
    # Two-digit years as strptime's %y reads them: 69-99 are 1900s, 00-68 are 2000s.
    if len(text) == 2:
        short = int(text)
        return short + (1900 if short >= 69 else 2000)
    if len(text) != 4:
        raise ValueError(f"{text!r} is not a year")
    return int(text)


def _numeric_reader(order: str) -> Callable[[Any], datetime]:
    """A reader of dates written with numbers only, in `order` ("dmy", "mdy" or "ymd")."""

    def read(raw: Any) -> datetime:
        match = _NUMERIC.fullmatch(str(raw).strip())
        if match is None:
            raise ValueError("not a date of numbers")
        parts = dict(zip(order, (match["first"], match["second_"], match["third"]), strict=True))
        if len(parts["d"]) > 2 or len(parts["m"]) > 2 or (order == "ymd" and len(parts["y"]) != 4):
            raise ValueError("not in this order")
        return _at(_year(parts["y"]), int(parts["m"]), int(parts["d"]), match)

    return read


def _read_iso(raw: Any) -> datetime:
    return _aware(datetime.fromisoformat(str(raw).strip().replace("z", "Z")))


def _read_month_name(raw: Any) -> datetime:
    """ "24 Feb 2015", "Feb 24, 2015 3:15 PM", "Tue Feb 24 11:35:00 +0000 2015",
    "24 févr. 2015", "3. März 2021", "12 de enero de 2020" and the like."""
    text = str(raw).strip()
    time = None
    for found in _TIME_ANYWHERE.finditer(text):
        if time is not None:
            raise ValueError("has two times")
        time = found
    rest = text if time is None else text[: time.start()] + " " + text[time.end() :]
    month_words: list[str] = []
    day = year = None
    for token in _TOKEN.findall(rest):
        word = fold(token)
        if word in MONTHS:
            month_words.append(word)
        elif token.isdigit() and len(token) <= 2 and day is None:
            day = int(token)
        elif token.isdigit() and len(token) == 4 and year is None:
            year = int(token)
        elif word not in WEEKDAYS and word not in FILLERS:
            raise ValueError(f"{token!r} is not part of a date")
    if day is None or year is None:
        raise ValueError("needs a month name, a day and a four-digit year")
    return _at(year, _month_named(month_words), day, time)


def _month_named(words: list[str]) -> int:
    """The month of the month names in a value: one name, or two where one of them is a
    weekday ("mar." is Tuesday in French, Spanish and Italian, March in most languages)."""
    if len(words) == 2 and words[0] in WEEKDAYS:
        words = words[1:]
    elif len(words) == 2 and words[1] in WEEKDAYS:
        words = words[:1]
    if len(words) != 1:
        raise ValueError("needs one month name")
    return MONTHS[words[0]]


def _read_excel_serial(raw: Any) -> datetime:
    """ "42059.5", "42059,5" or 42059: Excel's days since 30 Dec 1899, as a local time."""
    text = str(raw).strip()
    if isinstance(raw, bool) or not _EXCEL.fullmatch(text):
        raise ValueError("not a serial number of days")
    days = Decimal(text.replace(",", "."))
    low, high = EXCEL_SERIALS
    if not low <= days <= high:
        raise ValueError(f"is outside the serial numbers of days we read ({low} to {high})")
    # To the millisecond, as Excel keeps times: a fraction written to ten decimals would
    # otherwise end in a microsecond nobody meant (11:35:00.000001).
    milliseconds = int((days * 86_400_000).to_integral_value(ROUND_HALF_EVEN))
    wall_clock = EXCEL_DAY_ZERO + timedelta(milliseconds=milliseconds)
    return wall_clock.replace(tzinfo=_LOCAL_ZONE.get())


def _unix_reader(scale: int) -> Callable[[Any], datetime]:
    def read(raw: Any) -> datetime:
        text = str(raw).strip()
        if isinstance(raw, bool) or not _UNIX.fullmatch(text):
            raise ValueError("not a number")
        number = float(text)
        if (number >= MILLISECONDS_FROM) != (scale == 1000):
            raise ValueError("has the wrong number of digits")
        try:
            return datetime.fromtimestamp(number / scale, tz=UTC)
        except (OverflowError, OSError, ValueError):
            raise ValueError("is out of range") from None

    return read


_FORMATS = (
    DateFormat(
        "iso",
        "ISO 8601, with or without a time zone",
        "2015-02-24T11:35:00Z or 2015-02-24 11:35+01:00",
        _read_iso,
    ),
    DateFormat(
        "day-first",
        "day, month, year",
        "24-02-2015 11:35, 24/02/15 or 24.02.2015",
        _numeric_reader("dmy"),
    ),
    DateFormat(
        "month-first",
        "month, day, year",
        "02/24/2015 11:35 AM or 2-24-2015",
        _numeric_reader("mdy"),
    ),
    DateFormat("year-first", "year, month, day", "2015/02/24 11:35", _numeric_reader("ymd")),
    DateFormat(
        "month-name",
        f"the month by its name in {', '.join(LANGUAGES[:-1])} or {LANGUAGES[-1]}",
        "24 Feb 2015, Feb 24, 2015 3:15 PM, 24 févr. 2015 or 3. März 2021",
        _read_month_name,
    ),
    DateFormat("unix", "Unix seconds", "1424777700", _unix_reader(1)),
    DateFormat("unix-ms", "Unix milliseconds", "1424777700000", _unix_reader(1000)),
    DateFormat(
        "excel-serial",
        "Excel's serial days: days since 30 Dec 1899, the fraction is the time",
        "42059.5 (noon on 24 Feb 2015) or 42059",
        _read_excel_serial,
    ),
)
NAMED_FORMATS: dict[str, DateFormat] = {fmt.name: fmt for fmt in _FORMATS}
# Tried in this order; on a tie the first wins (an ISO date also reads as year-first, and
# an ambiguous numeric one reads day-first, the documented default).
DETECTION_ORDER = (
    "iso",
    "unix",
    "unix-ms",
    "excel-serial",
    "month-name",
    "year-first",
    "day-first",
    "month-first",
)
# With no format given and none detected, only formats that cannot misread a date are tried
# (not Excel serials: a five-digit number is a date only when its whole column says so).
UNAMBIGUOUS = ("iso", "unix", "unix-ms", "month-name", "year-first")
AUTO = "auto"


def custom_format(pattern: str) -> DateFormat:
    """A strftime pattern as a format; ValueError saying why when it cannot read a date."""
    probe = datetime(2015, 2, 24, 11, 35, 7, tzinfo=UTC)
    try:
        back = datetime.strptime(probe.strftime(pattern), pattern)  # noqa: DTZ007
    except ValueError:
        back = None
    if back is None or back.date() != probe.date():
        raise ValueError(
            f"{pattern!r} is not a date pattern we can read dates with; it needs a year, a "
            f"month and a day, such as {CUSTOM_EXAMPLE}"
        )

    def read(raw: Any) -> datetime:
        return _aware(datetime.strptime(str(raw).strip(), pattern))  # noqa: DTZ007

    return DateFormat(pattern, "a strftime pattern", probe.strftime(pattern), read)


def date_format(spec: str) -> DateFormat | None:
    """The format a name or strftime pattern stands for; None for "" or `auto` (detect).

    Raises ValueError with a sentence listing the choices when `spec` is neither.
    """
    spec = spec.strip()
    if spec in ("", AUTO):
        return None
    if spec in NAMED_FORMATS:
        return NAMED_FORMATS[spec]
    if "%" in spec:
        return custom_format(spec)
    raise ValueError(
        f"{spec!r} is not a date format; use {AUTO}, one of {', '.join(NAMED_FORMATS)}, "
        f"or a strftime pattern such as {CUSTOM_EXAMPLE}"
    )


def read_date(raw: Any, spec: str = "", zone: tzinfo = UTC) -> datetime:
    """A timezone-aware datetime read under `spec`; ValueError naming the expected format.

    A value written without a time zone is a local time in `zone`. With no format (""),
    the formats that cannot misread a date are tried in turn.
    """
    chosen = date_format(spec)
    formats = [chosen] if chosen else [NAMED_FORMATS[name] for name in UNAMBIGUOUS]
    with _local_times_in(zone):
        for fmt in formats:
            try:
                return fmt.read(raw)
            except ValueError:
                continue
    shown = str(raw).strip()[:60]
    if chosen is None:
        expected = "ISO 8601 such as 2015-02-24T11:35:00Z, Unix seconds or a month's name"
        raise ValueError(f"{shown!r} is not a date we can read (expected {expected})")
    raise ValueError(
        f"{shown!r} is not a date in the {chosen.name} format (such as {chosen.example})"
    )


def readable(fmt: DateFormat, raw: Any) -> bool:
    try:
        fmt.read(raw)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Detection:
    """What the first dates of a file look like, and how sure we are."""

    format: DateFormat | None
    sampled: int
    readable: int
    ambiguous: bool = False
    unreadable: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.format.name if self.format else ""

    def explanation(self) -> str:
        """One or two sentences for the preview: what was found and what to check."""
        if self.sampled == 0:
            return "There are no dates in the first rows to detect a format from."
        if self.format is None:
            shown = ", ".join(repr(value) for value in self.unreadable)
            return (
                f"None of the {self.sampled} dates sampled is in a format we know ({shown}); "
                "choose a format or write its pattern."
            )
        said = f"Read as {self.format.describe()} (from the first {self.sampled} dates)."
        if self.ambiguous:
            said += (
                " Every one of them has day and month at 12 or under, so they could be day "
                f"first or month first; they are read {AMBIGUOUS_DEFAULT} unless you choose "
                "month-first."
            )
        if self.unreadable:
            shown = ", ".join(repr(value) for value in self.unreadable)
            missed = self.sampled - self.readable
            rows = "its row" if missed == 1 else "their rows"
            said += f" {missed} of them cannot be read that way ({shown}); {rows} will be rejected."
        return said


def detect_date_format(values: Sequence[Any]) -> Detection:
    """The named format that reads the most of `values` (blank ones are skipped)."""
    sample = [value for value in values if value is not None and str(value).strip() != ""]
    sample = sample[:DETECTION_SAMPLE]
    if not sample:
        return Detection(None, 0, 0)
    scores = {
        name: sum(readable(NAMED_FORMATS[name], value) for value in sample)
        for name in DETECTION_ORDER
    }
    best = max(scores.values())
    if best == 0:
        return Detection(None, len(sample), 0, unreadable=_first_strings(sample))
    winners = [name for name in DETECTION_ORDER if scores[name] == best]
    chosen = NAMED_FORMATS[winners[0]]
    ambiguous = {"day-first", "month-first"} <= set(winners) and winners[0] == "day-first"
    missed = [value for value in sample if not readable(chosen, value)]
    return Detection(chosen, len(sample), best, ambiguous, _first_strings(missed))


def _first_strings(values: list[Any], count: int = 3) -> tuple[str, ...]:
    return tuple(str(value).strip()[:40] for value in values[:count])
