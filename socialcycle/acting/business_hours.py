"""Business hours: when a team works, and time counted only while it does.

A team may keep working days, opening and closing times, holidays and a time zone. An SLA
of "8 hours" then means eight working hours (a post routed on Friday at 16:00 to a team
that works 09:00-17:00 on weekdays is due on Monday at 16:00), and a first reply's time
counts only the hours the team was at work. A team without business hours works round
the clock, and both are plain calendar arithmetic.

Windows are built per local day in the team's zone and compared in UTC, so a day when
the clocks change counts the hours it really has.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# The furthest a due date is looked for: a team that works one hour a year still ends.
MAX_DAYS_AHEAD = 3 * 366


class BusinessHoursError(ValueError):
    """Business hours that cannot be kept, said as one sentence."""


@dataclass(frozen=True)
class BusinessHours:
    zone: ZoneInfo
    days: frozenset[int]  # Monday is 0
    opens: time
    closes: time
    holidays: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        if not self.days:
            raise BusinessHoursError("choose at least one working day.")
        if not self.days <= set(range(7)):
            raise BusinessHoursError("working days are numbered 0 (Monday) to 6 (Sunday).")
        if self.closes <= self.opens:
            raise BusinessHoursError("the closing time must come after the opening time.")

    def describe(self) -> str:
        """In words: "Mon-Fri 09:00-17:00 Europe/London, 2 holidays"."""
        said = f"{_days_in_words(self.days)} {self.opens:%H:%M}-{self.closes:%H:%M} {self.zone.key}"
        if self.holidays:
            count = len(self.holidays)
            said += f", {count} holiday{'s' if count != 1 else ''}"
        return said

    def hours_between(self, start: datetime, end: datetime) -> float:
        """Working hours from `start` to `end` (0 when `end` is not after `start`)."""
        if end <= start:
            return 0.0
        seconds = 0.0
        for opens, closes in self._windows(start, end.astimezone(self.zone).date()):
            overlap = min(closes, end) - max(opens, start)
            seconds += max(overlap.total_seconds(), 0.0)
        return seconds / 3600

    def add_hours(self, start: datetime, hours: float) -> datetime:
        """The moment `hours` working hours after `start`."""
        left = timedelta(hours=hours)
        last_day = start.astimezone(self.zone).date() + timedelta(days=MAX_DAYS_AHEAD)
        for opens, closes in self._windows(start, last_day):
            begin = max(opens, start)
            if begin >= closes:
                continue
            if begin + left <= closes:
                return begin + left
            left -= closes - begin
        raise BusinessHoursError(f"these business hours leave no {hours:g} hours to work in.")

    def _windows(self, start: datetime, last_day: date) -> Iterator[tuple[datetime, datetime]]:
        """Each working day's (opens, closes) in UTC, from `start`'s local day on."""
        day = start.astimezone(self.zone).date()
        while day <= last_day:
            if day.weekday() in self.days and day not in self.holidays:
                yield self._at(day, self.opens), self._at(day, self.closes)
            day += timedelta(days=1)

    def _at(self, day: date, clock: time) -> datetime:
        return datetime.combine(day, clock, tzinfo=self.zone).astimezone(UTC)


def hours_between(hours: BusinessHours | None, start: datetime, end: datetime) -> float:
    """Working hours, or calendar hours for a team that works round the clock."""
    if hours is None:
        return max((end - start).total_seconds(), 0.0) / 3600
    return hours.hours_between(start, end)


def add_hours(hours: BusinessHours | None, start: datetime, count: float) -> datetime:
    if hours is None:
        return start + timedelta(hours=count)
    return hours.add_hours(start, count)


def _days_in_words(days: frozenset[int]) -> str:
    ordered = sorted(days)
    runs: list[list[int]] = []
    for day in ordered:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ", ".join(
        WEEKDAY_NAMES[run[0]]
        if len(run) == 1
        else f"{WEEKDAY_NAMES[run[0]]}-{WEEKDAY_NAMES[run[-1]]}"
        for run in runs
    )
