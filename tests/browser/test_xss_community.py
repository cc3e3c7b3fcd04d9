"""Script in anything people write is shown as text: pages full of XSS payloads are
rendered in Chromium and no payload runs (each one would set window.__xss or open a dialog)."""

from urllib.parse import urlencode

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Dialog, Page

from socialcycle.accounts.services import track_name
from socialcycle.community import ideas, knowledge, qa, reviews, testimonials
from socialcycle.community.models import Contribution
from socialcycle.community.posting import Draft, post_contribution
from socialcycle.testing.factories import PASSWORD, make_post, make_source
from socialcycle.testing.members import make_member, signed_in_context
from socialcycle.understanding.models import PostAnalysis

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

    def refuse(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    response = page.goto(url)
    assert response is not None, url
    assert response.status == 200, url
    page.wait_for_load_state("load")
    assert page.evaluate("window.__xss") is None, url
    assert dialogs == [], url
    # The payload is on the page, as text a person can read (or edit, in a form field).
    in_fields = page.evaluate(
        "Array.from(document.querySelectorAll('input, textarea'))"
        ".some(field => field.value.includes('<script>window.__xss'))"
    )
    assert in_fields or "<script>window.__xss" in page.inner_text("body"), url


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

    product = track_name(cast.workspace, kind="product", name=HOSTILE[:110])
    reviews.post_review(other, product, 4, HOSTILE, title=HOSTILE[:150])
    asked = qa.ask_question(other, HOSTILE[:150], HOSTILE)
    answer = qa.answer_question(author, asked, HOSTILE)
    qa.accept_answer(answer, by=other)
    article = knowledge.promote_tip(
        answer, knowledge.ArticleDraft(HOSTILE[:150], HOSTILE), by=cast.admin
    )
    praise = make_post(make_source(cast.workspace, "Chirper", "social"), "t-1", HOSTILE)
    PostAnalysis.objects.filter(post=praise).update(sentiment="positive")  # analysed on commit
    testimonial = testimonials.select_post(cast.workspace, praise, by=cast.admin)
    testimonials.record_staff_consent(testimonial, HOSTILE[:150], by=cast.admin)

    public = [
        f"/c/{slug}/",
        f"/c/{slug}/ideas/",
        f"/c/{slug}/ideas/?{urlencode({'q': HOSTILE, 'sort': 'trending'})}",
        f"/c/{slug}/ideas/{idea.pk}/",
        f"/c/{slug}/people/dana/",
        f"/c/{slug}/reviews/",
        f"/c/{slug}/reviews/{product.pk}/",
        f"/c/{slug}/questions/",
        f"/c/{slug}/questions/?{urlencode({'q': HOSTILE, 'show': 'all', 'sort': 'top'})}",
        f"/c/{slug}/questions/{asked.pk}/",
        f"/c/{slug}/testimonials/",
        f"/c/{slug}/tips/",
        f"/c/{slug}/tips/{article.pk}/",
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
        f"/w/{slug}/community/testimonials/",
        f"/w/{slug}/community/tips/",
        f"/w/{slug}/community/articles/{article.pk}/",
        f"/w/{slug}/inbox/",
    ]:
        assert_no_script_ran(page, base + path)
