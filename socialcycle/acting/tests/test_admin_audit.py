"""What staff change in the Django admin is in the workspace's audit log, like any change."""

import pytest

from socialcycle.accounts.models import AuditEvent
from socialcycle.accounts.tests.test_admin_sign_in import make_root
from socialcycle.acting.models import Team

pytestmark = pytest.mark.django_db


def test_adding_renaming_and_deleting_in_the_admin_is_audited(client, cast):
    root = make_root()
    client.force_login(root)

    added = client.post("/admin/acting/team/add/", {"workspace": cast.workspace.pk, "name": "Ops"})
    team = Team.objects.get(name="Ops")
    changed = client.post(
        f"/admin/acting/team/{team.pk}/change/",
        {"workspace": cast.workspace.pk, "name": "Operations"},
    )
    deleted = client.post(f"/admin/acting/team/{team.pk}/delete/", {"post": "yes"})

    assert [added.status_code, changed.status_code, deleted.status_code] == [302, 302, 302]
    events = AuditEvent.objects.filter(workspace=cast.workspace).order_by("pk")
    assert [(e.action, e.object_id, e.actor) for e in events] == [
        ("admin: added team", str(team.pk), root),
        ("admin: changed team", str(team.pk), root),
        ("admin: deleted team", str(team.pk), root),
    ]
    assert events[1].after["change"] == "Changed Name."
    assert not AuditEvent.objects.filter(workspace=cast.other_workspace).exists()


def test_deleting_several_with_delete_selected_is_audited_each(client, cast):
    root = make_root()
    client.force_login(root)
    ours = [Team.objects.create(workspace=cast.workspace, name=n) for n in ("Ops", "Care")]
    theirs = Team.objects.create(workspace=cast.other_workspace, name="Theirs")
    chosen = {"action": "delete_selected", "_selected_action": [t.pk for t in [*ours, theirs]]}

    asked = client.post("/admin/acting/team/", chosen)
    assert asked.status_code == 200  # the confirmation page: nothing deleted, nothing said
    assert not AuditEvent.objects.exists()
    done = client.post("/admin/acting/team/", {**chosen, "post": "yes"})

    assert done.status_code == 302
    assert not Team.objects.exists()
    mine = AuditEvent.objects.filter(workspace=cast.workspace).order_by("object_id")
    assert [(e.action, e.object_id, e.after["object"]) for e in mine] == sorted(
        [("admin: deleted team", str(t.pk), t.name) for t in ours], key=lambda row: row[1]
    )
    (other,) = AuditEvent.objects.filter(workspace=cast.other_workspace)
    assert other.object_id == str(theirs.pk)


def test_deleting_one_with_delete_selected_is_audited_once(client, cast):
    client.force_login(make_root())
    team = Team.objects.create(workspace=cast.workspace, name="Ops")

    client.post(
        "/admin/acting/team/",
        {"action": "delete_selected", "_selected_action": [team.pk], "post": "yes"},
    )

    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["admin: deleted team"]
