"""Teams: admins create, rename, choose members (members of the workspace only) and keep
business hours, each change in the audit log; everyone else is refused. SLAs routed to a
team with business hours count its working hours."""

from datetime import date, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from socialcycle.accounts.models import AuditEvent
from socialcycle.acting import services, teams
from socialcycle.acting.models import RoutingRule, Team
from socialcycle.understanding.tests.helpers import analysed_posts


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def test_create_rename_and_choose_members(cast):
    team = teams.add_team(cast.workspace, "Support", by=cast.admin)
    teams.rename_team(team, "Customer care", by=cast.admin)
    names = teams.set_team_members(team, [cast.viewer.pk, cast.analyst.pk], by=cast.admin)
    assert names == ["bob", "vera"]
    assert set(team.members.all()) == {cast.viewer, cast.analyst}
    actions = list(
        AuditEvent.objects.filter(object_type="team")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "rename", "change members"]


def test_only_the_workspaces_members_can_join_its_teams(cast):
    team = teams.add_team(cast.workspace, "Support", by=cast.admin)
    with pytest.raises(teams.TeamError, match="only members of this workspace"):
        teams.set_team_members(team, [cast.outsider.pk], by=cast.admin)
    assert not team.members.exists()


def test_a_team_name_is_unique_in_its_workspace(cast):
    teams.add_team(cast.workspace, "Support", by=cast.admin)
    with pytest.raises(teams.TeamError, match="already"):
        teams.add_team(cast.workspace, "Support", by=cast.admin)
    teams.add_team(cast.other_workspace, "Support", by=cast.outsider)


def test_the_teams_page_for_admins(cast):
    url = reverse("acting:teams", args=[cast.workspace.slug])
    client = as_user(cast.admin)
    assert client.post(url, {"create": "", "name": "Product"}).status_code == 302
    team = Team.objects.get(workspace=cast.workspace, name="Product")
    saved = client.post(url, {"members": "", "team": team.pk, "member": [cast.analyst.pk]})
    assert saved.status_code == 302
    assert list(team.members.all()) == [cast.analyst]
    page = client.get(url)
    assert b"Members of Product" in page.content
    assert as_user(cast.analyst).post(url, {"create": "", "name": "Mine"}).status_code == 403
    assert as_user(cast.outsider).get(url).status_code == 404
    theirs = Team.objects.create(workspace=cast.other_workspace, name="Theirs")
    crossed = client.post(url, {"rename": "", "team": theirs.pk, "name": "Ours"})
    assert crossed.status_code == 404


def test_business_hours_are_kept_described_and_audited(cast):
    team = teams.add_team(cast.workspace, "Support", by=cast.admin)
    assert team.business_hours() is None
    teams.set_business_hours(
        team,
        days=[0, 1, 2, 3, 4],
        opens=time(9),
        closes=time(17, 30),
        holidays=[date(2026, 12, 25)],
        zone="Europe/Paris",
        by=cast.admin,
    )
    team.refresh_from_db()
    kept = team.business_hours()
    assert kept is not None
    assert kept.describe() == "Mon-Fri 09:00-17:30 Europe/Paris, 1 holiday"
    teams.set_business_hours(team, days=[], opens=None, closes=None, by=cast.admin)
    team.refresh_from_db()
    assert team.business_hours() is None
    event = AuditEvent.objects.filter(action="change business hours").order_by("pk").last()
    assert event is not None
    assert event.before == {"hours": kept.describe(), "holidays": ["2026-12-25"]}
    assert event.after == {"hours": "round the clock"}


def test_business_hours_without_a_zone_keep_the_workspaces(cast):
    cast.workspace.time_zone = "Asia/Tokyo"
    cast.workspace.save()
    team = teams.add_team(cast.workspace, "Support", by=cast.admin)
    teams.set_business_hours(team, days=[0], opens=time(9), closes=time(17), by=cast.admin)
    kept = Team.objects.get(pk=team.pk).business_hours()
    assert kept is not None
    assert kept.zone.key == "Asia/Tokyo"


