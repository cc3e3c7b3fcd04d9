"""Setting up and changing a workspace through its services: checked values, audit
records, and the stamp that has recent posts searched for tracked names again."""

import pytest

from socialcycle.accounts import workspaces
from socialcycle.accounts.models import AuditEvent, Membership, Role, TrackedName, User, Workspace
from socialcycle.accounts.workspaces import NameSpec, Organisation, SetupError
from socialcycle.testing.factories import make_user

SKYWARD = Organisation(
    name="Skyward Air",
    slug="skyward",
    time_zone="America/Chicago",
    brand="Skyward=SkywardAir",
    products=(NameSpec("Skyward App", ("App",), case_sensitive=True),),
    competitors=(NameSpec.parse("JetBlue=jetblue, Jet Blue"),),
)


def test_a_name_spec_reads_name_and_comma_separated_aliases():
    assert NameSpec.parse(" Lumio App = the Lumio app,LumioApp,, LumioApp ") == NameSpec(
        "Lumio App", ("the Lumio app", "LumioApp")
    )


def test_the_first_run_makes_the_workspace_its_names_and_its_admin(db):
    workspace, admin = workspaces.set_up_first_workspace(
        SKYWARD, username="ops", email="ops@skyward.example", password="a long enough secret 42"
    )
    assert (workspace.slug, workspace.time_zone) == ("skyward", "America/Chicago")
    assert admin.is_superuser
    assert Membership.objects.get(workspace=workspace, user=admin).role == Role.ADMIN
    names = {
        (t.kind, t.name, tuple(t.aliases), t.case_sensitive) for t in TrackedName.objects.all()
    }
    assert names == {
        ("brand", "Skyward", ("SkywardAir",), False),
        ("product", "Skyward App", ("App",), True),
        ("competitor", "JetBlue", ("jetblue", "Jet Blue"), False),
    }
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", "object_type"))
    assert actions[0] == ("create", "workspace")
    assert actions.count(("track", "tracked_name")) == 3


def test_the_first_run_is_refused_once_anything_exists(db):
    make_user("someone")
    with pytest.raises(SetupError, match="set up already"):
        workspaces.set_up_first_workspace(
            SKYWARD, username="ops", email="", password="a long enough secret 42"
        )
    assert not Workspace.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"slug": "taken"}, "the slug 'taken' is taken by another workspace"),
        ({"slug": "-bad-"}, "'-bad-' is not a usable slug"),
        ({"time_zone": "Europe/Atlantis"}, "'Europe/Atlantis' is not a time zone"),
        ({"name": "  "}, "the organisation's name is empty"),
    ],
)
def test_bad_values_are_refused_with_a_sentence_and_nothing_is_written(db, change, message):
    Workspace.objects.create(name="Taken", slug="taken")
    admin = make_user("ops")
    with pytest.raises(SetupError, match=message):
        workspaces.create_organisation(Organisation(**{**SKYWARD.__dict__, **change}), admin)
    assert Workspace.objects.count() == 1
    assert not TrackedName.objects.exists()


def test_a_weak_password_or_a_taken_username_is_refused(db):
    make_user("ops")
    with pytest.raises(SetupError, match="username 'ops' is taken"):
        workspaces.check_admin("ops", "", "a long enough secret 42")
    with pytest.raises(SetupError, match="too weak"):
        workspaces.check_admin("new", "", "12345678")


def test_changing_the_workspace_records_before_and_after(cast):
    changed = workspaces.update_workspace(
        cast.workspace,
        by=cast.admin,
        name="Lumio Europe",
        slug="lumio-eu",
        time_zone="Europe/Berlin",
        description="",
    )
    assert changed == ["name", "slug", "time_zone"]
    cast.workspace.refresh_from_db()
    assert str(cast.workspace.zone()) == "Europe/Berlin"
    event = AuditEvent.objects.get(action="change", object_type="workspace")
    assert event.after == {"name": "Lumio Europe", "slug": "lumio-eu", "time_zone": "Europe/Berlin"}
    assert event.before["name"] == "Lumio"
    assert event.actor == cast.admin


