"""Local days keep their real length: 23 hours the night the clocks go forward, 25 the
night they go back, and a period's days are those of the zone asked, not the server's."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from socialcycle.lib import localtime

BERLIN = ZoneInfo("Europe/Berlin")


def hours(bounds: tuple[datetime, datetime]) -> float:
    start, end = bounds
    return (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() / 3600


def test_a_local_day_has_the_hours_its_clock_gives_it():
    assert hours(localtime.day_bounds(date(2026, 3, 29), BERLIN)) == 23
    assert hours(localtime.day_bounds(date(2026, 10, 25), BERLIN)) == 25
    assert hours(localtime.day_bounds(date(2026, 12, 7), BERLIN)) == 24
    week = localtime.days_bounds(date(2026, 3, 23), date(2026, 3, 29), BERLIN)
    assert hours(week) == 7 * 24 - 1


def test_midnight_is_the_zones_midnight():
    start = localtime.start_of_day(date(2026, 12, 7), BERLIN)
    assert start.astimezone(UTC) == datetime(2026, 12, 6, 23, tzinfo=UTC)


def test_the_current_zone_is_the_default():
    with timezone.override(ZoneInfo("Asia/Tokyo")):
        start = localtime.start_of_day(date(2026, 12, 7))
    assert start.astimezone(UTC) == datetime(2026, 12, 6, 15, tzinfo=UTC)


def test_a_period_touches_the_local_days_of_the_zone_asked():
    since = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)  # already the 7th in Berlin
    until = datetime(2026, 12, 8, 23, 0, tzinfo=UTC)  # midnight of the 9th in Berlin: open
    assert localtime.local_days(since, until, BERLIN) == (date(2026, 12, 7), date(2026, 12, 8))
    assert localtime.days_between(since, until, UTC) == [
        date(2026, 12, 6),
        date(2026, 12, 7),
        date(2026, 12, 8),
    ]
    assert localtime.days_between(since, since + timedelta(minutes=1), BERLIN) == [
        date(2026, 12, 7)
    ]