def test_business_hours_that_cannot_be_kept_are_refused(cast):
    team = teams.add_team(cast.workspace, "Support", by=cast.admin)
    with pytest.raises(teams.TeamError, match="closing time must come after"):
        teams.set_business_hours(team, days=[0], opens=time(17), closes=time(9), by=cast.admin)
    with pytest.raises(teams.TeamError, match="is not a time zone"):
        teams.set_business_hours(
            team, days=[0], opens=time(9), closes=time(17), zone="Mars/Olympus", by=cast.admin
        )
    team.refresh_from_db()
    assert team.business_hours() is None


def test_the_teams_page_keeps_business_hours_and_names_the_bad_line(cast):
    url = reverse("acting:teams", args=[cast.workspace.slug])
    team = teams.add_team(cast.workspace, "Support", by=cast.admin)
    client = as_user(cast.admin)
    field = f"hours-{team.pk}"
    hours = {
        "hours": "",
        "team": team.pk,
        f"{field}-days": ["0", "1", "2", "3", "4"],
        f"{field}-opens": "08:00",
        f"{field}-closes": "16:00",
        f"{field}-zone": "",
        f"{field}-holidays": "2026-12-25\n2026-12-26",
    }
    assert client.post(url, hours).status_code == 302
    team.refresh_from_db()
    assert team.holidays == ["2026-12-25", "2026-12-26"]
    assert "Works Mon-Fri 08:00-16:00" in client.get(url).content.decode()

    refused = client.post(url, {**hours, f"{field}-holidays": "2026-12-25\n25/12/2026"})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "line 2: &#x27;25/12/2026&#x27; is not a date" in page
    assert "25/12/2026</textarea>" in page  # what was typed is shown again
    assert as_user(cast.analyst).post(url, hours).status_code == 403


def test_an_sla_routed_to_a_team_counts_its_working_hours(cast):
    team = teams.add_team(cast.workspace, "Support", by=cast.admin)
    teams.set_business_hours(team, days=range(5), opens=time(9), closes=time(17), by=cast.admin)
    RoutingRule.objects.create(workspace=cast.workspace, name="All", team=team, sla_hours=16)
    (post,) = analysed_posts(cast.workspace, ["The hub is offline since this morning"])
    insight = services.create_insight(cast.workspace, kind="complaint", title="Offline")
    routed_at = timezone.now()
    services.attach_posts(insight, [post])
    insight.refresh_from_db()

    kept = Team.objects.get(pk=team.pk).business_hours()
    assert kept is not None
    assert insight.sla_due_at is not None
    assert kept.hours_between(routed_at, insight.sla_due_at) == pytest.approx(16, abs=0.01)
    # Sixteen working hours of an eight-hour day always span a night.
    assert insight.sla_due_at - routed_at > timedelta(hours=24)
    assert (
        "Routed here by"
        in as_user(cast.admin)
        .get(reverse("acting:teams", args=[cast.workspace.slug]))
        .content.decode()
    )


def test_hours_that_leave_no_time_to_work_fall_back_to_calendar_hours_for_the_sla(cast):
    team = teams.add_team(cast.workspace, "Mondays", by=cast.admin)
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    every_monday = [monday + timedelta(weeks=week) for week in range(-1, 200)]
    Team.objects.filter(pk=team.pk).update(
        working_days=[0],
        opens_at=time(9),
        closes_at=time(10),
        holidays=[day.isoformat() for day in every_monday],
    )
    RoutingRule.objects.create(workspace=cast.workspace, name="All", team=team, sla_hours=4)
    (post,) = analysed_posts(cast.workspace, ["The hub is offline since this morning"])
    insight = services.create_insight(cast.workspace, kind="complaint", title="Offline")
    routed_at = timezone.now()

    services.attach_posts(insight, [post])

    insight.refresh_from_db()
    assert insight.sla_due_at is not None
    waited = insight.sla_due_at - routed_at
    assert timedelta(hours=4) <= waited < timedelta(hours=4, minutes=1)
