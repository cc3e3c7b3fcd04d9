"""Feeds become live sources (migration listening 0014): each followed feed keeps its
address, interval, ETag and last problem, and is due at once; going back restores them."""

import json
from datetime import UTC, datetime

import pytest

from socialcycle.testing.migrations import migrate

BEFORE = ("listening", "0013_connection_failing_since")
AFTER = ("listening", "0014_feeds_become_connections")


@pytest.mark.django_db(transaction=True)
def test_followed_feeds_become_connections_and_come_back():
    old = migrate(BEFORE)
    try:
        blog, other = _store_old_feeds(old)
        new = migrate(AFTER)
        Connection = new.get_model("listening", "Connection")
        feed = Connection.objects.get(source_id=blog)
        assert (feed.kind, feed.settings, feed.poll_seconds) == (
            "feed",
            {"url": "https://blog.lumio.example/feed"},
            15 * 60,
        )
        assert json.loads(feed.cursor) == {"etag": '"v1"'}
        assert feed.last_error == "The feed answered HTTP 503 (Service Unavailable)."
        assert feed.last_polled_at == datetime(2026, 12, 1, 9, tzinfo=UTC)
        assert feed.next_poll_at is not None
        source = new.get_model("listening", "Source").objects.get(pk=blog)
        assert source.config == {"kept": "yes"}
        assert not Connection.objects.filter(source_id=other).exists()  # no address: no feed

        back = migrate(BEFORE)
        config = back.get_model("listening", "Source").objects.get(pk=blog).config
        assert config["feed_url"] == "https://blog.lumio.example/feed"
        assert (config["poll_minutes"], config["etag"], config["kept"]) == (15, '"v1"', "yes")
        assert not back.get_model("listening", "Connection").objects.exists()
    finally:
        migrate()


def _store_old_feeds(old) -> tuple[int, int]:
    workspace = old.get_model("accounts", "Workspace").objects.create(name="Lumio", slug="lumio")
    Source = old.get_model("listening", "Source")
    blog = Source.objects.create(
        workspace=workspace,
        name="Blog comments",
        channel="feed",
        config={
            "feed_url": "https://blog.lumio.example/feed",
            "poll_minutes": 15,
            "etag": '"v1"',
            "last_polled_at": "2026-12-01T09:00:00+00:00",
            "last_error": "The feed answered HTTP 503 (Service Unavailable).",
            "kept": "yes",
        },
    )
    other = Source.objects.create(workspace=workspace, name="Old feed", channel="feed", config={})
    return blog.pk, other.pk
