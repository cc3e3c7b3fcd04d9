"""The staff inbox on a phone (390 px wide): the page never scrolls sideways; a wide table
scrolls inside itself. Screenshots of the inbox at both widths are kept as test artefacts
(TEST_ARTEFACTS_DIR, default: the test's temporary folder)."""

import pytest
from django.urls import reverse

from socialcycle.understanding.tests.helpers import analysed_posts
from tests.browser.artefacts import artefacts, sideways_overflow
from tests.browser.staff import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = {"phone": 390, "desktop": 1400}


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_the_inbox_fits_the_screen(browser, live_server, cast, tmp_path, width):
    analysed_posts(
        cast.workspace,
        [
            "The hub is down and smoke came out of it, my lawyer will hear about this",
            "Could you add a dark mode? " + "It would be great at night. " * 6,
        ],
    )
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    sign_in(page, live_server.url, cast.analyst.username)
    page.goto(live_server.url + reverse("responding:inbox", args=[cast.workspace.slug]))
    page.wait_for_load_state("load")

    page.screenshot(path=str(artefacts(tmp_path) / f"inbox-{width}.png"), full_page=True)
    overflow = sideways_overflow(page)
    context.close()

    assert overflow <= 0, f"the page is {overflow} px wider than a {width} px screen"
