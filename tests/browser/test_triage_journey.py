"""A responder triages a community post from the inbox into an insight, which is routed;
marking it done tells the member who raised it, who finds the notification in the
community and on their feedback page."""

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from socialcycle.acting.models import Insight, RoutingRule, Team
from socialcycle.community.posting import Draft, post_contribution
from socialcycle.responding.loop import participant_token
from socialcycle.responding.models import Notification
from socialcycle.testing.members import MEMBER_PASSWORD, make_member
from tests.browser.staff import go_to, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_triage_route_close_and_the_contributor_is_told(browser, page, live_server, cast):
    sam = make_member(cast.workspace, "sam")
    post_contribution(
        sam,
        Draft(
            type="question",
            title="Hub down",
            text="The hub is down again and support never answers, this is the worst",
        ),
    )  # committed, so analysed at once (in-process tasks)
    author = sam.participant
    team = Team.objects.create(workspace=cast.workspace, name="Operations")
    RoutingRule.objects.create(
        workspace=cast.workspace, name="Angry", sentiments=["negative"], team=team, sla_hours=8
    )
    sign_in(page, live_server.url, cast.analyst.username)

    go_to(page, "Respond", "Inbox")
    expect(page.locator("table.inbox")).to_contain_text("The hub is down again")
    page.wait_for_load_state("load")  # the keyboard script is loaded with the page
    page.keyboard.press("j")
    expect(page.locator("table.inbox tbody tr").first).to_have_class("selected")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=2).first).to_have_text("Analysis")
    page.get_by_role("link", name="Turn into an insight or attach to one").click()
    page.get_by_label("Title").fill("Hub outage")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Hub outage")
    expect(page.locator(".subtitle")).to_contain_text("team Operations")
    page.get_by_label("Status").select_option("done")
    page.get_by_role("button", name="Change status").click()
    expect(page.locator(".subtitle")).to_contain_text("Done")

    insight = Insight.objects.get()
    assert insight.status == "done"
    assert Notification.objects.filter(participant=author, medium="community").exists()
    assert [message.to for message in mail.outbox] == [["sam@example.com"]]
    page.goto(live_server.url + reverse("responding:my-feedback", args=[participant_token(author)]))
    expect(page.locator("table")).to_contain_text("Hub outage")
    expect(page.locator("table")).to_contain_text("Done")

    # Sam signs in to the community and finds the notification there.
    member_view = browser.new_context().new_page()
    member_view.goto(f"{live_server.url}/c/{cast.workspace.slug}/sign-in/")
    member_view.get_by_label("E-mail address").fill("sam@example.com")
    member_view.get_by_label("Password").fill(MEMBER_PASSWORD)
    member_view.get_by_role("button", name="Sign in").click()
    expect(member_view.get_by_test_id("unread")).to_have_text("1")
    member_view.get_by_role("link", name="Notifications").click()
    expect(member_view.get_by_test_id("notice")).to_contain_text("Hub outage")
    expect(member_view.get_by_test_id("notice")).to_contain_text("is now done")
    member_view.context.close()
