"""Every staff page, every public community page and every page a customer reaches from
an e-mail, with content on it, on a phone (390 px) and on a desktop (1400 px): none
scrolls sideways (a wide table scrolls inside its own box instead). A screenshot of each
is kept as a test artefact (TEST_ARTEFACTS_DIR/screenshots/pages-<width>/, default: the
test's temporary folder), for people to look at.

The pages are the URL names of the product (tests/browser/furnished.py lists them, and
says why each other URL is not a page), so a page added later is either visited here or
explicitly left out."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Page

from socialcycle.community.models import Member
from socialcycle.testing.cast import Cast
from socialcycle.testing.members import signed_in
from socialcycle.testing.routes import all_routes
from tests.browser.artefacts import artefacts, sideways_overflow
from tests.browser.furnished import MEMBER, NOT_PAGES, STAFF, VISITOR, Visit, pages
from tests.browser.staff import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = {"phone": 390, "desktop": 1400}
UPLOAD = "id,text,created_at,author\n1,The hub is great,2026-05-01T10:00:00Z,sam\n"


def product_urls() -> set[str]:
    """The URL names of the product's own pages and forms (not the API's, /api/docs included)."""
    return {route.name for route in all_routes() if not route.pattern.startswith("api/")}


def test_every_url_is_visited_or_said_not_to_be_a_page(cast):
    visited = {visit.name for visit in pages(cast)}
    assert not visited & set(NOT_PAGES), "a page is both visited and said not to be one"
    missing = product_urls() - visited - set(NOT_PAGES)
    assert not missing, f"pages neither visited nor listed in NOT_PAGES: {sorted(missing)}"
    gone = (visited | set(NOT_PAGES)) - product_urls()
    assert not gone, f"names that are no URL any more: {sorted(gone)}"


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_every_page_fits_the_screen(browser, live_server, cast, tmp_path, width):
    visits = pages(cast)
    folder = artefacts(tmp_path) / f"pages-{width}"
    folder.mkdir(exist_ok=True)
    base = live_server.url
    errors: list[str] = []
    contexts = {
        who: opened(browser, base, cast, who, width, errors) for who in (STAFF, MEMBER, VISITOR)
    }
    failures = []
    for visit in visits:
        page = contexts[visit.who].pages[0]
        problem = show(page, base, visit, tmp_path)
        page.screenshot(path=str(folder / f"{visit.name.replace(':', '-')}.png"), full_page=True)
        overflow = sideways_overflow(page)
        if problem:
            failures.append(f"{visit.name} ({visit.url}): {problem}")
        if overflow > 0:
            failures.append(f"{visit.name} ({visit.url}) is {overflow} px wider than the screen")
    for context in contexts.values():
        context.close()

    assert not failures + errors, f"At {width} px:\n" + "\n".join(failures + errors)


def opened(
    browser: Browser, base: str, cast: Cast, who: str, width: int, errors: list[str]
) -> BrowserContext:
    """A browser context of `width` for `who`, signed in as the admin or as the member."""
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(f"JavaScript error on {page.url}: {error}"))
    if who == STAFF:
        sign_in(page, base, cast.admin.username)
    elif who == MEMBER:
        member = Member.objects.get(workspace=cast.workspace, handle="riley")
        cookie = signed_in(member).cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base}])
    return context


def show(page: Page, base: str, visit: Visit, tmp_path: Path) -> str:
    """Open the page; what went wrong, if anything."""
    response = page.goto(base + visit.url)
    if visit.name == "listening:preview":  # the preview of an upload this session made
        file = tmp_path / "a-file-with-a-rather-long-name-exported-from-the-survey-tool.csv"
        file.write_text(UPLOAD)
        page.get_by_label("or a new source named").fill("Survey")
        page.get_by_label("File").set_input_files(str(file))
        page.get_by_role("button", name="Upload and preview").click()
        page.wait_for_url("**/preview/")
    elif response is None or response.status != 200:
        return f"answered {response.status if response else 'nothing'}"
    page.wait_for_load_state("load")
    return ""
