"""The first-run page (works once, then is gone) and the Settings pages (admins only;
another workspace's admin gets 404), through the test client."""

from django.test import Client
from django.urls import reverse

from socialcycle.accounts.models import AuditEvent, Membership, Role, TrackedName, Workspace
from socialcycle.testing.factories import make_user

FIRST_RUN = {
    "name": "Skyward Air",
    "slug": "",
    "time_zone": "America/Chicago",
    "brand": "Skyward=SkywardAir",
    "products": "Skyward App=App\nRewards",
    "competitors": "JetBlue",
    "username": "ops",
    "email": "ops@skyward.example",
    "password": "a long enough secret 42",
}


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def settings_url(workspace, name="workspace:settings"):
    return reverse(name, args=[workspace.slug])


# The first run ---------------------------------------------------------------------------
def test_an_empty_installation_sends_sign_in_to_the_first_run_page(db):
    response = Client().get(reverse("accounts:login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("first-run")


def test_the_first_run_page_sets_up_the_workspace_signs_in_and_is_gone(db):
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("first-run"))
    assert page.status_code == 200
    assert b"Set up your organisation" in page.content
    refused = client.post(reverse("first-run"), FIRST_RUN)
    assert refused.status_code == 403  # no CSRF token, no workspace
    assert not Workspace.objects.exists()

    token = client.cookies["csrftoken"].value
    done = client.post(reverse("first-run"), {**FIRST_RUN, "csrfmiddlewaretoken": token})
    workspace = Workspace.objects.get(slug="skyward-air")
    assert done.status_code == 302
    assert done["Location"] == reverse("measuring:home", args=["skyward-air"])
    assert Membership.objects.get(workspace=workspace).role == Role.ADMIN
    assert TrackedName.objects.filter(workspace=workspace).count() == 4
    assert client.get(done["Location"]).status_code == 200  # signed in as the new admin

    assert client.get(reverse("first-run")).status_code == 404
    again = Client().post(reverse("first-run"), {**FIRST_RUN, "username": "intruder"})
    assert again.status_code == 404
    assert Workspace.objects.count() == 1
    assert Client().get(reverse("accounts:login")).status_code == 200


def test_the_first_run_page_says_what_is_wrong(db):
    bad = Client().post(reverse("first-run"), {**FIRST_RUN, "time_zone": "Mars/Base"})
    assert bad.status_code == 400
    assert b"&#x27;Mars/Base&#x27; is not a time zone" in bad.content
    weak = Client().post(reverse("first-run"), {**FIRST_RUN, "password": "skyward"})
    assert weak.status_code == 400
    assert b"The password is too weak" in weak.content
    assert not Workspace.objects.exists()


def test_the_first_run_page_is_gone_while_any_user_exists(db):
    make_user("someone")
    assert Client().get(reverse("first-run")).status_code == 404


def test_the_first_run_page_is_rate_limited(db):
    client = Client()
    statuses = [client.get(reverse("first-run")).status_code for _ in range(21)]
    assert statuses[-1] == 429


# Settings --------------------------------------------------------------------------------
def test_only_admins_change_settings_and_strangers_get_404(cast):
    url = settings_url(cast.workspace)
    data = {"save_workspace": "", "name": "Hacked", "slug": "hacked", "time_zone": "UTC"}
    assert as_user(cast.analyst).get(url).status_code == 403
    assert as_user(cast.analyst).post(url, data).status_code == 403
    assert as_user(cast.outsider).get(url).status_code == 404
    assert as_user(cast.outsider).post(url, data).status_code == 404
    cast.workspace.refresh_from_db()
    assert cast.workspace.name == "Lumio"


def test_an_admin_renames_the_workspace_and_is_warned_about_the_slug(cast):
    client = as_user(cast.admin)
    response = client.post(
        settings_url(cast.workspace),
        {
            "save_workspace": "",
            "name": "Lumio Europe",
            "slug": "lumio-eu",
            "time_zone": "Europe/Berlin",
            "description": "Our EU arm",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/w/lumio-eu/settings/"
    assert b"old addresses of this workspace no longer work" in response.content
    workspace = Workspace.objects.get(pk=cast.workspace.pk)
    assert (workspace.slug, workspace.time_zone) == ("lumio-eu", "Europe/Berlin")


def test_a_bad_time_zone_is_an_error_on_the_page(cast):
    response = as_user(cast.admin).post(
        settings_url(cast.workspace),
        {"save_workspace": "", "name": "Lumio", "slug": cast.workspace.slug, "time_zone": "Nope"},
    )
    assert response.status_code == 400
    assert b"is not a time zone" in response.content


def test_an_admin_adds_changes_and_removes_a_tracked_name(cast):
    client = as_user(cast.admin)
    url = settings_url(cast.workspace)
    added = client.post(
        url,
        {"add_name": "", "kind": "product", "name": "Lumio App", "aliases": "the app, LumioApp"},
    )
    assert added.status_code == 302
    tracked = TrackedName.objects.get(workspace=cast.workspace, name="Lumio App")
    assert tracked.aliases == ["the app", "LumioApp"]
    saved = client.post(
        url,
        {
            "save_name": "",
            "tracked": tracked.pk,
            "kind": "product",
            "name": "Lumio App",
            "aliases": "App",
            "case_sensitive": "on",
        },
    )
    assert saved.status_code == 302
    tracked.refresh_from_db()
    assert (tracked.aliases, tracked.case_sensitive) == (["App"], True)
    page = client.get(url)
    assert b"whole word, case-sensitive" in page.content
    client.post(url, {"remove_name": "", "tracked": tracked.pk})
    assert not TrackedName.objects.filter(pk=tracked.pk).exists()
    assert AuditEvent.objects.filter(object_type="tracked_name").count() == 3


def test_another_workspaces_tracked_name_cannot_be_changed(cast):
    theirs = TrackedName.objects.create(workspace=cast.other_workspace, kind="brand", name="Else")
    response = as_user(cast.admin).post(
        settings_url(cast.workspace), {"remove_name": "", "tracked": theirs.pk}
    )
    assert response.status_code == 404
    assert TrackedName.objects.filter(pk=theirs.pk).exists()


def test_an_admin_creates_another_workspace_and_becomes_its_admin(cast):
    response = as_user(cast.admin).post(
        settings_url(cast.workspace, "workspace:new-workspace"),
        {"name": "Lumio Labs", "slug": "", "time_zone": "UTC", "brand": "Lumio Labs"},
    )
    created = Workspace.objects.get(slug="lumio-labs")
    assert response["Location"] == reverse("measuring:home", args=["lumio-labs"])
    assert Membership.objects.get(workspace=created, user=cast.admin).role == Role.ADMIN
    assert not Membership.objects.filter(workspace=created, user=cast.analyst).exists()
    assert (
        as_user(cast.analyst)
        .get(settings_url(cast.workspace, "workspace:new-workspace"))
        .status_code
        == 403
    )


def test_the_navigation_shows_admin_links_to_admins_only(cast):
    admin_page = as_user(cast.admin).get(reverse("measuring:home", args=[cast.workspace.slug]))
    viewer_page = as_user(cast.viewer).get(reverse("measuring:home", args=[cast.workspace.slug]))
    settings_link = f'href="{settings_url(cast.workspace)}"'.encode()
    templates_link = f'href="{settings_url(cast.workspace, "responding:templates")}"'.encode()
    assert settings_link in admin_page.content
    assert settings_link not in viewer_page.content
    assert templates_link in viewer_page.content


def test_every_staff_page_is_reachable_from_the_navigation(cast):
    """Each staff page of the workspace that needs no object and shows a page on GET."""
    import re

    from socialcycle.lib.access import STAFF, access_of
    from socialcycle.testing.routes import all_routes

    client = as_user(cast.admin)
    nav = client.get(reverse("measuring:home", args=[cast.workspace.slug])).content.decode()
    missing = []
    for route in all_routes():
        access = access_of(route.view)
        if access is None or access.audience != STAFF:
            continue
        if re.findall(r"<(?:\w+:)?(\w+)>", route.pattern) != ["slug"]:
            continue
        url = reverse(route.name, args=[cast.workspace.slug])
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue  # an action (POST only) or a download
        if f'href="{url}"' not in nav:
            missing.append(route.name)
    assert missing == []
