"""Teams as the Settings pages change them: create, rename, choose members, keep business
hours. Each change is recorded in the audit log; insights and routing rules name teams."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import User, Workspace
from socialcycle.accounts.workspaces import SetupError, check_time_zone
from socialcycle.acting.business_hours import BusinessHours, BusinessHoursError
from socialcycle.acting.models import Team
from socialcycle.lib.errors import DomainError

MAX_HOLIDAYS = 366


class TeamError(DomainError):
    """A team change that cannot be made, said as one sentence."""

    code = "team"


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


def add_team(workspace: Workspace, name: str, *, by: User) -> Team:
    """A new team of nobody yet."""
    name = _checked_name(workspace, name)
    with transaction.atomic():
        team = Team.objects.create(workspace=workspace, name=name)
        record_change(workspace, by, AuditAction.CREATE, "team", team.pk, after={"name": name})
    return team


def rename_team(team: Team, name: str, *, by: User) -> Team:
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
            AuditAction.RENAME,
            "team",
            team.pk,
            before={"name": before},
            after={"name": name},
        )
    return team


def set_team_members(team: Team, user_ids: Iterable[int], *, by: User) -> list[str]:
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
            AuditAction.CHANGE_MEMBERS,
            "team",
            team.pk,
            before={"members": before},
            after={"members": after},
        )
    return after


def set_business_hours(
    team: Team,
    *,
    days: Iterable[int],
    opens: time | None,
    closes: time | None,
    holidays: Iterable[date] = (),
    zone: str = "",
    by: User,
) -> Team:
    """Keep when the team works; no opening time (or no day) means round the clock. SLAs
    routed to the team afterwards, and its response times, count working hours only."""
    kept_holidays = sorted({day.isoformat() for day in holidays})
    if len(kept_holidays) > MAX_HOLIDAYS:
        raise TeamError(f"a team keeps at most {MAX_HOLIDAYS} holidays.")
    wanted: dict[str, Any] = {
        "working_days": sorted(set(days)),
        "opens_at": opens,
        "closes_at": closes,
        "holidays": kept_holidays,
        "hours_zone": _checked_zone(zone),
    }
    if opens is None or closes is None or not wanted["working_days"]:
        wanted.update(working_days=[], opens_at=None, closes_at=None, holidays=[])
    else:
        _check_hours(team, wanted)
    if all(getattr(team, field) == value for field, value in wanted.items()):
        return team
    before = _hours_of(team)
    for field, value in wanted.items():
        setattr(team, field, value)
    after = _hours_of(team)
    with transaction.atomic():
        team.save(update_fields=list(wanted))
        record_change(
            team.workspace,
            by,
            AuditAction.CHANGE_BUSINESS_HOURS,
            "team",
            team.pk,
            before=before,
            after=after,
        )
    return team


def _checked_zone(zone: str) -> str:
    if not zone.strip():
        return ""
    try:
        return check_time_zone(zone)
    except SetupError as problem:
        raise TeamError(str(problem)) from problem


def _check_hours(team: Team, wanted: dict[str, Any]) -> None:
    workspace_zone = team.workspace.zone()
    try:
        BusinessHours(
            zone=ZoneInfo(wanted["hours_zone"]) if wanted["hours_zone"] else workspace_zone,
            days=frozenset(wanted["working_days"]),
            opens=wanted["opens_at"],
            closes=wanted["closes_at"],
        )
    except BusinessHoursError as problem:
        raise TeamError(str(problem)) from problem


def _hours_of(team: Team) -> dict[str, Any]:
    hours = team.business_hours()
    if hours is None:
        return {"hours": "round the clock"}
    return {"hours": hours.describe(), "holidays": list(team.holidays)}
