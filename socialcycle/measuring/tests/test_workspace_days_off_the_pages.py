"""The API summary, the dashboard's figures computed outside a page, the engagement ladder's
months and the exports count the workspace's local days, not the server's TIME_ZONE
(UTC here): a post at 23:30 in Los Angeles is already the next day in UTC."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from socialcycle.measuring import ladder, ladder_figures
from socialcycle.measuring.tests.export_helpers import analysed, source
from socialcycle.measuring.tests.ladder_helpers import person, step

LOS_ANGELES = ZoneInfo("America/Los_Angeles")
AUCKLAND = ZoneInfo("Pacific/Auckland")


@pytest.fixture
def in_los_angeles(cast, settings):
    settings.TIME_ZONE = "UTC"
    cast.workspace.time_zone = "America/Los_Angeles"
    cast.workspace.save()
    return cast.workspace


def said_at(workspace, text, moment, **fields):
    """An analysed post said at `moment` (an aware time of any zone)."""
    return analysed(source(workspace), text, utc_text(moment), **fields)


def utc_text(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")


# The engagement ladder ------------------------------------------------------------------


def test_ladder_months_are_the_workspaces_calendar_months(in_los_angeles):
    step(
        person(in_los_angeles, "Ada"), "creation", datetime(2026, 3, 31, 23, 30, tzinfo=LOS_ANGELES)
    )
    april = datetime(2026, 4, 15, tzinfo=UTC)

    months = ladder.funnel(in_los_angeles, now=april)

    assert [(month.month, month.moved_up) for month in months] == [
        (date(2026, 3, 1), 1),
        (date(2026, 4, 1), 0),
    ]


def test_the_stored_ladder_figures_use_the_workspaces_months(cast, settings):
    settings.TIME_ZONE = "UTC"
    cast.workspace.time_zone = "Pacific/Auckland"
    cast.workspace.save()
    # 00:30 on 1 April in Auckland is still 31 March in UTC.
    step(person(cast.workspace, "Bo"), "curation", datetime(2026, 4, 1, 0, 30, tzinfo=AUCKLAND))

    stored = ladder_figures.refresh(cast.workspace, now=datetime(2026, 4, 2, tzinfo=UTC))

    assert [row["month"] for row in stored.months] == ["2026-04-01"]
    assert stored.months[0]["moves"] == [["", "curation", 1]]
