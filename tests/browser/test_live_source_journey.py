"""An admin connects a Mastodon hashtag (a local server plays the instance: an allowed
setting for tests only), sees its posts arrive, replies from the inbox, and sees the
published reply's link."""

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

import socialcycle.listening.tests as listening_tests
from socialcycle.listening.connectors import polling
from socialcycle.responding import publishing
from socialcycle.understanding.services import analyse_pending_posts
from tests.browser.staff import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

FIXTURES = Path(listening_tests.__file__).parent / "fixtures" / "mastodon"
PUBLISHED = "https://fosstodon.example/@lumio/113500000000009999"


@pytest.fixture
def instance(platform):
    platform.answer("/api/v1/timelines/tag/lumio", fixture=FIXTURES / "hashtag_timeline.json")
    platform.answer("/api/v1/statuses", fixture=FIXTURES / "status_posted.json")
    return platform


def test_connect_a_hashtag_see_posts_arrive_and_reply_where_they_were_said(
    page, live_server, cast, instance
):
    sign_in(page, live_server.url, cast.admin.username)
    page.goto(live_server.url + reverse("listening:sources", args=[cast.workspace.slug]))
    page.locator("#connect-live-source summary", has_text="Mastodon").click()
    form = page.locator("#connect-mastodon")
    form.get_by_label("Name", exact=True).fill("#lumio on Mastodon")
    form.get_by_label("Server").fill(instance.url)
    form.get_by_label("Hashtag", exact=True).fill("lumio")
    form.get_by_label("Access token").fill("app-token-1")
    form.get_by_role("button", name="Connect Mastodon").click()
    expect(page.locator(".message")).to_contain_text("Connected #lumio on Mastodon")

    polling.poll_due(timezone.now())  # the every-minute sweep
    analyse_pending_posts(100)  # the scheduler's analysis
    page.reload()
    expect(page.locator(".live-status")).to_contain_text("3 fetched last time, 3 in all")

    page.goto(live_server.url + reverse("responding:inbox", args=[cast.workspace.slug]))
    row = page.locator("tr", has_text="lost all my scenes")
    row.get_by_role("link", name="Reply").click()
    expect(page.locator("#publishes-to")).to_contain_text("published on Mastodon")
    page.get_by_label("Text").fill(
        "@ana sorry about the scenes: 4.2.1 brings them back, out today."
    )
    page.get_by_role("button", name="Send reply").click()
    expect(page.locator(".message")).to_contain_text("Publishing on Mastodon")

    publishing.publish_waiting()  # the background task (done already where tasks run inline)
    page.reload()
    link = page.get_by_role("link", name="see it")
    expect(link).to_have_attribute("href", PUBLISHED)
    assert len(instance.posted) == 1