def test_keeping_the_own_slug_is_not_a_clash_but_another_workspaces_is(cast):
    fields = {"name": "Lumio", "time_zone": "Europe/Berlin", "description": ""}
    assert workspaces.update_workspace(
        cast.workspace, by=cast.admin, slug=cast.workspace.slug, **fields
    ) == ["time_zone"]
    with pytest.raises(SetupError, match="taken"):
        workspaces.update_workspace(
            cast.workspace, by=cast.admin, slug=cast.other_workspace.slug, **fields
        )


def test_a_tracked_name_change_is_recorded_and_marks_the_names_changed(cast, settings):
    settings.EMBEDDED_SCHEDULED_TASKS = ("understanding.redetect_mentions",)  # not run here
    tracked = workspaces.save_tracked_name(
        cast.workspace, by=cast.admin, kind="product", spec=NameSpec("Lumio App", ("the app",))
    )
    workspaces.save_tracked_name(
        cast.workspace,
        by=cast.admin,
        kind="product",
        spec=NameSpec("Lumio App", ("App",), case_sensitive=True),
        tracked=tracked,
    )
    change = AuditEvent.objects.get(action="change", object_type="tracked_name")
    assert change.before["aliases"] == ["the app"]
    assert change.after == {
        "kind": "product",
        "name": "Lumio App",
        "aliases": ["App"],
        "case_sensitive": True,
    }
    cast.workspace.refresh_from_db()
    assert cast.workspace.names_changed_at is not None
    workspaces.remove_tracked_name(tracked, by=cast.admin)
    assert not TrackedName.objects.filter(pk=tracked.pk).exists()
    assert AuditEvent.objects.filter(action="untrack").exists()


def test_a_name_tracked_twice_is_refused(cast):
    spec = NameSpec("Lumio Hub")
    workspaces.save_tracked_name(cast.workspace, by=cast.admin, kind="product", spec=spec)
    with pytest.raises(SetupError, match="tracked already"):
        workspaces.save_tracked_name(cast.workspace, by=cast.admin, kind="product", spec=spec)


def test_the_creator_of_another_workspace_is_its_admin(cast):
    created = workspaces.create_organisation(
        Organisation(name="Lumio Labs", slug="lumio-labs"), cast.admin
    )
    assert Membership.objects.get(workspace=created, user=cast.admin).role == Role.ADMIN
    assert not User.objects.get(pk=cast.admin.pk).is_superuser


def test_an_unknown_stored_zone_falls_back_to_the_servers(db, settings):
    settings.TIME_ZONE = "Europe/Paris"
    assert Workspace(time_zone="").zone().key == "Europe/Paris"
    assert Workspace(time_zone="Asia/Tokyo").zone().key == "Asia/Tokyo"
    assert Workspace(time_zone="Typed/In the admin").zone().key == "Europe/Paris"


def test_saving_the_servers_zone_unchanged_is_no_change(cast, settings):
    settings.TIME_ZONE = "Europe/Paris"
    fields = {"name": "Lumio", "slug": cast.workspace.slug, "description": ""}
    assert (
        workspaces.update_workspace(
            cast.workspace, by=cast.admin, time_zone="Europe/Paris", **fields
        )
        == []
    )
    assert cast.workspace.time_zone == ""


def test_a_slug_taken_between_the_check_and_the_insert_is_a_sentence(db, monkeypatch):
    # Two people creating the same slug at once both pass check_slug; the database's
    # unique slug stops the second, which must get a sentence, not a server error.
    Workspace.objects.create(name="First", slug="skyward")
    monkeypatch.setattr(workspaces, "check_slug", lambda slug, **_: slug)
    with pytest.raises(SetupError, match="the slug 'skyward' is taken"):
        workspaces.create_organisation(SKYWARD, make_user("ops"))
    assert Workspace.objects.count() == 1
    assert not Membership.objects.exists()
