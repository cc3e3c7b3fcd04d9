"""A signed-in user who belongs to no workspace lands on a page that lets them create one
of their own (they become its admin), unless the installation turned that off
(ALLOW_WORKSPACE_CREATION); members of a workspace land on it as before."""

import pytest
from django.test import Client
from django.urls import reverse

from socialcycle.accounts import workspaces
from socialcycle.accounts.models import AuditEvent, Membership, Role, User, Workspace
from socialcycle.accounts.views.settings import OWN_WORKSPACE_ATTEMPTS
from socialcycle.testing.factories import make_user

NEW = reverse("create-workspace")
SKYWARD = {
    "name": "Skyward Air",
    "slug": "skyward",
    "time_zone": "America/Chicago",
    "brand": "",
    "products": "",
    "competitors": "",
}


def signed_in(user, *, csrf=False):
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


@pytest.fixture
def loner(db):
    """Signed up once, then removed from every workspace (or made in the Django admin)."""
    return make_user("lee")


def test_a_user_without_a_workspace_creates_one_and_lands_on_its_dashboard_as_admin(loner):
    client = signed_in(loner, csrf=True)
    landing = client.get("/")
    assert landing.status_code == 200
    assert b"No workspace yet" in landing.content
    assert b'id="own-workspace"' in landing.content
    assert b"csrfmiddlewaretoken" in landing.content

    assert client.post(NEW, SKYWARD).status_code == 403  # no CSRF token
    assert not Workspace.objects.filter(slug="skyward").exists()

    token = client.cookies["csrftoken"].value
    done = client.post(NEW, {**SKYWARD, "csrfmiddlewaretoken": token}, follow=True)
    workspace = Workspace.objects.get(slug="skyward")
    assert done.redirect_chain == [(reverse("measuring:home", args=["skyward"]), 302)]
    assert done.status_code == 200
    assert b"Skyward Air is ready; you are its admin." in done.content
    assert workspace.time_zone == "America/Chicago"
    assert Membership.objects.get(workspace=workspace, user=loner).role == Role.ADMIN
    created = AuditEvent.objects.get(workspace=workspace, action="create")
    assert (created.object_type, created.actor) == ("workspace", loner)
    # Now a member, they land on it; the admin's own Settings page opens.
    assert client.get("/")["Location"] == reverse("measuring:home", args=["skyward"])
    assert client.get(reverse("workspace:settings", args=["skyward"])).status_code == 200


def test_an_empty_slug_is_made_from_the_name(loner):
    signed_in(loner).post(NEW, {**SKYWARD, "slug": ""})
    assert Workspace.objects.get(slug="skyward-air").memberships.get().user == loner


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"slug": "taken"}, b"The slug &#x27;taken&#x27; is taken by another workspace"),
        ({"slug": "-bad-"}, b"&#x27;-bad-&#x27; is not a usable slug"),
        ({"time_zone": "Mars/Olympus"}, b"&#x27;Mars/Olympus&#x27; is not a time zone"),
        ({"name": ""}, b"This field is required."),
    ],
)
def test_bad_values_are_said_on_the_form_and_nothing_is_created(loner, change, message):
    Workspace.objects.create(name="Taken", slug="taken")
    response = signed_in(loner).post(NEW, {**SKYWARD, **change})
    assert response.status_code == 400
    assert message in response.content
    assert b'id="own-workspace"' in response.content  # the form again, with what was typed
    assert Workspace.objects.count() == 1
    assert not Membership.objects.filter(user=loner).exists()


def test_where_creation_is_off_the_page_says_to_ask_an_administrator(loner, settings):
    settings.ALLOW_WORKSPACE_CREATION = False
    client = signed_in(loner)
    landing = client.get("/")
    assert landing.status_code == 200
    assert b"only administrators create workspaces" in landing.content
    assert b'id="own-workspace"' not in landing.content

    refused = client.post(NEW, SKYWARD)
    assert refused.status_code == 403
    assert b"Ask an administrator" in refused.content
    assert not Workspace.objects.exists()
    with pytest.raises(workspaces.SetupError, match="only administrators"):
        workspaces.create_own_workspace(workspaces.Organisation("Skyward", "skyward"), loner)


def test_where_creation_is_off_admins_and_superusers_still_may(cast, settings):
    settings.ALLOW_WORKSPACE_CREATION = False
    superuser = User.objects.create_superuser(username="root", password="x" * 20)
    assert workspaces.may_create_workspace(cast.admin)
    assert workspaces.may_create_workspace(superuser)
    assert not workspaces.may_create_workspace(cast.viewer)
    assert signed_in(cast.viewer).post(NEW, SKYWARD).status_code == 403
    assert signed_in(superuser).post(NEW, SKYWARD).status_code == 302
    assert Membership.objects.get(workspace__slug="skyward").user == superuser


def test_a_member_still_lands_on_their_workspace_and_may_create_another(cast):
    client = signed_in(cast.viewer)
    assert client.get("/")["Location"] == reverse("measuring:home", args=[cast.workspace.slug])
    page = client.get(NEW)
    assert page.status_code == 200
    assert b"Create a workspace" in page.content
    assert b"No workspace yet" not in page.content
    assert client.post(NEW, SKYWARD).status_code == 302
    assert Membership.objects.get(user=cast.viewer, workspace__slug="skyward").role == Role.ADMIN
    assert Membership.objects.get(user=cast.viewer, workspace=cast.workspace).role == Role.VIEWER


def test_signed_out_visitors_are_sent_to_sign_in(db):
    for response in (Client().get(NEW), Client().post(NEW, SKYWARD)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert not Workspace.objects.exists()


def test_attempts_are_rate_limited_per_account(loner):
    client = signed_in(loner)
    bad = {**SKYWARD, "time_zone": "Nope"}
    statuses = [client.post(NEW, bad).status_code for _ in range(OWN_WORKSPACE_ATTEMPTS + 1)]
    assert statuses[:-1] == [400] * OWN_WORKSPACE_ATTEMPTS
    assert statuses[-1] == 429
    assert client.post(NEW, SKYWARD).status_code == 429
    assert not Workspace.objects.exists()
    assert signed_in(make_user("other")).post(NEW, SKYWARD).status_code == 302
