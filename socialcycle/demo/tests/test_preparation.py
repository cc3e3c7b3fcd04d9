"""The demo is finished beside the server: its waiting posts are analysed and its topics
discovered, the notice on every page says how far, and a step that fails says so there."""

import os

import pytest
from django.urls import reverse

from socialcycle.demo import preparation
from socialcycle.lib import preparing
from socialcycle.testing.factories import make_post, make_source
from socialcycle.understanding import discovery, services
from socialcycle.understanding.models import TopicDiscoveryRun

TEXTS = [
    "The hub drops my lights every night",
    "Battery of the door sensor is empty after a week",
    "Please add a dark mode to the app",
    "Support answered within minutes, thank you",
    "The app crashes when I open the camera",
]


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def test_finishing_analyses_every_waiting_post_then_takes_the_notice_away(cast, data_dir):
    source = make_source(cast.workspace)
    for number, text in enumerate(TEXTS * 4):
        make_post(source, str(number), text)  # no commit here: the posts wait
    assert services.count_pending() == len(TEXTS) * 4
    preparation.start()
    seen: list[str] = []

    preparation.finish(cast.workspace, say=seen.append)

    assert services.count_pending() == 0
    assert TopicDiscoveryRun.objects.filter(workspace=cast.workspace).exists()
    assert preparing.current() is None
    assert seen[0] == "Analysed the demo's 20 posts."
    assert seen[-1] == "The demo is ready."


def test_a_step_that_fails_leaves_the_notice_saying_so(cast, data_dir, monkeypatch):
    def broken(workspace):
        raise OSError("disk full")

    monkeypatch.setattr(preparation, "discover_now", broken)
    preparation.start()

    with pytest.raises(OSError, match="disk full"):
        preparation.finish(cast.workspace, say=lambda line: None)

    left = preparing.current()
    assert left is not None
    assert (left.step, left.error) == ("discovering topics", "disk full.")
    assert preparation.unfinished()  # the next `socialcycle demo` goes on from there


def test_every_page_shows_how_far_the_preparation_is(client, cast, data_dir):
    login = reverse("accounts:login")
    assert b"Preparing the demo" not in client.get(login).content

    preparing.report(preparing.Progress("the demo", 60, "discovering topics"))
    page = client.get(login).content.decode()
    assert "Preparing the demo: 60%" in page
    assert "(discovering topics)" in page

    preparing.report(preparing.Progress("the demo", 0, "discovering topics", error="<b>x</b>."))
    page = client.get(login).content.decode()
    assert "Preparing the demo stopped while discovering topics: &lt;b&gt;x&lt;/b&gt;." in page

    preparing.finished()
    assert b"Preparing the demo" not in client.get(login).content


def test_a_progress_file_that_cannot_be_read_shows_no_notice(data_dir):
    (data_dir / preparing.FILE_NAME).write_text("{not json")
    assert preparing.current() is None
    (data_dir / preparing.FILE_NAME).write_text('{"what": "the demo", "percent": 250, "step": "x"}')
    progress = preparing.current()
    assert progress is not None
    assert progress.percent == 100


def test_a_discovery_the_scheduler_started_is_waited_for_then_the_whole_one_runs(
    cast, data_dir, monkeypatch
):
    source = make_source(cast.workspace)
    for number, text in enumerate(TEXTS * 4):
        make_post(source, str(number), text)
    services.analyse_pending_posts(100)
    theirs = discovery.request_discovery(cast.workspace, scope=TopicDiscoveryRun.Scope.UNPLACED)
    # While the preparation waits, "another worker" does its run.
    monkeypatch.setattr(preparation, "wait_a_moment", lambda: discovery.run_discovery(theirs.pk))
    preparation.start()

    preparation.finish(cast.workspace, say=lambda line: None)

    runs = TopicDiscoveryRun.objects.filter(workspace=cast.workspace).order_by("pk")
    assert [run.scope for run in runs] == ["unplaced", "recent"]
    assert all(run.finished_at is not None for run in runs)


def test_a_preparation_that_stopped_reporting_is_said_to_have_stopped(data_dir):
    preparing.report(preparing.Progress("the demo", 40, "analysing posts, 3000 to go"))
    path = data_dir / preparing.FILE_NAME
    long_ago = path.stat().st_mtime - preparing.STALE_SECONDS - 60
    os.utime(path, (long_ago, long_ago))

    left = preparing.current()

    assert left is not None
    assert left.error == "it has made no progress for 15 minutes."
