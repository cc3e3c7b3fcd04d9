"""The community in a real browser: a visitor joins and posts an idea (told about a
similar one while typing), another member votes, staff mark it done, and the first
member finds the notification waiting in the community."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from socialcycle.community import ideas
from socialcycle.community.models import Contribution
from socialcycle.testing.factories import PASSWORD
from socialcycle.testing.members import MEMBER_PASSWORD, make_member

pytestmark = pytest.mark.django_db(transaction=True)


def community_sign_in(page: Page, base_url: str, slug: str, email: str) -> None:
    page.goto(f"{base_url}/c/{slug}/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(MEMBER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_join_post_an_idea_get_votes_and_hear_it_is_done(
    browser: Browser, page: Page, live_server, cast
):
    slug, base = cast.workspace.slug, live_server.url
    elder = make_member(cast.workspace, "riley")
    ideas.submit_idea(elder, "Export my history as CSV", "I want a spreadsheet of my usage.")

    # A visitor joins and confirms the e-mail address from the message it received.
    page.goto(f"{base}/c/{slug}/")
    page.get_by_role("link", name="Join").click()
    page.get_by_label("Name shown on your posts").fill("dana")
    page.get_by_label("E-mail address").fill("dana@example.com")
    page.get_by_label("Password").fill(MEMBER_PASSWORD)
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    [message] = [m for m in mail.outbox if m.to == ["dana@example.com"]]
    found = re.search(r"http://\S+(/c/\S+/verify/\S+/)", str(message.body))
    assert found is not None
    link = found.group(1)
    page.goto(base + link)
    expect(page.locator(".message")).to_contain_text("confirmed")

    # Typing an idea shows the similar one already there; dana posts hers anyway.
    page.get_by_role("link", name="Ideas").first.click()
    page.get_by_role("link", name="Share an idea").click()
    page.get_by_label("Your idea in a sentence").fill("Download my usage history as a spreadsheet")
    expect(page.get_by_test_id("similar-ideas")).to_contain_text("Export my history as CSV")
    page.get_by_label("Your idea in a sentence").fill("Dark mode for the app")
    page.get_by_label("Tell us more").fill("The app is far too bright in the evening.")
    page.get_by_role("button", name="Post idea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dark mode for the app")
    expect(page.get_by_test_id("vote-count")).to_have_text("1")
    idea = Contribution.objects.get(post__title="Dark mode for the app")

    # Another member votes.
    other = browser.new_context()
    kim_page = other.new_page()
    make_member(cast.workspace, "kim")
    community_sign_in(kim_page, base, slug, "kim@example.com")
    kim_page.goto(f"{base}/c/{slug}/ideas/{idea.pk}/")
    kim_page.get_by_role("button", name="Vote").click()
    expect(kim_page.get_by_test_id("vote-count")).to_have_text("2")
    other.close()

    # Staff mark it done.
    staff = browser.new_context()
    staff_page = staff.new_page()
    staff_page.goto(f"{base}/accounts/login/")
    staff_page.get_by_label("Username").fill(cast.analyst.username)
    staff_page.get_by_label("Password").fill(PASSWORD)
    staff_page.get_by_role("button", name="Sign in").click()
    staff_page.goto(f"{base}/w/{slug}/community/ideas/{idea.pk}/")
    staff_page.get_by_label("Status (shown to the community").select_option("done")
    staff_page.get_by_role("button", name="Save status").click()
    expect(staff_page.locator(".message")).to_contain_text("Status saved")
    staff.close()

    # Dana sees it on the idea and in her notifications.
    page.goto(f"{base}/c/{slug}/ideas/{idea.pk}/")
    expect(page.get_by_test_id("idea-status")).to_have_text("Done")
    expect(page.get_by_test_id("unread")).to_have_text("1")
    page.get_by_role("link", name="Notifications").click()
    expect(page.get_by_test_id("notice").first).to_contain_text("Dark mode for the app")
    expect(page.get_by_test_id("notice").first).to_contain_text("is now done")
