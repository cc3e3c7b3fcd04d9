"""The two ends of the loop an analyst and a customer walk every day: a suggestion the
system made is confirmed into an insight and given its team; once the insight is done,
the customer answers the satisfaction question from the e-mail and from the community's
notifications, and staff read the answer on Responsiveness."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from socialcycle.acting import services
from socialcycle.acting.models import Insight, Team
from socialcycle.community.posting import Draft, post_contribution
from socialcycle.responding.models import Satisfaction
from socialcycle.testing.members import MEMBER_PASSWORD, make_member
from socialcycle.understanding.tests.helpers import analysed_posts
from tests.browser.staff import go_to, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

RATE_LINK = re.compile(r"4 \([^)]*\): \S*?(/feedback/\S+\?score=4)")


def test_a_suggestion_is_confirmed_and_given_its_team(page, live_server, cast):
    posts = analysed_posts(
        cast.workspace,
        ["The hub forgets its pairing after every update", "Pairing lost again after update"],
    )
    suggestion = services.create_insight(
        cast.workspace, kind="complaint", title="The hub forgets its pairing after every update"
    )
    Insight.objects.filter(pk=suggestion.pk).update(suggested=True)
    services.attach_posts(suggestion, posts)
    Team.objects.create(workspace=cast.workspace, name="Firmware")
    sign_in(page, live_server.url, cast.analyst.username)

    go_to(page, "Act", "Insights")
    page.get_by_test_id("suggested-tab").click()
    expect(page.get_by_test_id("suggested-tab")).to_contain_text("1")
    page.get_by_role("link", name="The hub forgets its pairing after every update").click()
    page.get_by_role("button", name="Confirm this insight").click()
    expect(page.get_by_role("button", name="Confirm this insight")).to_have_count(0)
    page.get_by_label("Team").select_option(label="Firmware")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".subtitle")).to_contain_text("team Firmware")
    suggestion.refresh_from_db()
    assert not suggestion.suggested
    assert suggestion.team is not None
    assert suggestion.team.name == "Firmware"
    go_to(page, "Act", "Insights")
    expect(page.get_by_test_id("suggested-tab")).to_contain_text("0")
    expect(page.locator("table")).to_contain_text("The hub forgets its pairing")


def test_the_customer_rates_what_came_of_their_feedback(
    browser, page, live_server, cast, smtp_inbox
):
    sam = make_member(cast.workspace, "sam")
    idea = post_contribution(
        sam, Draft(type="idea", title="Dark mode", text="Please add a dark mode for night use")
    )
    insight = services.create_insight(cast.workspace, kind="idea", title="Dark mode")
    services.attach_posts(insight, [idea.post])

    services.change_insight_status(insight, "done", by=cast.admin)

    (message,) = smtp_inbox.to("sam@example.com")
    found = RATE_LINK.search(message.get_content())
    assert found, message.get_content()
    customer = browser.new_context().new_page()
    customer.goto(live_server.url + found.group(1))
    expect(customer.get_by_label("4 (", exact=False)).to_be_checked()
    customer.get_by_role("button", name="Send my answer").click()
    expect(customer.get_by_test_id("answer-recorded")).to_contain_text("4 of 5")

    # In the community, the notification asks the same question; a second answer replaces
    # the first.
    customer.goto(f"{live_server.url}/c/{cast.workspace.slug}/sign-in/")
    customer.get_by_label("E-mail address").fill("sam@example.com")
    customer.get_by_label("Password").fill(MEMBER_PASSWORD)
    customer.get_by_role("button", name="Sign in").click()
    customer.get_by_role("link", name="Notifications").click()
    customer.get_by_test_id("rate").get_by_role("link", name="5", exact=True).click()
    customer.get_by_role("button", name="Send my answer").click()
    expect(customer.get_by_test_id("answer-recorded")).to_contain_text("5 of 5")
    customer.context.close()

    assert list(Satisfaction.objects.values_list("score", flat=True)) == [5]
    sign_in(page, live_server.url, cast.analyst.username)
    page.goto(live_server.url + reverse("responding:responsiveness", args=[cast.workspace.slug]))
    expect(page.get_by_test_id("satisfaction")).to_contain_text("5")
    expect(page.get_by_test_id("satisfaction")).to_contain_text("1 answer")


def test_posts_chosen_on_the_posts_page_are_attached_together(page, live_server, cast):
    posts = analysed_posts(
        cast.workspace, ["The hub will not pair with my lamp", "Pairing fails after the update"]
    )
    insight = services.create_insight(cast.workspace, kind="complaint", title="Pairing fails")
    sign_in(page, live_server.url, cast.analyst.username)

    page.goto(live_server.url + reverse("understanding:posts", args=[cast.workspace.slug]))
    chosen = page.locator("#bulk")  # fetched by htmx once the page has loaded
    chosen.get_by_label("With the chosen posts").select_option("attach")
    chosen.locator("select[name=insight]").select_option(label="Pairing fails")
    for box in page.get_by_label("choose this post").all():
        box.check()
    chosen.get_by_role("button", name="Apply").click()

    expect(page.locator(".message")).to_contain_text("2 posts attached to the insight.")
    assert page.url.startswith(
        live_server.url + reverse("understanding:posts", args=[cast.workspace.slug])
    )
    assert sorted(insight.posts.values_list("pk", flat=True)) == sorted(p.pk for p in posts)
