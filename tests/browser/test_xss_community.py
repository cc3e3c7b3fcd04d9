"""Script in anything people write is shown as text: pages full of XSS payloads are
rendered in Chromium and no payload runs (each one would set window.__xss or open a dialog)."""

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page

from socialcycle.community import ideas
from socialcycle.community.models import Contribution
from socialcycle.community.posting import Draft, post_contribution
from socialcycle.testing.factories import PASSWORD
from socialcycle.testing.members import make_member, signed_in_context

pytestmark = pytest.mark.django_db(transaction=True)

PAYLOADS = [
    "<script>window.__xss = 'script'</script>",
    "<img src=x onerror=\"window.__xss = 'img'\">",
    '"><svg onload="window.__xss = \'svg\'">',
    "</textarea><script>window.__xss = 'textarea'</script>",
    "'-alert(1)-'",
    '<iframe srcdoc="<script>parent.__xss = 1</script>"></iframe>',
    "{{ 7|add:7 }} {% now 'Y' %}",
]
HOSTILE = " ".join(PAYLOADS)


def assert_no_script_ran(page: Page, url: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    response = page.goto(url)
    assert response is not None, url
    assert response.status == 200, url
    page.wait_for_load_state("load")
    assert page.evaluate("window.__xss") is None, url
    assert dialogs == [], url
    # The payload is on the page, as text a person can read.
    assert "<script>window.__xss" in page.inner_text("body"), url


def test_no_payload_runs_on_community_or_staff_pages(
    browser: Browser, page: Page, live_server, cast
):
    slug, base = cast.workspace.slug, live_server.url
    author, other = make_member(cast.workspace, "dana"), make_member(cast.workspace, "kim")
    idea = ideas.submit_idea(author, HOSTILE[:190], HOSTILE)
    ideas.comment(other, idea, HOSTILE)
    held = post_contribution(
        author,
        Draft(type=Contribution.Type.QUESTION, title="Held " + HOSTILE[:150], text=HOSTILE),
    )
    held.state, held.held_reason = Contribution.State.HELD, "held for the test"
    held.moderated_at = timezone.now()
    held.save()

    public = [
        f"/c/{slug}/",
        f"/c/{slug}/ideas/",
        f"/c/{slug}/ideas/{idea.pk}/",
        f"/c/{slug}/people/dana/",
    ]
    for path in public:
        assert_no_script_ran(page, base + path)

    member_page = signed_in_context(browser, base, author).new_page()
    for path in [f"/c/{slug}/notifications/", f"/c/{slug}/ideas/{idea.pk}/"]:
        assert_no_script_ran(member_page, base + path)

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(cast.admin.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    for path in [
        f"/w/{slug}/community/moderation/",
        f"/w/{slug}/community/ideas/{idea.pk}/",
        f"/w/{slug}/inbox/",
    ]:
        assert_no_script_ran(page, base + path)
