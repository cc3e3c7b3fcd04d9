"""A new organisation: the first-run page, its own dashboard, then Settings from the
navigation to make a product name case-sensitive."""

import pytest
from playwright.sync_api import expect

from socialcycle.accounts.models import TrackedName
from tests.browser.staff import go_to

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_the_first_run_page_to_the_organisations_own_settings(page, live_server):
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your organisation")
    page.get_by_label("Organisation name").fill("Skyward Air")
    page.get_by_label("Time zone").fill("America/Chicago")
    page.get_by_label("Brand").fill("Skyward=SkywardAir,@skywardair")
    page.get_by_label("Products").fill("Skyward App=the app")
    page.get_by_label("Competitors").fill("JetBlue")
    page.get_by_label("Your username").fill("ops")
    page.get_by_label("Your e-mail address").fill("ops@skyward.example")
    page.get_by_label("Your password").fill("a long enough secret 42")
    page.get_by_role("button", name="Create the workspace").click()

    expect(page.get_by_role("navigation", name="Workspace")).to_contain_text("Skyward Air")
    go_to(page, "Settings", "Settings")
    expect(page.get_by_role("heading", level=1)).to_have_text("Settings")
    app_row = page.locator('input[name="name"][value="Skyward App"]')
    row = page.locator("#tracked-names tbody tr", has=app_row)
    row.get_by_label("Aliases of Skyward App, comma-separated").fill("App")
    row.get_by_label("whole word, case-sensitive").check()
    row.get_by_role("button", name="Save").click()
    expect(page.locator(".message").first).to_contain_text("Saved Skyward App")
    app = TrackedName.objects.get(name="Skyward App")
    assert (app.aliases, app.case_sensitive) == (["App"], True)

    page.goto(f"{live_server.url}/setup/")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Set up your organisation")
