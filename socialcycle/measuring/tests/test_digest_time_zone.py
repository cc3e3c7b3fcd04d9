"""The weekly digest counts, shows and sends in the workspace's own time zone, whatever
the server's TIME_ZONE: its week is seven local days there, the week before too (even
when the clocks changed), and it goes out at 07:00 on Monday there."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from socialcycle.accounts.models import Workspace
from socialcycle.measuring.digest import content, sending, weeks
from socialcycle.measuring.models import DigestDelivery
from socialcycle.measuring.tests.alert_helpers import make_alert
from socialcycle.measuring.tests.test_dashboard import said
from socialcycle.testing.factories import make_source

LOS_ANGELES, AUCKLAND = ZoneInfo("America/Los_Angeles"), ZoneInfo("Pacific/Auckland")
SUNDAY = date(2026, 3, 1)  # the week of Monday 23 February to Sunday 1 March 2026


def in_zone(workspace, zone):
    workspace.time_zone = zone.key
    workspace.save()
    return workspace


@pytest.fixture(autouse=True)
def server_in_utc(settings):
    settings.TIME_ZONE = "UTC"


def test_the_week_is_seven_days_of_the_workspaces_zone(cast):
    source = make_source(in_zone(cast.workspace, LOS_ANGELES))
    said(source, at=datetime(2026, 2, 22, 23, 30, tzinfo=LOS_ANGELES))  # 07:30 UTC Monday
    said(source, at=datetime(2026, 2, 23, 0, 30, tzinfo=LOS_ANGELES))
    said(source, at=datetime(2026, 3, 1, 23, 30, tzinfo=LOS_ANGELES))  # 07:30 UTC Monday
    said(source, at=datetime(2026, 3, 2, 0, 30, tzinfo=LOS_ANGELES))  # the next week

    week = content.build_digest(cast.workspace, SUNDAY)

    assert (week.posts.current, week.posts.previous) == (2, 1)
    assert (week.analysed.current, week.analysed.previous) == (2, 1)  # the rollups' local days


def test_the_week_before_is_seven_local_days_when_the_clocks_went_back(cast):
    # New Zealand's summer time ended at 03:00 on Sunday 5 April 2026: that week had 169 hours.
    source = make_source(in_zone(cast.workspace, AUCKLAND))
    said(source, at=datetime(2026, 3, 22, 23, 30, tzinfo=AUCKLAND))  # two weeks before
    said(source, at=datetime(2026, 3, 23, 0, 30, tzinfo=AUCKLAND))
    said(source, at=datetime(2026, 4, 5, 23, 30, tzinfo=AUCKLAND))

    week = content.build_digest(cast.workspace, date(2026, 4, 5))

    assert (week.posts.current, week.posts.previous) == (1, 1)
    assert (week.analysed.current, week.analysed.previous) == (1, 1)


def test_each_workspace_gets_its_digest_at_seven_on_monday_its_own_time(cast):
    auckland = in_zone(cast.workspace, AUCKLAND)
    los_angeles = in_zone(cast.other_workspace, LOS_ANGELES)
    Workspace.objects.update(created_at=datetime(2026, 2, 25, 12, tzinfo=UTC))
    make_alert(auckland, "Hub outage", hour=datetime(2026, 2, 27, 20, tzinfo=UTC))
    auckland_seven = datetime(2026, 3, 1, 18, tzinfo=UTC)  # Monday 07:00 in Auckland
    los_angeles_seven = datetime(2026, 3, 2, 15, tzinfo=UTC)  # Monday 07:00 in Los Angeles

    assert sending.send_due_digests(auckland_seven - timedelta(minutes=1)) == 0
    assert sending.send_due_digests(auckland_seven) == 1
    assert {message.to[0] for message in mail.outbox} == {cast.admin.email, cast.analyst.email}
    assert "Sat 28 Feb 09:00" in mail.outbox[0].body  # the alert's hour, Auckland's clock
    assert sending.send_due_digests(los_angeles_seven - timedelta(minutes=1)) == 0
    assert sending.send_due_digests(los_angeles_seven) == 1
    assert mail.outbox[-1].to == [cast.outsider.email]
    assert set(DigestDelivery.objects.values_list("workspace_id", "week_ending")) == {
        (auckland.pk, SUNDAY),
        (los_angeles.pk, SUNDAY),
    }
    assert sending.send_due_digests(los_angeles_seven + timedelta(days=1)) == 0


def test_the_preview_knows_the_workspaces_today_not_the_servers(client, cast, settings):
    settings.TIME_ZONE = "Etc/GMT+12"  # UTC-12: always a day or two behind Kiritimati
    workspace = in_zone(cast.workspace, ZoneInfo("Pacific/Kiritimati"))  # UTC+14
    today = weeks.local_today(workspace)
    client.force_login(cast.viewer)
    url = reverse("measuring:digest", args=[workspace.slug])

    assert client.get(f"{url}?week_ending={today}").status_code == 200
    assert client.get(f"{url}?week_ending={today + timedelta(days=1)}").status_code == 400
    page = client.get(url).content.decode()
    assert f'value="{weeks.last_week_ending(today)}"' in page
