"""Business hours: working time added and counted across nights, weekends, holidays and
the days the clocks change."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialcycle.acting.business_hours import (
    BusinessHours,
    BusinessHoursError,
    add_hours,
    hours_between,
)

LONDON = ZoneInfo("Europe/London")
WEEKDAYS = frozenset(range(5))


def office(**changes: object) -> BusinessHours:
    values: dict[str, object] = {
        "zone": LONDON,
        "days": WEEKDAYS,
        "opens": time(9),
        "closes": time(17),
    }
    values.update(changes)
    return BusinessHours(**values)  # type: ignore[arg-type]


def london(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=LONDON)


def test_eight_working_hours_from_friday_afternoon_end_on_monday_afternoon():
    friday = london(2026, 12, 4, 16)
    assert office().add_hours(friday, 8) == london(2026, 12, 7, 16)


def test_only_the_hours_at_work_count_between_two_moments():
    assert office().hours_between(london(2026, 12, 4, 16), london(2026, 12, 7, 10)) == 2
    assert office().hours_between(london(2026, 12, 5, 10), london(2026, 12, 6, 20)) == 0
    assert office().hours_between(london(2026, 12, 7, 10), london(2026, 12, 7, 9)) == 0


def test_a_post_written_before_opening_time_is_counted_from_the_opening():
    assert office().add_hours(london(2026, 12, 7, 6), 1) == london(2026, 12, 7, 10)


def test_holidays_are_skipped():
    christmas = office(holidays=frozenset({date(2026, 12, 25)}))
    thursday = london(2026, 12, 24, 16)
    assert christmas.add_hours(thursday, 2) == london(2026, 12, 28, 10)
    assert christmas.hours_between(thursday, london(2026, 12, 28, 10)) == 2


def test_a_day_the_clocks_go_forward_counts_the_hours_it_really_has():
    # On 2026-03-29 London's clocks jump from 01:00 to 02:00: 00:30-03:30 is two hours.
    night_shift = office(days=frozenset({6}), opens=time(0, 30), closes=time(3, 30))
    sunday = london(2026, 3, 29)
    assert night_shift.hours_between(sunday, sunday + timedelta(days=1)) == 2


def test_hours_in_another_zone_are_that_zones_hours():
    tokyo = office(zone=ZoneInfo("Asia/Tokyo"))
    monday_9_tokyo = datetime(2026, 12, 7, 0, tzinfo=UTC)
    assert tokyo.add_hours(monday_9_tokyo, 1) == datetime(2026, 12, 7, 1, tzinfo=UTC)


def test_round_the_clock_is_calendar_time():
    start = datetime(2026, 12, 4, 16, tzinfo=UTC)
    assert add_hours(None, start, 8) == start + timedelta(hours=8)
    assert hours_between(None, start, start + timedelta(hours=30)) == 30
    assert hours_between(None, start, start - timedelta(hours=1)) == 0


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"days": frozenset()}, "at least one working day"),
        ({"days": frozenset({7})}, "numbered 0"),
        ({"opens": time(17), "closes": time(9)}, "closing time must come after"),
    ],
)
def test_hours_that_cannot_be_kept_are_refused(changes, problem):
    with pytest.raises(BusinessHoursError, match=problem):
        office(**changes)


def test_hours_leaving_no_time_to_work_in_say_so():
    every_monday = {date(2026, 12, 7) + timedelta(weeks=week) for week in range(170)}
    mondays_off = office(days=frozenset({0}), holidays=frozenset(every_monday))
    with pytest.raises(BusinessHoursError, match="no 1 hours"):
        mondays_off.add_hours(london(2026, 12, 7, 8), 1)


def test_the_hours_in_words():
    assert office().describe() == "Mon-Fri 09:00-17:00 Europe/London"
    weekend = office(days=frozenset({0, 2, 5, 6}), holidays=frozenset({date(2026, 1, 1)}))
    assert weekend.describe() == "Mon, Wed, Sat-Sun 09:00-17:00 Europe/London, 1 holiday"


# Hypothesis wants naive bounds and adds the zone itself.
moments = st.datetimes(
    min_value=datetime(2025, 1, 1),  # noqa: DTZ001
    max_value=datetime(2028, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)


@given(start=moments, hours=st.floats(min_value=0.01, max_value=400))
def test_counting_the_hours_added_gives_them_back(start, hours):
    due = office().add_hours(start, hours)
    assert office().hours_between(start, due) == pytest.approx(hours, abs=1e-6)
    assert due - start >= timedelta(hours=hours) - timedelta(microseconds=1)


@given(start=moments, length=st.floats(min_value=0, max_value=2000))
def test_working_hours_never_exceed_the_calendar_hours(start, length):
    end = start + timedelta(hours=length)
    assert 0 <= office().hours_between(start, end) <= length + 1e-9
