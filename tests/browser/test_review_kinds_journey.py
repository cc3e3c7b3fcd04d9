"""An analyst reviews kinds from the keyboard: the least sure post is highlighted, a digit
ticks a kind, Enter confirms it, the next post takes its place and the correction exists;
all under the Content-Security-Policy (the keys come from a static script)."""

import pytest
from playwright.sync_api import expect

from socialcycle.understanding.models import Correction, PostAnalysis, PostKind
from socialcycle.understanding.review import KIND_KEYS
from socialcycle.understanding.tests.helpers import analysed_posts
from tests.browser.staff import go_to, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def as_predicted(post, kinds, doubt):
    analysis = PostAnalysis.objects.get(post=post)
    analysis.kinds.all().delete()
    PostKind.objects.bulk_create(
        [PostKind(analysis=analysis, kind=kind, confidence=0.6) for kind in kinds]
    )
    PostAnalysis.objects.filter(pk=analysis.pk).update(kinds_uncertainty=doubt)


def test_a_key_ticks_a_kind_and_enter_confirms_it(page, live_server, cast):
    outage, idea = analysed_posts(
        cast.workspace,
        ["The app is down for everyone since this morning", "Please add a dark mode"],
    )
    as_predicted(outage, ["complaint"], 0.95)
    as_predicted(idea, ["idea"], 0.4)
    policy_complaints: list[str] = []
    page.on(
        "console",
        lambda message: (
            policy_complaints.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    sign_in(page, live_server.url, cast.analyst.username)

    go_to(page, "Understand", "Review kinds")
    first = page.locator("[data-review-post]").first
    expect(first).to_contain_text("The app is down for everyone")
    expect(first).to_have_class("card review-post selected")
    early_warning = first.locator('input[value="early_warning"]')
    expect(early_warning).not_to_be_checked()

    page.keyboard.press(KIND_KEYS["early_warning"])
    expect(early_warning).to_be_checked()
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text(f"Post {outage.pk} confirmed as")
    first = page.locator("[data-review-post]").first
    expect(first).to_contain_text("Please add a dark mode")
    expect(first).to_have_class("card review-post selected")
    expect(page.locator("[data-review-post]")).to_have_count(1)
    expect(page.get_by_test_id("since-training")).to_contain_text("1 kinds correction")
    correction = Correction.objects.get(post=outage)
    assert correction.before == ["complaint"]
    assert sorted(correction.after) == ["complaint", "early_warning"]
    assert correction.corrected_by == cast.analyst

    # The next one is right as it is: Enter alone confirms it.
    page.keyboard.press("Enter")
    expect(page.locator("[data-review-post]")).to_have_count(0)
    assert Correction.objects.get(post=idea).is_confirmation
    assert policy_complaints == []
