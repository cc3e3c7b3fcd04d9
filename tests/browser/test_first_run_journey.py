"""A new organisation's first day: the first-run page, its own tracked names, a real-shaped
export with day-first dates through the upload page, a search, and its own topics."""

import random

import pytest
from playwright.sync_api import Page, expect

from socialcycle.accounts.models import TrackedName
from socialcycle.listening.models import Post
from tests.browser.staff import go_to

pytestmark = pytest.mark.django_db(transaction=True)

# Three things an airline's customers write about, each said several ways, as in the
# export that failed on day one: `id,created_at,author,brand,text,retweets`.
SUBJECTS = {
    "bags": [
        "@SkywardAir my luggage never arrived in {city}, lost bag again",
        "Still no sign of my lost luggage after landing in {city} @SkywardAir",
        "@SkywardAir you lost my bag on the flight to {city}, who do I call about luggage",
    ],
    "delays": [
        "@SkywardAir flight to {city} delayed three hours, nobody at the gate tells us why",
        "Another delay @SkywardAir, stuck at the gate for {city} with no update",
        "@SkywardAir our {city} flight is delayed again, the gate agents have no idea",
    ],
    "crew": [
        "Lovely crew on my flight to {city} @SkywardAir, so kind and friendly",
        "@SkywardAir the cabin crew to {city} were wonderful, thank you",
        "Friendly crew and a smile all the way to {city}, thank you @SkywardAir",
    ],
}
CITIES = ["Denver", "Boston", "Austin", "Chicago", "Seattle"]


def day_first_export(path):
    """45 tweets dated 13-27 February 2015, written `24-02-2015 11:35` (day first)."""
    rows = ["id,created_at,author,brand,text,retweets"]
    chooser = random.Random(7)
    for n in range(45):
        subject = list(SUBJECTS)[n % 3]
        text = chooser.choice(SUBJECTS[subject]).format(city=chooser.choice(CITIES))
        day, minute = 13 + n % 15, 10 + n
        rows.append(f'{n + 1},{day:02d}-02-2015 11:{minute:02d},flyer{n},SkywardAir,"{text}",0')
    path.write_text("\n".join(rows) + "\n")


def test_a_new_organisation_from_the_first_run_page_to_its_own_topics(page, live_server, tmp_path):
    page.goto(f"{live_server.url}/")
    set_up_the_organisation(page)
    make_the_product_name_case_sensitive(page)

    export = tmp_path / "airline-tweets.csv"
    day_first_export(export)
    import_the_export(page, export)
    assert Post.objects.filter(created_at__year=2015, created_at__month=2).count() == 45

    go_to(page, "Understand", "Posts")
    page.get_by_role("searchbox", name="Search").fill("luggage")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".subtitle").first).to_contain_text("best match first")
    expect(page.locator("table mark").first).to_have_text("luggage")

    go_to(page, "Understand", "Topics")
    page.get_by_role("button", name="Discover topics now").click()
    expect(page.locator("#discovery-status")).to_contain_text(
        "Done", ignore_case=True, timeout=60_000
    )
    page.reload()
    topic = page.locator('table a[href*="/topics/"]').first
    label = topic.inner_text()
    assert len(label.split(" / ")) >= 2
    assert "@" not in label
    assert "skyward" not in label.lower()
    topic.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(label)

    page.goto(f"{live_server.url}/setup/")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Set up your organisation")


def set_up_the_organisation(page: Page) -> None:
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


def make_the_product_name_case_sensitive(page: Page) -> None:
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


def import_the_export(page: Page, export) -> None:
    go_to(page, "Listen", "Import")
    page.get_by_label("or a new source named").fill("Airline tweets")
    page.get_by_label("File").set_input_files(str(export))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.locator("#date-detection")).to_contain_text("day")
    expect(page.locator("table.date-samples")).to_contain_text("13 Feb 2015")
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("#run-summary")).to_contain_text("45 new", timeout=60_000)
