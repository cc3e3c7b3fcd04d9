"""Teams as the Settings pages change them: create, rename, choose members. Each change
is recorded in the audit log; insights and routing rules name teams."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.models import User, Workspace
from socialcycle.acting.models import Team


class TeamError(ValueError):
    """A team change that cannot be made, said as one sentence."""


def _checked_name(workspace: Workspace, name: str, team: Team | None = None) -> str:
    name = name.strip()
    if not name:
        raise TeamError("a team needs a name.")
    if len(name) > 120:
        raise TeamError("a team's name is at most 120 characters.")
    taken = Team.objects.filter(workspace=workspace, name=name)
    if team is not None:
        taken = taken.exclude(pk=team.pk)
    if taken.exists():
        raise TeamError(f"there is a team called {name!r} already.")
    return name


def add_team(workspace: Workspace, name: str, by: User) -> Team:
    """A new team of nobody yet."""
    name = _checked_name(workspace, name)
    with transaction.atomic():
        team = Team.objects.create(workspace=workspace, name=name)
        record_change(workspace, by, "create", "team", team.pk, after={"name": name})
    return team


def rename_team(team: Team, name: str, by: User) -> Team:
    name = _checked_name(team.workspace, name, team)
    if name == team.name:
        return team
    with transaction.atomic():
        before = team.name
        team.name = name
        team.save(update_fields=["name"])
        record_change(
            team.workspace,
            by,
            "rename",
            "team",
            team.pk,
            before={"name": before},
            after={"name": name},
        )
    return team


def set_team_members(team: Team, user_ids: Iterable[int], by: User) -> list[str]:
    """Make exactly these members of the workspace the team's members; returns their
    usernames. Ids of people outside the workspace are refused."""
    wanted = set(user_ids)
    people = list(
        User.objects.filter(pk__in=wanted, memberships__workspace_id=team.workspace_id).order_by(
            "username"
        )
    )
    if len(people) != len(wanted):
        raise TeamError("only members of this workspace can be in its teams.")
    before = sorted(team.members.values_list("username", flat=True))
    after = [person.username for person in people]
    if before == after:
        return after
    with transaction.atomic():
        team.members.set(people)
        record_change(
            team.workspace,
            by,
            "change members",
            "team",
            team.pk,
            before={"members": before},
            after={"members": after},
        )
    return after
