"""The pages with the most script (charts, the inbox's keys, htmx, the alerts filter) work
under the Content-Security-Policy, and Chromium reports no violation on any of them; htmx
still posts with the CSRF token now that no script may read the CSRF cookie."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import ConsoleMessage, Page, expect

from socialcycle.community import qa
from socialcycle.listening.services import record_posts
from socialcycle.testing.factories import incoming, make_source
from socialcycle.testing.members import MEMBER_PASSWORD, make_member
from tests.browser.staff import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

# Installed before any page script runs, so even a violation during loading is caught.
WATCH_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.cspViolations.push(event.violatedDirective + " blocked " + (event.blockedURI || "inline"));
});
"""


class ViolationWatch:
    """What Chromium said about the policy: console messages and violation events."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.console: list[str] = []
        self.events: list[str] = []
        page.add_init_script(WATCH_VIOLATIONS)
        page.on("console", self.hear)

    def hear(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def collect(self) -> None:
        """Keep this page's events; call before leaving it (a new page starts a new list)."""
        self.events.extend(self.page.evaluate("window.cspViolations"))


def listen_to_a_few_posts(workspace):
    now = timezone.now()
    record_posts(
        make_source(workspace),
        [
            incoming("1", "I love the hub, works great", created_at=now - timedelta(days=3)),
            incoming(
                "2", "The hub is down again, not responding", created_at=now - timedelta(days=2)
            ),
            incoming("3", "Please add a dark mode, it would be great", created_at=now),
        ],
    )


def test_charts_inbox_and_alerts_work_without_a_policy_violation(page, live_server, cast):
    listen_to_a_few_posts(cast.workspace)
    watch = ViolationWatch(page)
    home = f"{live_server.url}/w/{cast.workspace.slug}/"

    sign_in(page, live_server.url, cast.analyst.username)
    expect(page).to_have_url(home)
    response = page.reload()
    assert response is not None
    assert response.headers["content-security-policy"] == settings.CONTENT_SECURITY_POLICY
    for chart in ["chart-volume", "chart-sentiment", "chart-kinds"]:
        expect(page.locator(f"#{chart}")).to_have_attribute("data-drawn", "true")
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    watch.collect()

    page.goto(f"{home}inbox/")
    expect(page.locator("[data-inbox] tbody tr[data-open]")).to_have_count(3)
    assert page.evaluate("typeof htmx") == "object"
    page.locator("h1").click()  # the keys are ignored while a form field has the focus
    page.keyboard.press("j")
    expect(page.locator("[data-inbox] tbody tr").first).to_have_class(re.compile("selected"))
    watch.collect()

    page.goto(f"{home}alerts/")
    page.get_by_label("State").select_option("open")
    expect(page).to_have_url(re.compile(r"/alerts/\?state=open$"))
    expect(page.get_by_label("State")).to_have_value("open")
    watch.collect()

    assert watch.console == []
    assert watch.events == []


def test_an_htmx_upvote_is_posted_with_its_csrf_token(page, live_server, cast):
    slug, base = cast.workspace.slug, live_server.url
    question = qa.ask_question(
        make_member(cast.workspace, "riley"), "How do I reset the hub?", "The light blinks red."
    )
    answer = qa.answer_question(
        make_member(cast.workspace, "sam"), question, "Hold its button for ten seconds."
    )
    make_member(cast.workspace, "kim")
    watch = ViolationWatch(page)

    page.goto(f"{base}/c/{slug}/sign-in/")
    page.get_by_label("E-mail address").fill("kim@example.com")
    page.get_by_label("Password").fill(MEMBER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{base}/c/{slug}/questions/{question.pk}/")
    [csrf_cookie] = [c for c in page.context.cookies() if c["name"] == "csrftoken"]
    assert csrf_cookie["httpOnly"] is True
    assert "csrftoken" not in page.evaluate("document.cookie")
    with page.expect_response(lambda r: "/upvote/" in r.url) as upvoted:
        page.get_by_role("button", name="Upvote").click()

    assert upvoted.value.request.headers.get("hx-request") == "true"
    assert upvoted.value.status == 200
    votes = page.locator(f"#upvote-{answer.pk}")
    expect(votes.get_by_test_id("upvotes")).to_have_text("1")
    expect(votes.get_by_role("button", name="Withdraw")).to_be_visible()
    watch.collect()
    assert watch.console == []
    assert watch.events == []


def test_the_watch_sees_an_inline_script_being_refused(page, live_server, cast):
    """Proves the journeys above would notice a violation, and that the policy is enforced."""
    watch = ViolationWatch(page)
    sign_in(page, live_server.url, cast.viewer.username)
    expect(page.get_by_role("heading", level=1)).to_contain_text(cast.workspace.name)

    with page.expect_console_message(lambda m: "Content Security Policy" in m.text) as said:
        page.evaluate(
            """() => {
              const script = document.createElement("script");
              script.textContent = "window.inlineRan = true;";
              document.head.appendChild(script);
            }"""
        )

    page.wait_for_function("window.cspViolations.length > 0")
    watch.collect()
    assert page.evaluate("window.inlineRan") is None
    assert len(watch.events) == 1
    assert watch.events[0].startswith("script-src")
    assert "script-src 'self'" in said.value.text
