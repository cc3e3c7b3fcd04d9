"""Date formats: reading a value under a named format, and detecting a file's format."""

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from socialcycle.listening.importers.calendar_words import AMBIGUOUS_MONTHS, month_index
from socialcycle.listening.importers.dates import date_format, detect_date_format, read_date

MOMENT = datetime(2015, 2, 24, 11, 35, tzinfo=UTC)


@pytest.mark.parametrize(
    ("values", "name", "expected"),
    [
        (["2015-02-24T11:35:00Z", "2015-02-25 08:00"], "iso", MOMENT),
        (["2015-02-24T12:35:00+01:00"], "iso", MOMENT),
        (["24-02-2015 11:35", "03-04-2015 10:00"], "day-first", MOMENT),
        (["24/02/15 11:35"], "day-first", MOMENT),
        (["24.02.2015 11:35"], "day-first", MOMENT),
        (["02/24/2015 11:35 AM", "03/04/2015 1:00 PM"], "month-first", MOMENT),
        (["2-24-2015 11:35"], "month-first", MOMENT),
        (["2015/02/24 11:35"], "year-first", MOMENT),
        (["24 Feb 2015 11:35"], "month-name", MOMENT),
        (["Feb 24, 2015 11:35 AM"], "month-name", MOMENT),
        (["Tue Feb 24 11:35:00 +0000 2015"], "month-name", MOMENT),
        (["Tue, 24 Feb 2015 11:35:00 GMT"], "month-name", MOMENT),
        (["24-Feb-2015 11:35 UTC"], "month-name", MOMENT),
        (["February 24th, 2015 at 11:35"], "month-name", MOMENT),
        (["24 févr. 2015 11:35", "3 mars 2015"], "month-name", MOMENT),
        (["Dienstag, 24. Februar 2015 um 11:35 Uhr"], "month-name", MOMENT),
        (["1424777700", 1424777800], "unix", MOMENT),
        (["1424777700000", 1424777800000], "unix-ms", MOMENT),
        ([1424777700.0], "unix", MOMENT),
        (["42059.4826388889", "42060", 42061.75], "excel-serial", MOMENT),
    ],
)
def test_each_family_is_detected_and_read(values, name, expected):
    detection = detect_date_format(values)
    assert (detection.name, detection.ambiguous, detection.unreadable) == (name, False, ())
    assert read_date(values[0], name) == expected


def test_a_day_over_12_decides_day_first_even_late_in_the_sample():
    values = [f"0{month}-0{day}-2015" for month in range(1, 10) for day in range(1, 10)]
    assert detect_date_format(values).name == "day-first"
    assert detect_date_format([*values, "13-01-2015"]).ambiguous is False
    assert detect_date_format([*values, "01-13-2015"]).name == "month-first"


def test_when_every_date_could_be_either_it_says_so_and_reads_day_first():
    detection = detect_date_format(["03/04/2015", "05/06/2015 10:00", "12/11/2015"])
    assert (detection.name, detection.ambiguous) == ("day-first", True)
    assert "could be day first or month first" in detection.explanation()
    assert read_date("03/04/2015", detection.name).month == 4


def test_mixed_values_pick_the_majority_and_name_the_others():
    detection = detect_date_format(["24-02-2015 11:35", "yesterday", "", None, "25-02-2015"])
    assert (detection.name, detection.sampled, detection.readable) == ("day-first", 3, 2)
    assert detection.unreadable == ("yesterday",)
    assert (
        "1 of them cannot be read that way ('yesterday'); its row will" in detection.explanation()
    )


def test_nothing_readable_is_said_plainly():
    detection = detect_date_format(["soon", "later"])
    assert detection.format is None
    assert "None of the 2 dates sampled is in a format we know" in detection.explanation()
    assert detect_date_format([None, " "]).sampled == 0


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("24-02-2015 11:35", "iso"),
        ("02/24/2015", "day-first"),
        ("24/02/2015", "month-first"),
        ("13:35 PM 24 Feb 2015", "month-name"),
        ("1424777700000", "unix"),
        ("1424777700", "unix-ms"),
        ("24 Foo 2015", "month-name"),
        ("31-02-2015", "day-first"),
        ("24 feb mars 2015", "month-name"),
        ("15000", "excel-serial"),
        ("80001", "excel-serial"),
        ("4205.5", "excel-serial"),
        ("1424777700", "excel-serial"),
        ("42059.5.1", "excel-serial"),
    ],
)
def test_a_value_in_another_format_is_refused_with_the_format_named(value, name):
    with pytest.raises(ValueError, match=f"is not a date in the {name} format"):
        read_date(value, name)


def test_time_zones_and_twelve_hour_clocks():
    assert read_date("24 Feb 2015 12:05 AM", "month-name").hour == 0
    assert read_date("24 Feb 2015 12:05 PM", "month-name").hour == 12
    assert read_date("24.02.2015 11:35 -0500", "day-first").utcoffset() == timedelta(hours=-5)
    assert read_date("24.02.2015 11:35 GMT+05:30", "day-first").tzinfo == timezone(
        timedelta(hours=5, minutes=30)
    )
    assert read_date("24.02.2015 11:35", "day-first").tzinfo == UTC


