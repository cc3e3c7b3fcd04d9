"""The API summary, the dashboard's figures computed outside a page, the engagement ladder's
months and the exports count the workspace's local days, not the server's TIME_ZONE
(UTC here): a post at 23:30 in Los Angeles is already the next day in UTC."""

import csv
import io
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from socialcycle.accounts.tokens import create_api_token
from socialcycle.measuring.dashboard import queries, rollups
from socialcycle.measuring.dashboard import sections as dashboard
from socialcycle.measuring.dashboard.filters import DashboardForm, Scope
from socialcycle.measuring.exports import catalogue
from socialcycle.measuring.ladder import figures as ladder_figures
from socialcycle.measuring.ladder.funnel import funnel
from socialcycle.measuring.tests.export_helpers import analysed, insight, jsonl_rows, source
from socialcycle.measuring.tests.ladder_helpers import person, step
from socialcycle.measuring.tests.rollup_helpers import counted
from socialcycle.understanding.models import Topic

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


# The API summary ------------------------------------------------------------------------


def test_the_summary_api_counts_the_last_90_days_of_the_workspace(client, cast, in_los_angeles):
    today = timezone.localdate(timezone.now(), LOS_ANGELES)
    first_day = today - timedelta(days=89)
    before = datetime.combine(first_day - timedelta(days=1), time.min, LOS_ANGELES)
    said_at(in_los_angeles, "the evening before the window", before.replace(hour=23, minute=30))
    said_at(
        in_los_angeles, "its first morning", before.replace(hour=0, minute=30) + timedelta(days=1)
    )
    client.force_login(cast.viewer)

    counted(in_los_angeles)
    body = client.get(f"/api/v1/workspaces/{in_los_angeles.slug}/summary").json()

    assert (body["since"], body["until"]) == (first_day.isoformat(), today.isoformat())
    assert (body["posts"], body["analysed"]) == (1, 1)
    assert sum(body["posts_by_channel"].values()) == 1
    assert sum(body["posts_by_sentiment"].values()) == 1


# The dashboard's figures, wherever they are computed -------------------------------------


def test_a_dashboard_scope_runs_from_the_workspaces_midnight(in_los_angeles):
    form = DashboardForm({"since": "2026-03-01", "until": "2026-03-01"}, workspace=in_los_angeles)
    scope = form.scope(timezone.now())
    assert (scope.since, scope.until) == (
        datetime(2026, 3, 1, tzinfo=LOS_ANGELES),
        datetime(2026, 3, 2, tzinfo=LOS_ANGELES),
    )
    default = DashboardForm(workspace=in_los_angeles).scope(datetime(2026, 3, 2, 7, 0, tzinfo=UTC))
    assert default.until == datetime(2026, 3, 2, tzinfo=LOS_ANGELES)  # still 1 March there


def test_the_dashboard_counts_the_workspaces_days_outside_a_page(in_los_angeles):
    topic = Topic.objects.create(workspace=in_los_angeles, label="Pairing")
    late = datetime(2026, 3, 1, 23, 30, tzinfo=LOS_ANGELES)
    said_at(in_los_angeles, "late on the first", late, topic=topic)
    said_at(in_los_angeles, "noon on the second", late + timedelta(hours=12, minutes=30))
    first = Scope(
        in_los_angeles,
        datetime(2026, 3, 1, tzinfo=LOS_ANGELES),
        datetime(2026, 3, 2, tzinfo=LOS_ANGELES),
    )
    with timezone.override(AUCKLAND):  # neither the server's zone nor the workspace's
        counted(in_los_angeles)
        overview = dashboard.overview(first)
        by_topic = dashboard.daily_series(
            Scope(first.workspace, first.since, first.until, topic_id=topic.pk),
            "channel",
            {"social": "Social network"},
        )
        assert rollups.local_days(first) == (date(2026, 3, 1), date(2026, 3, 1))
        by_channel = queries.posts_per_day_by_channel(in_los_angeles, first.since, first.until)

    assert (overview.posts, overview.since, overview.until) == (
        1,
        date(2026, 3, 1),
        date(2026, 3, 1),
    )
    assert (by_topic.days, by_topic.total()) == ([date(2026, 3, 1)], 1)
    assert (by_channel.days, by_channel.total()) == ([date(2026, 3, 1)], 1)


# The engagement ladder ------------------------------------------------------------------


def test_ladder_months_are_the_workspaces_calendar_months(in_los_angeles):
    step(
        person(in_los_angeles, "Ada"), "creation", datetime(2026, 3, 31, 23, 30, tzinfo=LOS_ANGELES)
    )
    april = datetime(2026, 4, 15, tzinfo=UTC)

    months = funnel(in_los_angeles, now=april)

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


# Exports --------------------------------------------------------------------------------


def test_export_days_are_the_workspaces_and_times_are_on_its_clock(client, cast, in_los_angeles):
    late = datetime(2026, 3, 1, 23, 30, tzinfo=LOS_ANGELES)
    said_at(in_los_angeles, "late on the first", late)
    said_at(in_los_angeles, "early on the second", late + timedelta(hours=1))
    secret = create_api_token(in_los_angeles, cast.viewer, name="export", scopes=("read",))[1]

    answer = client.get(
        f"/api/v1/workspaces/{in_los_angeles.slug}/exports/posts",
        {"since": "2026-03-01", "until": "2026-03-01"},
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )

    (item,) = answer.json()["items"]
    assert item["text"] == "late on the first"
    assert datetime.fromisoformat(item["created_at"]) == late
    assert item["created_at"].startswith("2026-03-01T23:30:00")
    assert item["created_at"].endswith("-08:00")


def test_downloaded_rows_show_the_workspaces_days(client, cast, in_los_angeles):
    late = datetime(2026, 3, 1, 23, 30, tzinfo=LOS_ANGELES)
    said_at(in_los_angeles, "late on the first", late)
    client.force_login(cast.viewer)

    response = client.get(
        reverse("measuring:export_download", args=[in_los_angeles.slug, "posts", "csv"]),
        {"since": "2026-03-01", "until": "2026-03-01"},
    )

    (row,) = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    assert (row["created_at"], row["analysed_at"]) == (
        "2026-03-01T23:30:00-08:00",
        "2026-03-01T23:31:00-08:00",
    )


def test_every_exported_time_is_on_the_workspaces_clock(in_los_angeles):
    ada = person(in_los_angeles, "Ada")
    late = datetime(2026, 3, 1, 23, 30, tzinfo=LOS_ANGELES)
    said_at(in_los_angeles, "hello", late, author=ada)
    made = insight(in_los_angeles, "Dark mode", sla_due_at=late)
    parsed = catalogue.parse_export_filter(
        in_los_angeles, catalogue.POSTS, {"since": "2026-03-01", "until": "2026-03-01"}
    )
    assert (parsed.filter.start, parsed.filter.end) == (
        datetime(2026, 3, 1, tzinfo=LOS_ANGELES),
        datetime(2026, 3, 2, tzinfo=LOS_ANGELES),
    )

    (insight_row,) = jsonl_rows(catalogue.INSIGHTS, in_los_angeles)
    (person_row,) = jsonl_rows(catalogue.PARTICIPANTS, in_los_angeles)

    assert insight_row["id"] == made.pk
    assert insight_row["sla_due_at"] == "2026-03-01T23:30:00-08:00"
    assert person_row["first_post_at"] == "2026-03-01T23:30:00-08:00"
    for moment in (insight_row["created_at"], person_row["first_seen"]):
        assert datetime.fromisoformat(moment).utcoffset() in (
            timedelta(hours=-8),
            timedelta(hours=-7),
        )
