"""Finishing the demo beside the server: the stored posts are analysed, testimonials
chosen, topics discovered and the 90 days of history searched for early warnings, while
the first pages already answer. Each step reports its progress for the notice every page
shows (`lib/preparing.py`); a preparation cut short resumes at the next `socialcycle demo`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from socialcycle.accounts.models import Workspace
from socialcycle.demo.community import feature_testimonials
from socialcycle.lib import preparing
from socialcycle.measuring.alerts.detection import check_history
from socialcycle.understanding import services
from socialcycle.understanding.discovery import active_run, discover_now
from socialcycle.understanding.models import TopicDiscoveryRun

WHAT = "the demo"
# Shares of the bar, measured on the 5,000-post demo: analysis 42 s, topics 27 s.
ANALYSIS_SHARE = 60
TOPICS_SHARE = 35
BATCH_SIZE = 200
# Posts another worker claimed are waited for, at most this long (a dead worker's claim
# expires after ANALYSIS_CLAIM_SECONDS and is taken again by the sweep).
WAIT_FOR_OTHERS_SECONDS = 900

Say = Callable[[str], None]


def start(step: str = "storing the posts") -> None:
    """Mark the demo as being prepared, before its posts are stored."""
    preparing.report(preparing.Progress(WHAT, 0, step))


def unfinished() -> bool:
    return preparing.current() is not None


def finish(workspace: Workspace, say: Say = print) -> None:
    """Every step after the posts are stored; the notice goes when all are done. A step
    that fails leaves the notice saying so, and raises."""
    step = "analysing posts"
    try:
        _analyse_everything(say)
        step = "choosing testimonials"
        _report(ANALYSIS_SHARE, step)
        feature_testimonials(workspace)
        step = "discovering topics"
        _report(ANALYSIS_SHARE + 1, step)
        run = _discover_topics(workspace)
        if run.status == run.Status.FAILED:
            raise RuntimeError(f"topic discovery failed: {run.error}")
        say(f"{workspace.name}: found {run.topics_found} topics.")
        step = "looking for early warnings in the 90 days"
        _report(ANALYSIS_SHARE + TOPICS_SHARE, step)
        say(f"Found {len(check_history(workspace))} early-warning alert(s) in the history.")
    except Exception as error:
        said = str(error).rstrip(".") or type(error).__name__
        preparing.report(preparing.Progress(WHAT, 0, step, error=f"{said}."))
        raise
    preparing.finished()
    say("The demo is ready.")


def _analyse_everything(say: Say) -> None:
    total = max(services.count_pending(), 1)
    waited_since: float | None = None
    while (left := services.count_pending()) > 0:
        _report(round(ANALYSIS_SHARE * (total - left) / total), f"analysing posts, {left} to go")
        if services.analyse_pending_posts(BATCH_SIZE) > 0:
            waited_since = None
            continue
        # Every waiting post is claimed by another worker (the scheduler's sweep).
        waited_since = waited_since or time.monotonic()
        if time.monotonic() - waited_since > WAIT_FOR_OTHERS_SECONDS:
            raise RuntimeError(f"{left} posts stayed claimed by another worker")
        wait_a_moment()
    say(f"Analysed the demo's {total} posts.")


def _discover_topics(workspace: Workspace) -> TopicDiscoveryRun:
    """A discovery of all the analysed posts. While the analysis ran, the scheduler may
    have started one of its own (enough posts fitted no topic): that one is waited for,
    then the whole discovery runs here."""
    deadline = time.monotonic() + WAIT_FOR_OTHERS_SECONDS
    while True:
        while active_run(workspace) is not None:
            if time.monotonic() > deadline:
                raise RuntimeError("another worker's topic discovery did not finish")
            wait_a_moment()
        run = discover_now(workspace)
        if run.scope == run.Scope.RECENT and run.finished_at is not None:
            return run


def wait_a_moment() -> None:
    """While another worker does its part."""
    time.sleep(1)


def _report(percent: int, step: str) -> None:
    preparing.report(preparing.Progress(WHAT, percent, step))
