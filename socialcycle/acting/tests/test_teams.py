"""Teams: admins create, rename and choose members (members of the workspace only), each
change in the audit log; everyone else is refused."""

import pytest
from django.test import Client
from django.urls import reverse

from socialcycle.accounts.models import AuditEvent
from socialcycle.acting import teams
from socialcycle.acting.models import Team


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def test_create_rename_and_choose_members(cast):
    team = teams.add_team(cast.workspace, "Support", cast.admin)
    teams.rename_team(team, "Customer care", cast.admin)
    names = teams.set_team_members(team, [cast.viewer.pk, cast.analyst.pk], cast.admin)
    assert names == ["bob", "vera"]
    assert set(team.members.all()) == {cast.viewer, cast.analyst}
    actions = list(
        AuditEvent.objects.filter(object_type="team")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "rename", "change members"]


def test_only_the_workspaces_members_can_join_its_teams(cast):
    team = teams.add_team(cast.workspace, "Support", cast.admin)
    with pytest.raises(teams.TeamError, match="only members of this workspace"):
        teams.set_team_members(team, [cast.outsider.pk], cast.admin)
    assert not team.members.exists()


def test_a_team_name_is_unique_in_its_workspace(cast):
    teams.add_team(cast.workspace, "Support", cast.admin)
    with pytest.raises(teams.TeamError, match="already"):
        teams.add_team(cast.workspace, "Support", cast.admin)
    teams.add_team(cast.other_workspace, "Support", cast.outsider)


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
