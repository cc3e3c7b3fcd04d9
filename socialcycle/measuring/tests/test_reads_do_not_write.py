"""Reading the dashboard writes nothing: the daily counts are recounted in the
background, and a page that reads them while they are behind says how far they go."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from socialcycle.measuring.dashboard.models import DailyCount, RollupState
from socialcycle.measuring.tests.rollup_helpers import counted
from socialcycle.testing.factories import PASSWORD, make_source
from socialcycle.testing.posts import stored_post
from socialcycle.understanding.models import Topic
from socialcycle.understanding.services import wake_rollup_recount

WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b|\bFOR UPDATE\b", re.IGNORECASE)


@pytest.fixture
def behind(cast):
    """Analysed posts the background recount has not counted yet."""
    source = make_source(cast.workspace)
    topic = Topic.objects.create(workspace=cast.workspace, label="Pairing")
    now = timezone.now()
    for days_ago in (1, 2, 2, 5):
        stored_post(
            source, "the hub will not pair", when=now - timedelta(days=days_ago), topic=topic
        )
    return cast.workspace


def _writes_while(fetch) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = fetch()
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries if WRITES.search(query["sql"])]


def test_a_dashboard_get_issues_no_write_even_when_the_counts_are_behind(client, cast, behind):
    client.login(username=cast.viewer.username, password=PASSWORD)
    home = reverse("measuring:home", args=[behind.slug])
    pages = [
        lambda: client.get(home),
        lambda: client.get(home, {"channel": "social", "download": "topics"}),
        lambda: client.get(f"/api/v1/workspaces/{behind.slug}/summary"),
    ]
    assert [_writes_while(fetch) for fetch in pages] == [[], [], []]
    assert not DailyCount.objects.filter(workspace=behind).exists()
    assert not RollupState.objects.filter(workspace=behind).exists()


def test_the_page_says_how_far_the_counts_go_until_the_background_counts_them(client, cast, behind):
    client.login(username=cast.viewer.username, password=PASSWORD)
    home = reverse("measuring:home", args=[behind.slug])
    page = client.get(home).content.decode()
    assert 'id="counts-as-of"' in page
    assert "being counted for the first time" in page

    counted(behind)
    page = client.get(home).content.decode()
    assert 'id="counts-as-of"' not in page
    assert client.get(home).context["overview"].analysed == 4

    stored_post(make_source(behind, "Mail", "email"), "late arrival")
    page = client.get(home).content.decode()
    assert "The figures count the changes up to" in page
    assert client.get(home).context["overview"].analysed == 4  # as counted, not moving


def test_an_analysed_batch_queues_a_recount_once_in_a_while(
    cast, behind, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert wake_rollup_recount(behind.pk)
        assert not wake_rollup_recount(behind.pk)  # the next batch is left to that one
        assert wake_rollup_recount(cast.other_workspace.pk)
    assert DailyCount.objects.filter(workspace=behind).count() > 0
    assert set(RollupState.objects.values_list("workspace", flat=True)) == {
        behind.pk,
        cast.other_workspace.pk,
    }