def test_a_strftime_pattern_is_a_format_and_a_bad_one_is_refused():
    assert read_date("2015|24|02 11h35", "%Y|%d|%m %Hh%M") == MOMENT
    custom = date_format("%d-%m-%Y")
    assert custom is not None
    assert custom.example == "24-02-2015"
    for bad in ("%H:%M", "%Q", "day-last"):
        with pytest.raises(ValueError, match="is not a date"):
            date_format(bad)
    assert date_format("auto") is None


def test_without_a_format_only_unambiguous_dates_are_read():
    assert read_date("2015-02-24T11:35:00Z") == MOMENT
    assert read_date("Tue Feb 24 11:35:00 +0000 2015") == MOMENT
    with pytest.raises(ValueError, match="is not a date we can read"):
        read_date("03/04/2015")
    with pytest.raises(ValueError, match="is not a date we can read"):
        read_date("24")


def test_a_date_without_a_zone_is_a_local_time_of_the_zone_named():
    chicago = ZoneInfo("America/Chicago")
    assert read_date("24-02-2015 11:35", "day-first", chicago) == datetime(
        2015, 2, 24, 17, 35, tzinfo=UTC
    )
    assert read_date("2015-07-04", "iso", chicago) == datetime(2015, 7, 4, 5, 0, tzinfo=UTC)
    assert read_date("24/02/2015 11:35 PM", "%d/%m/%Y %I:%M %p", chicago).hour == 23
    # A zone written in the value wins; Unix times are UTC whatever the zone.
    assert read_date("24-02-2015 11:35 +0100", "day-first", chicago).utcoffset() == timedelta(
        hours=1
    )
    assert read_date("1424777700", "unix", chicago) == datetime(2015, 2, 24, 11, 35, tzinfo=UTC)
    assert read_date("24-02-2015 11:35", "day-first") == datetime(2015, 2, 24, 11, 35, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("24 févr. 2015", "2015-02-24 00:00"),
        ("24 FEVR 2015", "2015-02-24 00:00"),
        ("mardi 24 février 2015 à 11:35", "2015-02-24 11:35"),
        ("mar. 24 févr. 2015", "2015-02-24 00:00"),
        ("1er mars 2015", "2015-03-01 00:00"),
        ("3. März 2021", "2021-03-03 00:00"),
        ("3. Maerz 2021", "2021-03-03 00:00"),
        ("Montag, den 3. Mai 2021 um 9:05 Uhr", "2021-05-03 09:05"),
        ("12 de enero de 2020", "2020-01-12 00:00"),
        ("mar., 3 mar. 2015", "2015-03-03 00:00"),
        ("1 giugno 2019", "2019-06-01 00:00"),
        ("sab 1 giu 2019 alle 9:05", "2019-06-01 09:05"),
        ("1º de março de 2020 às 14:30", "2020-03-01 14:30"),
        ("terça-feira, 2 de fev. de 2021", "2021-02-02 00:00"),
        ("15 mei 2020", "2020-05-15 00:00"),
        ("15 mrt. 2020 om 8:00", "2020-03-15 08:00"),
        ("2 stycznia 2021 r.", "2021-01-02 00:00"),
        ("24 października 2015", "2015-10-24 00:00"),
        ("24 pazdziernika 2015", "2015-10-24 00:00"),
    ],
)
def test_month_names_of_european_exports_are_detected_and_read(value, expected):
    detection = detect_date_format([value])
    assert (detection.name, detection.unreadable) == ("month-name", ())
    assert read_date(value) == datetime.fromisoformat(f"{expected}Z")


def test_a_month_name_means_one_month_in_every_language():
    assert not AMBIGUOUS_MONTHS
    # A name two languages gave two months would be read in neither.
    index, ambiguous = month_index({"one": (("jan",), ("feb",)), "other": (("feb",), ("mar",))})
    assert (index, ambiguous) == ({"jan": 1, "mar": 2}, frozenset({"feb"}))
    # "mar" alone is March (English, Spanish, Italian, …); beside a month it is Tuesday.
    assert read_date("Mar 24, 2015").month == 3
    assert read_date("24 mar 2015").month == 3
    assert read_date("mar 24 feb 2015").month == 2
    assert read_date("3 Mai 2021").month == read_date("3 mei 2021").month == 5


def test_excel_serial_days_are_local_times_and_no_other_numbers_are():
    chicago = ZoneInfo("America/Chicago")
    assert read_date("42059.5", "excel-serial", chicago) == datetime(2015, 2, 24, 18, 0, tzinfo=UTC)
    assert read_date("42059,25", "excel-serial") == datetime(2015, 2, 24, 6, 0, tzinfo=UTC)
    assert read_date("42059.4826388889", "excel-serial").microsecond == 0
    assert date_format("excel-serial") is not None
    assert (
        "Read as excel-serial (Excel's serial days" in detect_date_format(["42059"]).explanation()
    )
    # Unix times have too many digits; numbers before 1954 or after 2119 are not dates.
    assert detect_date_format(["1424777700", "1424777800"]).name == "unix"
    assert detect_date_format(["15000", "12"]).format is None
    # A five-digit number is a date only when its column says so, never on its own.
    with pytest.raises(ValueError, match="is not a date we can read"):
        read_date("42059")
