"""Sharing a workspace's corrections with the shared models: off by default, changed only by
the workspace's admin on the Settings page, and every change is in the audit log."""

from django.test import Client
from django.urls import reverse

from socialcycle.accounts.models import AuditEvent, Workspace


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def settings_url(workspace):
    return reverse("workspace:settings", args=[workspace.slug])


def test_a_workspace_keeps_its_corrections_to_itself_by_default(cast):
    assert not cast.workspace.share_corrections
    page = as_user(cast.admin).get(settings_url(cast.workspace)).content.decode()
    assert "also train the shared models every workspace uses" in page
    assert "otherwise they train only this workspace's own models" in page


def test_the_admin_turns_sharing_on_and_off_and_each_change_is_audited(cast):
    admin = as_user(cast.admin)

    turn_on = {"save_sharing": "1", "share_corrections": "on"}
    done = admin.post(settings_url(cast.workspace), turn_on)

    assert done.status_code == 302
    assert Workspace.objects.get(pk=cast.workspace.pk).share_corrections
    event = AuditEvent.objects.get(workspace=cast.workspace, object_type="workspace")
    assert (event.actor, event.action) == (cast.admin, "change")
    assert event.before == {"share_corrections": False}
    assert event.after == {"share_corrections": True}

    admin.post(settings_url(cast.workspace), {"save_sharing": "1"})  # unticked

    assert not Workspace.objects.get(pk=cast.workspace.pk).share_corrections
    assert AuditEvent.objects.filter(workspace=cast.workspace, object_type="workspace").count() == 2
    admin.post(settings_url(cast.workspace), {"save_sharing": "1"})  # no change, no event
    assert AuditEvent.objects.filter(workspace=cast.workspace, object_type="workspace").count() == 2


def test_only_the_workspaces_admin_may_change_sharing(cast):
    wanted = {"save_sharing": "1", "share_corrections": "on"}
    for member in (cast.viewer, cast.analyst):
        assert as_user(member).post(settings_url(cast.workspace), wanted).status_code == 403
    # Another workspace's admin does not even learn that the workspace exists.
    assert as_user(cast.outsider).post(settings_url(cast.workspace), wanted).status_code == 404
    assert not Workspace.objects.get(pk=cast.workspace.pk).share_corrections
    assert not AuditEvent.objects.filter(object_type="workspace").exists()
