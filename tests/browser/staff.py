"""Steps every staff journey takes."""

from __future__ import annotations

from playwright.sync_api import Page

from socialcycle.testing.factories import PASSWORD


def sign_in(page: Page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Sign in on the staff sign-in page; the browser lands on the user's first page."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def go_to(page: Page, section: str, link: str) -> None:
    """Open a section of the workspace navigation and follow one of its links."""
    nav = page.get_by_role("navigation", name="Workspace")
    nav.locator("summary", has_text=section).click()
    nav.get_by_role("link", name=link, exact=True).click()
