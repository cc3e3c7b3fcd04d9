"""What browser tests keep for people to look at, and what they measure on a page."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Page


def artefacts(tmp_path: Path) -> Path:
    """The folder for screenshots: TEST_ARTEFACTS_DIR/screenshots, or the test's own."""
    folder = Path(os.environ.get("TEST_ARTEFACTS_DIR") or tmp_path) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def sideways_overflow(page: Page) -> int:
    """How many pixels wider than the window the page is (0 or less: it fits)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))
