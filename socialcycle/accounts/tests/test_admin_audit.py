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
