"""Measuring in the browser: an analyst follows an early warning to its posts and
acknowledges it; a viewer downloads the posts from the exports page; the admin reads the
weekly digest, downloads its PDF and sends it, and it arrives by e-mail."""

import csv
import json
import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from socialcycle.measuring.alerts import detection
from socialcycle.measuring.alerts.rule import hour_start
from socialcycle.measuring.digest import weeks
from socialcycle.measuring.models import Alert, DigestDelivery
from socialcycle.measuring.tests.alert_helpers import posts_in, topic, usual_weeks
from tests.browser.staff import go_to, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

QUIET = {-1: 1, 0: 1, 1: 0}
BURST_TEXT = "The hub lost its cloud connection again"


def test_an_alert_is_followed_to_its_posts_and_acknowledged(page, live_server, cast):
    cloud = topic(cast.workspace, "Cloud connection")
    hour = hour_start(timezone.now()) - timedelta(hours=1)
    usual_weeks(cast.workspace, cloud, hour, QUIET)
    burst = posts_in(cast.workspace, hour, 12, about=cloud, text=BURST_TEXT)
    (alert,) = detection.check_workspace(cast.workspace)
    sign_in(page, live_server.url, cast.analyst.username)

    go_to(page, "Measure", "Alerts")
    card = page.locator(f"#alert-{alert.pk}")
    expect(card.get_by_role("heading", level=2)).to_have_text("Topic: Cloud connection")
    expect(card).to_contain_text("12 negative posts in the hour")
    expect(card.locator(".alert-evidence li")).to_have_count(12)
    card.get_by_role("button", name="Acknowledge").click()

    expect(page.locator(".message")).to_contain_text("Cloud connection acknowledged")
    card = page.locator(f"#alert-{alert.pk}")
    expect(card).to_contain_text(f"Acknowledged by {cast.analyst.username}")
    expect(card.get_by_role("button", name="Acknowledge")).to_have_count(0)
    alert.refresh_from_db()
    assert alert.state == Alert.State.ACKNOWLEDGED

    card.locator(".alert-evidence a").first.click()
    expect(page).to_have_url(re.compile(rf"/posts/{burst[0].pk}/$"))
    expect(page.locator("main")).to_contain_text(BURST_TEXT)


def download(page: Page, click: object) -> str:
    with page.expect_download() as info:
        click()  # type: ignore[operator]
    return info.value.path().read_text(encoding="utf-8")


def test_a_viewer_downloads_the_posts_as_csv_and_as_json_lines(page, live_server, cast):
    made = posts_in(
        cast.workspace, timezone.now() - timedelta(days=2), 3, text="Setup took a minute"
    )
    sign_in(page, live_server.url, cast.viewer.username)
    go_to(page, "Measure", "Exports")
    expect(page.locator("#export-participants")).to_contain_text("not with your role")

    text = download(page, page.locator("#export-posts").get_by_role("link", name="CSV").click)
    rows = list(csv.DictReader(text.splitlines()))
    assert sorted(int(row["id"]) for row in rows) == sorted(post.pk for post in made)
    assert {row["text"] for row in rows} == {"Setup took a minute"}

    page.get_by_label("Posts with their analysis").check()
    page.get_by_label("JSON Lines (programs)").check()
    text = download(page, page.get_by_role("button", name="Download").click)
    lines = [json.loads(line) for line in text.splitlines()]
    assert sorted(line["id"] for line in lines) == sorted(post.pk for post in made)
    assert {line["sentiment"] for line in lines} == {"negative"}


def test_the_admin_reads_downloads_and_sends_the_weekly_digest(page, live_server, cast, smtp_inbox):
    week_ending = weeks.last_week_ending(timezone.localdate())
    during = timezone.make_aware(datetime.combine(week_ending - timedelta(days=2), time(10)))
    posts_in(cast.workspace, during, 4, text="Support never called back")
    sign_in(page, live_server.url, cast.admin.username)

    go_to(page, "Measure", "Digest")
    body = page.locator("#digest")
    expect(body.get_by_role("heading", level=1)).to_contain_text("the week in feedback")
    expect(body).to_contain_text(f"{week_ending:%A} {week_ending.day} {week_ending:%B %Y}")
    expect(page.locator("main")).to_contain_text("Not e-mailed yet.")

    pdf = page.get_by_role("link", name="Download PDF")
    with page.expect_download() as info:
        pdf.click()
    assert info.value.path().read_bytes().startswith(b"%PDF-")

    page.get_by_role("button", name="Send now").click()
    expect(page.locator(".message")).to_contain_text("went to 2 admins and analysts")
    expect(page.get_by_role("button", name="Send now")).to_have_count(0)
    assert {str(message["To"]) for message in smtp_inbox.messages} == {
        cast.admin.email,
        cast.analyst.email,
    }
    delivery = DigestDelivery.objects.get(workspace=cast.workspace, week_ending=week_ending)
    assert delivery.is_sent
