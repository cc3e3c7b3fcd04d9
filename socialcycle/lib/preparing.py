"""A long preparation running beside the server (the demo's analysis, topics and alert
replay), and the notice every page shows while it runs.

The preparing process writes its progress to a small JSON file in DATA_DIR; the web
processes read it on each page (one stat when it is absent, which is nearly always).
A file, not a row: the notice must show before and while the database is busiest, and
reading it must never wait for the write lock the preparation holds.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest

FILE_NAME = "preparing.json"
# A preparation that has not reported for this long is not running any more (its process
# was stopped with the server, say): the notice says so instead of a frozen percentage.
STALE_SECONDS = 15 * 60


@dataclass(frozen=True)
class Progress:
    what: str  # "the demo"
    percent: int
    step: str  # "analysing posts"
    error: str = ""


def progress_file() -> Path:
    return Path(settings.DATA_DIR) / FILE_NAME


def report(progress: Progress) -> None:
    """Say how far the preparation is (written whole, then renamed: never half read)."""
    path = progress_file()
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(asdict(progress)))
    os.replace(partial, path)


def finished() -> None:
    progress_file().unlink(missing_ok=True)


def current() -> Progress | None:
    """The preparation under way, or None (also for a file that cannot be read)."""
    path = progress_file()
    try:
        data = json.loads(path.read_text())
        progress = Progress(
            what=str(data["what"]),
            percent=max(0, min(100, int(data["percent"]))),
            step=str(data["step"]),
            error=str(data.get("error", "")),
        )
        quiet = time.time() - path.stat().st_mtime
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not progress.error and quiet > STALE_SECONDS:
        minutes = STALE_SECONDS // 60
        return replace(progress, error=f"it has made no progress for {minutes} minutes.")
    return progress


def preparing_notice(request: HttpRequest) -> dict[str, Any]:
    """Context processor: `preparing` for the base templates' notice."""
    return {"preparing": current()}
