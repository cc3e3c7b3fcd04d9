"""The dashboard counts local days in the workspace's own time zone, wherever the count
runs, and its pages read in that zone too."""

from datetime import UTC, date, datetime

from django.test import Client
from django.urls import reverse

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import AuditEvent
from socialcycle.listening.services import record_posts
from socialcycle.measuring.dashboard import rollups
from socialcycle.measuring.dashboard.filters import Scope
from socialcycle.measuring.models import DailyCount
from socialcycle.testing.factories import incoming, make_source
from socialcycle.understanding.services import analyse_pending_posts

LATE_EVENING_UTC = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)


def days_counted(workspace):
    return set(DailyCount.objects.filter(workspace=workspace).values_list("day", flat=True))


def test_a_post_late_in_the_utc_evening_is_the_next_day_in_berlin(cast, settings):
    settings.TIME_ZONE = "UTC"
    record_posts(
        make_source(cast.workspace),
        [incoming("1", "the hub is great", created_at=LATE_EVENING_UTC)],
    )
    analyse_pending_posts(10)
    rollups.bring_up_to_date(cast.workspace)
    assert days_counted(cast.workspace) == {date(2026, 3, 1)}

    cast.workspace.time_zone = "Europe/Berlin"
    cast.workspace.save()
    rollups.rebuild(cast.workspace)
    assert days_counted(cast.workspace) == {date(2026, 3, 2)}


def test_workspace_pages_show_times_in_the_workspaces_zone(cast, settings):
    settings.TIME_ZONE = "UTC"
    event = record_change(cast.workspace, cast.admin, AuditAction.CHANGE, "thing", 1)
    AuditEvent.objects.filter(pk=event.pk).update(created_at=LATE_EVENING_UTC)
    cast.workspace.time_zone = "Asia/Tokyo"
    cast.workspace.save()
    client = Client()
    client.force_login(cast.admin)
    page = client.get(reverse("workspace:audit", args=[cast.workspace.slug]))
    # 23:30 UTC is 08:30 next day in Tokyo: the exact time shown on hover.
    assert b'title="2026-03-02 08:30 JST"' in page.content


def test_the_period_before_is_as_many_local_days_when_the_clocks_changed(cast, settings):
    # New Zealand's summer time ended at 03:00 on Sunday 5 April 2026: that week had 169 hours.
    settings.TIME_ZONE = "UTC"
    cast.workspace.time_zone = "Pacific/Auckland"
    auckland = cast.workspace.zone()
    monday, next_monday = (
        datetime(2026, 3, 30, tzinfo=auckland),
        datetime(2026, 4, 6, tzinfo=auckland),
    )
    week = Scope(cast.workspace, monday.astimezone(UTC), next_monday.astimezone(UTC))

    before = week.previous()

    assert week.days == 7
    assert (before.since, before.until) == (datetime(2026, 3, 23, tzinfo=auckland), monday)
    assert before.days == 7
