"""Live sources: the App Store connector against a local server playing Apple's reviews
feed (fixtures written from its documented shape), polled through the real HTTP client;
cursors stored with the posts, bad answers as sentences, backoff, admins told once."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from socialcycle.listening import tasks
from socialcycle.listening.connectors import polling
from socialcycle.listening.connectors.connections import (
    LiveSourceError,
    connect_source,
    poll_now,
    set_paused,
)
from socialcycle.listening.models import Connection, Post

FIXTURES = Path(__file__).parent / "fixtures" / "apple_app_store"
APP = "1234567890"


def feed_path(page: int) -> str:
    return f"/us/rss/customerreviews/page={page}/id={APP}/sortby=mostrecent/json"


@pytest.fixture
def apple(platform):
    return platform


@pytest.fixture
def store(cast, apple):
    return connect_source(
        cast.workspace,
        name="App Store (US)",
        kind="apple_app_store",
        settings={"app_id": APP, "country": "us", "base_url": apple.url},
        by=cast.admin,
    )


def test_the_first_poll_reads_the_history_and_the_next_only_what_is_new(store, apple):
    apple.answer(feed_path(1), fixture=FIXTURES / "page1.json")
    apple.answer(feed_path(2), fixture=FIXTURES / "page2.json")

    first = polling.poll(store)

    assert (first.ok, first.fetched, first.created) == (True, 5, 5)
    posts = Post.objects.filter(source=store.source)
    crash = posts.get(external_id="10000000006")
    assert (crash.rating, crash.title, crash.author_handle) == (
        1,
        "Crashes since the update",
        "mika_h",
    )
    assert crash.channel == "app_store"
    assert posts.get(external_id="10000000005").text.endswith("Danke für das Update 👍")
    store.refresh_from_db()
    assert (store.cursor, store.fetched_total, store.last_error) == ("10000000006", 5, "")

    apple.forget()
    apple.answer(feed_path(1), fixture=FIXTURES / "one_new_review.json")
    again = polling.poll(store)
    assert (again.fetched, again.created) == (1, 1)
    assert apple.asked == [feed_path(1)]
    assert posts.count() == 6
    assert polling.poll(store).created == 0  # the same answer again: nothing twice
    assert posts.count() == 6


def test_a_rate_limit_waits_as_long_as_the_platform_asks_and_loses_nothing(store, apple):
    apple.answer(feed_path(1), status=429, headers={"Retry-After": "3600"})
    apple.answer(feed_path(1), fixture=FIXTURES / "one_new_review.json")
    before = timezone.now()

    limited = polling.poll(store)

    store.refresh_from_db()
    assert not limited.ok
    assert store.last_error == (
        "The App Store limited our requests (HTTP 429); it asked us to wait 3600 seconds."
    )
    assert store.next_poll_at >= before + timedelta(seconds=3600)
    assert store.cursor == ""  # nothing was stored, so nothing is skipped later
    assert polling.poll(store).created == 1
    store.refresh_from_db()
    assert (store.failures, store.last_error) == (0, "")


def test_a_platform_failing_for_a_while_is_backed_off_and_the_admins_hear_once(
    store, apple, cast, smtp_inbox
):
    apple.answer(feed_path(1), status=500)
    first = timezone.now()
    for minutes in range(4):
        polling.poll(store, first + timedelta(minutes=minutes))
    store.refresh_from_db()
    assert store.failures == 4
    assert store.failing_since == first
    assert store.last_error == "The App Store answered HTTP 500; we will try again later."
    waited = (store.next_poll_at - store.last_polled_at).total_seconds()
    assert waited >= 0.8 * min(store.poll_seconds * 2**3, polling.MAX_BACKOFF_SECONDS)
    told = smtp_inbox.to(cast.admin.email)
    assert len(told) == 1
    assert "failed 3 times in a row" in told[0].get_content()

    apple.forget()
    apple.answer(feed_path(1), fixture=FIXTURES / "one_new_review.json")
    assert polling.poll(store).ok
    store.refresh_from_db()
    assert (store.failures, store.failing_since, store.admins_told_at) == (0, None, None)


def test_a_refusal_only_a_person_can_mend_waits_the_longest_and_tells_the_admins_at_once(
    store, apple, cast, smtp_inbox
):
    apple.answer(feed_path(1), status=401)
    polling.poll(store)
    store.refresh_from_db()
    waited = (store.next_poll_at - store.last_polled_at).total_seconds()
    assert waited >= 0.8 * polling.MAX_BACKOFF_SECONDS
    [told] = smtp_inbox.to(cast.admin.email)
    assert f"The source {store.source.name!r} failed. The last problem:" in told.get_content()
    assert "reconnect the source" in told.get_content()


def test_a_missing_app_says_to_check_the_settings(store, apple):
    apple.answer(feed_path(1), status=404)
    result = polling.poll(store)
    assert "does not exist (HTTP 404): check its settings" in result.problem


def test_due_sources_are_polled_once_paused_ones_never(cast, store, apple):
    apple.answer(feed_path(1), fixture=FIXTURES / "one_new_review.json")
    now = timezone.now()
    assert polling.poll_due(now) == 1
    assert polling.poll_due(now) == 0  # next due after its interval
    set_paused(store, True, by=cast.admin)
    poll_now(store, by=cast.admin)
    assert polling.poll_due(timezone.now()) == 0
    set_paused(Connection.objects.get(pk=store.pk), False, by=cast.admin)
    assert polling.poll_due(timezone.now()) == 1


def test_bad_settings_are_refused_before_anything_is_stored(cast):
    with pytest.raises(LiveSourceError, match="app id 'lumio' is not a number"):
        connect_source(
            cast.workspace,
            name="App Store",
            kind="apple_app_store",
            settings={"app_id": "lumio"},
            by=cast.admin,
        )
    assert not Connection.objects.exists()


def test_a_feed_that_ends_early_ends_the_poll(store, apple):
    apple.answer(feed_path(1), fixture=FIXTURES / "page1.json")
    apple.answer(feed_path(2), fixture=FIXTURES / "past_the_end.json")  # no entries at all
    assert polling.poll(store).created == 3
    assert apple.asked == [feed_path(1), feed_path(2)]


def test_a_review_that_cannot_be_stored_is_named_and_the_others_are_stored(store, apple):
    feed = json.loads((FIXTURES / "page1.json").read_text())
    feed["feed"]["entry"][1]["updated"]["label"] = "yesterday-ish"
    apple.answer(feed_path(1), json_body=feed)
    apple.answer(feed_path(2), fixture=FIXTURES / "past_the_end.json")

    assert polling.poll(store).created == 2
    store.refresh_from_db()
    assert store.last_error.startswith("The last poll left out 1 item(s): App Store (US), review")
    assert "created_at" in store.last_error


def test_an_answer_of_an_unknown_shape_is_a_sentence_not_a_crash(store, apple):
    apple.answer(feed_path(1), json_body=["not", "a", "feed"])
    result = polling.poll(store)
    assert not result.ok
    assert result.problem.startswith("The platform answered in a way socialcycle could not read")


def test_a_redirect_is_not_followed_to_an_unchecked_address(store, apple):
    apple.answer(feed_path(1), status=302, headers={"Location": "http://169.254.169.254/"})
    result = polling.poll(store)
    assert result.problem == (
        "The App Store sent us elsewhere (HTTP 302 to http://169.254.169.254/); check the "
        "source's address."
    )
    assert apple.asked == [feed_path(1)]


def test_the_sweep_polls_each_due_source_apart_and_one_failing_stops_no_other(
    cast, store, apple, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the tasks run here, in turn, even with Redis
    other = connect_source(
        cast.workspace,
        name="App Store (GB)",
        kind="apple_app_store",
        settings={"app_id": "999", "country": "gb", "base_url": apple.url},
        by=cast.admin,
    )
    apple.answer(feed_path(1), status=500)  # the US feed fails
    apple.answer(
        "/gb/rss/customerreviews/page=1/id=999/sortby=mostrecent/json",
        fixture=FIXTURES / "one_new_review.json",
    )

    assert tasks.poll_connections() == 2
    store.refresh_from_db()
    other.refresh_from_db()
    assert store.failures == 1
    assert (other.failures, other.fetched_total) == (0, 1)
    assert tasks.poll_connections() == 0  # neither is due again yet


def test_a_source_whose_platform_was_taken_out_fails_with_a_sentence_and_keeps_its_posts(
    cast, store, apple
):
    apple.answer(feed_path(1), fixture=FIXTURES / "one_new_review.json")
    assert polling.poll(store).created == 1
    Connection.objects.filter(pk=store.pk).update(kind="closed_platform")
    store.refresh_from_db()
    result = polling.poll(store)
    assert result.problem == "There is no connector called 'closed_platform'."
    assert Post.objects.filter(source=store.source).count() == 1
    page = Client()
    page.force_login(cast.admin)
    html = page.get(reverse("listening:sources", args=[cast.workspace.slug])).content.decode()
    assert "There is no connector called &#x27;closed_platform&#x27;." in html
