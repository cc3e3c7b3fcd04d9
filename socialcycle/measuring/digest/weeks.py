"""The digest's week: seven local days of the workspace's time zone (`Workspace.zone()`:
its own, else TIME_ZONE) ending on `week_ending`, wherever the digest is built."""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from django.utils import timezone

from socialcycle.accounts.models import Workspace
from socialcycle.lib import localtime

WEEK_DAYS = 7


class WeekError(ValueError):
    """A week that cannot be shown, with a sentence saying why."""


def last_week_ending(today: date) -> date:
    """The Sunday before `today`: the end of the last whole week, Monday to Sunday."""
    return today - timedelta(days=today.weekday() + 1)


def local_today(workspace: Workspace, now: datetime | None = None) -> date:
    """The day it is in the workspace's zone (`now`, default: now)."""
    return timezone.localdate(now, workspace.zone())


def last_whole_week(workspace: Workspace, now: datetime | None = None) -> date:
    """The end of the workspace's last whole local week: the week its Monday e-mail is about."""
    return last_week_ending(local_today(workspace, now))


def parse_week_ending(text: str, today: date) -> date:
    """A `YYYY-MM-DD` from a request, as a week's last day; WeekError says what is wrong."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise WeekError(
            f"week_ending must be a date written YYYY-MM-DD, not {text[:40]!r}."
        ) from None
    if day > today:
        raise WeekError(
            f"The week ending {day} has not begun to end yet: choose {today} or before."
        )
    return day


def week_bounds(week_ending: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """The half-open [start, end) of the seven local days of `zone` ending on `week_ending`
    (167 or 169 hours in a week whose clocks change)."""
    return localtime.days_bounds(week_ending - timedelta(days=WEEK_DAYS - 1), week_ending, zone)
