"""Local days and their bounds, in one place: the arithmetic where daylight-saving bugs wait.

A local day runs from its midnight to the next midnight on the zone's clock, 23 or 25
hours on the days the clocks change. Every bound is an aware datetime in that zone; the
zone defaults to the current one (the workspace's, which the workspace views activate).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from django.utils import timezone

ONE_MOMENT = timedelta(microseconds=1)


def start_of_day(day: date, zone: tzinfo | None = None) -> datetime:
    """Midnight at the start of `day` on the zone's clock."""
    return datetime.combine(day, time.min, tzinfo=zone or timezone.get_current_timezone())


def days_bounds(first: date, last: date, zone: tzinfo | None = None) -> tuple[datetime, datetime]:
    """The half-open [start, end) of the local days `first` to `last`, both included."""
    return start_of_day(first, zone), start_of_day(last + timedelta(days=1), zone)


def day_bounds(day: date, zone: tzinfo | None = None) -> tuple[datetime, datetime]:
    return days_bounds(day, day, zone)


def local_days(since: datetime, until: datetime, zone: tzinfo | None = None) -> tuple[date, date]:
    """The first and the last local day the half-open period [since, until) touches."""
    first = timezone.localtime(since, zone).date()
    return first, timezone.localtime(until - ONE_MOMENT, zone).date()


def days_between(since: datetime, until: datetime, zone: tzinfo | None = None) -> list[date]:
    """Every local day the half-open period [since, until) touches, in order."""
    first, last = local_days(since, until, zone)
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
