"""Topic discovery runs in the background: the page asks, a worker does it, the page shows
progress and how it ended, and a run never stays "running" after its worker is gone."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from socialcycle.analysis import encoder
from socialcycle.analysis.encoder import TUNED_CARD, TUNED_GRAPH
from socialcycle.analysis.pipeline import reset_shared_pipeline
from socialcycle.listening.models import Post
from socialcycle.testing.factories import PASSWORD
from socialcycle.understanding import discovery, tasks, topics
from socialcycle.understanding.models import PostAnalysis, TopicDiscoveryRun
from socialcycle.understanding.tests.helpers import analysed_posts
from socialcycle.understanding.tests.test_topics import subject_posts

Status = TopicDiscoveryRun.Status


def test_asking_for_discovery_queues_a_run_and_the_worker_finishes_it(
    client, cast, settings, django_capture_on_commit_callbacks
):
    analysed_posts(cast.workspace, subject_posts())
    settings.EMBEDDED_SCHEDULED_TASKS = ("understanding.run_topic_discovery",)  # as served
    assert client.login(username=cast.analyst.username, password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("understanding:discover-topics", args=[cast.workspace.slug]), {"period": "30"}
        )
    assert response.status_code == 302
    run = TopicDiscoveryRun.objects.get(workspace=cast.workspace)
    assert run.status == Status.QUEUED  # the request did not do the clustering
    assert run.since is not None
    assert run.requested_by == cast.analyst
    assert topics.live_topics(cast.workspace) == []
    status_url = reverse("understanding:discovery-status", args=[cast.workspace.slug, run.pk])
    page = client.get(status_url).content.decode()
    assert "Waiting to start" in page
    assert "hx-get" in page  # the page keeps asking

    assert tasks.topic_upkeep() == 1  # the scheduler's sweep does the run

    run.refresh_from_db()
    assert run.status == Status.DONE
    assert run.progress == 100
    originals = PostAnalysis.objects.filter(
        workspace=cast.workspace, post__near_duplicate_of__isnull=True
    )
    assert run.posts_considered == originals.count()
    assert run.topics_found == len(topics.live_topics(cast.workspace)) >= 2
    page = client.get(status_url).content.decode()
    assert "Done" in page
    assert "hx-get" not in page  # finished: no more polling
    listing = client.get(reverse("understanding:topics", args=[cast.workspace.slug]))
    assert f"{run.topics_found} topics found" in listing.content.decode()


def test_a_second_request_joins_the_waiting_run(cast):
    first = discovery.request_discovery(cast.workspace, by=cast.analyst)
    second = discovery.request_discovery(cast.workspace, by=cast.admin)
    assert first.pk == second.pk
    assert TopicDiscoveryRun.objects.filter(workspace=cast.workspace).count() == 1


def test_a_period_that_ends_before_it_starts_is_refused(cast):
    now = timezone.now()
    with pytest.raises(ValueError, match="start must come before its end"):
        discovery.request_discovery(cast.workspace, since=now, until=now - timedelta(days=1))


def test_a_run_that_fails_ends_failed_with_the_reason(cast, settings, tmp_path, monkeypatch):
    analysed_posts(cast.workspace, subject_posts())
    # The committed encoder damaged: its sha256 no longer matches its card.
    (tmp_path / TUNED_GRAPH).write_bytes(b"not a model")
    (tmp_path / TUNED_CARD).write_text(json.dumps({"version": "v", "sha256": "0" * 64}))
    monkeypatch.setattr(encoder, "TUNED_FOLDER", tmp_path)
    settings.MODEL_DIR = tmp_path
    reset_shared_pipeline()
    try:
        run = discovery.request_discovery(cast.workspace)
        discovery.run_discovery(run.pk)
    finally:
        reset_shared_pipeline()
    run.refresh_from_db()
    assert run.status == Status.FAILED
    assert run.finished_at is not None
    assert "Start the discovery again" in run.error
    assert discovery.active_run(cast.workspace) is None  # a new request may start


def test_a_run_whose_worker_died_is_marked_failed_and_a_new_one_may_start(cast):
    run = discovery.request_discovery(cast.workspace)
    assert discovery.run_discovery(run.pk) is not None  # done: nothing to discover
    stuck = TopicDiscoveryRun.objects.create(workspace=cast.workspace, status=Status.RUNNING)
    TopicDiscoveryRun.objects.filter(pk=stuck.pk).update(
        updated_at=timezone.now() - discovery.STALE_AFTER - timedelta(minutes=1)
    )
    fresh = discovery.request_discovery(cast.workspace)
    stuck.refresh_from_db()
    assert stuck.status == Status.FAILED
    assert "stopped without finishing" in stuck.error
    assert fresh.pk != stuck.pk
    assert fresh.status == Status.QUEUED


def test_a_run_is_done_once_even_if_two_workers_pick_it(cast):
    run = discovery.request_discovery(cast.workspace)
    assert discovery.run_discovery(run.pk) is not None
    assert discovery.run_discovery(run.pk) is None


def test_discovery_between_two_dates_reads_only_the_posts_written_then(client, cast):
    posts = analysed_posts(cast.workspace, subject_posts())
    old = [post.pk for post in posts[::2]]
    written = datetime(2015, 2, 24, 11, 35, tzinfo=UTC)
    Post.objects.filter(pk__in=old).update(created_at=written)
    PostAnalysis.objects.filter(post__in=old).update(created_at=written)
    assert client.login(username=cast.analyst.username, password=PASSWORD)
    url = reverse("understanding:discover-topics", args=[cast.workspace.slug])

    response = client.post(url, {"since": "2015-02-01", "until": "2015-02-28"}, follow=True)

    run = TopicDiscoveryRun.objects.get(workspace=cast.workspace)
    assert "the posts from 2015-02-01 until 2015-02-28" in response.content.decode()
    discovery.run_discovery(run.pk)
    run.refresh_from_db()
    assert run.status == Status.DONE
    in_period = PostAnalysis.objects.filter(post__in=old, post__near_duplicate_of__isnull=True)
    assert run.posts_considered == in_period.count()


def test_a_period_that_is_not_a_date_is_refused_on_the_page(client, cast):
    assert client.login(username=cast.analyst.username, password=PASSWORD)
    url = reverse("understanding:discover-topics", args=[cast.workspace.slug])
    page = client.post(url, {"since": "24-02-2015x"}, follow=True).content.decode()
    assert "Topic discovery was not started: since: Enter a valid date." in page
    response = client.post(url, {"since": "2015-03-01", "until": "2015-02-01"}, follow=True)
    assert "start must come before its end" in response.content.decode()
    assert not TopicDiscoveryRun.objects.filter(workspace=cast.workspace).exists()
