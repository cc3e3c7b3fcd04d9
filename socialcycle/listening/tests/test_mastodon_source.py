"""The Mastodon connector through Mastodon.py against a local server playing an instance
(fixtures written from docs.joinmastodon.org, named in fixtures/mastodon/SOURCE.txt)."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from socialcycle.listening.connectors import mastodon, polling
from socialcycle.listening.connectors.connections import LiveSourceError, connect_source
from socialcycle.listening.models import Post

FIXTURES = Path(__file__).parent / "fixtures" / "mastodon"
TAG = "/api/v1/timelines/tag/lumio"
SEARCH = "/api/v2/search"


@pytest.fixture
def instance(platform):
    return platform


@pytest.fixture
def hashtag(cast, instance):
    return connect_source(
        cast.workspace,
        name="#lumio on Mastodon",
        kind="mastodon",
        settings={"instance": instance.url, "follow": "hashtag", "hashtag": "#lumio"},
        credentials={"access_token": "app-token-1"},
        by=cast.admin,
    )


def test_a_hashtag_is_followed_and_each_poll_asks_only_for_what_came_after(hashtag, instance):
    instance.answer(TAG, fixture=FIXTURES / "hashtag_timeline.json")
    assert polling.poll(hashtag).created == 3
    ana = Post.objects.get(external_id="113500000000000003")
    assert ana.text == "The #lumio hub lost all my scenes after last night's update 😞"
    assert (ana.author_handle, ana.likes, ana.shares, ana.channel) == (
        "ana@hachyderm.example",
        4,
        2,
        "social",
    )
    assert ana.url == "https://fosstodon.example/@ana@hachyderm.example/113500000000000003"
    hashtag.refresh_from_db()
    assert hashtag.cursor == "113500000000000003"

    instance.forget()
    instance.answer(TAG, fixture=FIXTURES / "hashtag_newer.json")
    assert polling.poll(hashtag).created == 1
    reply = Post.objects.get(external_id="113500000000000004")
    assert reply.parent_id == ana.pk
    asked = dict(zip(instance.asked, instance.asked_queries, strict=True))
    assert asked[TAG] == "min_id=113500000000000003&limit=40"


def test_a_revoked_token_asks_to_reconnect(hashtag, instance):
    instance.answer(TAG, status=401, json_body={"error": "The access token was revoked"})
    result = polling.poll(hashtag)
    assert result.problem == (
        f"Mastodon ({instance.url}) refused the access token (HTTP 401): it may have been "
        "revoked; reconnect the source with a new one."
    )


def test_an_instance_down_for_a_while_is_tried_again_later(hashtag, instance):
    instance.answer(TAG, status=503, json_body={"error": "maintenance"})
    first = polling.poll(hashtag)
    assert first.problem == f"Mastodon ({instance.url}) answered HTTP 503; we will try again later."
    instance.forget()
    instance.answer(TAG, fixture=FIXTURES / "hashtag_timeline.json")
    assert polling.poll(hashtag).created == 3


def test_following_mentions_needs_a_token(cast, instance):
    with pytest.raises(LiveSourceError, match="needs the account's access token"):
        connect_source(
            cast.workspace,
            name="Mentions",
            kind="mastodon",
            settings={"instance": instance.url, "follow": "mentions"},
            by=cast.admin,
        )


def test_an_instance_that_redirects_is_not_followed(hashtag, instance):
    instance.answer(TAG, status=301, headers={"Location": "http://169.254.169.254/latest"})
    assert "could not be reached" in polling.poll(hashtag).problem
    assert instance.asked.count(TAG) == 1


def _statuses(first_id: int, count: int, *, days_ago: float) -> list[dict[str, Any]]:
    """`count` statuses shaped like the fixture's, newest first, from `first_id` down."""
    template = json.loads((FIXTURES / "hashtag_timeline.json").read_text())[0]
    when = (datetime.now(UTC) - timedelta(days=days_ago)).isoformat()
    return [
        {**template, "id": str(first_id - n), "url": f"{template['url']}-{n}", "created_at": when}
        for n in range(count)
    ]


def test_the_first_poll_walks_back_through_the_history_asked_for(hashtag, instance):
    instance.answer(TAG, json_body=_statuses(9000, 40, days_ago=1))
    instance.answer(TAG, json_body=_statuses(8960, 40, days_ago=8))  # past the 7 days
    instance.answer(TAG, json_body=_statuses(8920, 40, days_ago=9))
    assert polling.poll(hashtag).created == 80
    asked = [
        q for path, q in zip(instance.asked, instance.asked_queries, strict=True) if path == TAG
    ]
    assert asked == ["limit=40", "max_id=8961&limit=40"]
    hashtag.refresh_from_db()
    assert hashtag.cursor == "9000"
    assert hashtag.last_error == ""


def test_a_backfill_stops_at_its_page_bound_and_says_what_it_left(hashtag, instance, monkeypatch):
    monkeypatch.setattr(mastodon, "BACKFILL_PAGES", 2)
    for first in (9000, 8960, 8920):
        instance.answer(TAG, json_body=_statuses(first, 40, days_ago=1))
    assert polling.poll(hashtag).created == 80
    hashtag.refresh_from_db()
    assert hashtag.last_error == (
        "The last poll left out 1 item(s): the posts of the last 7 days older than the newest 80."
    )


def test_a_source_that_starts_from_now_takes_only_the_newest_page(cast, instance):
    live = connect_source(
        cast.workspace,
        name="#lumio from now on",
        kind="mastodon",
        settings={
            "instance": instance.url,
            "follow": "hashtag",
            "hashtag": "lumio",
            "backfill_days": 0,
        },
        by=cast.admin,
    )
    instance.answer(TAG, json_body=_statuses(9000, 40, days_ago=0.5))
    assert polling.poll(live).created == 40
    assert instance.asked.count(TAG) == 1


def test_a_history_longer_than_a_month_is_refused_beside_its_field(cast, instance):
    with pytest.raises(LiveSourceError, match="0 to 30 days") as refused:
        connect_source(
            cast.workspace,
            name="#lumio",
            kind="mastodon",
            settings={"instance": instance.url, "hashtag": "lumio", "backfill_days": 90},
            by=cast.admin,
        )
    assert refused.value.field == "backfill_days"


def test_a_search_is_followed_with_the_token_and_asks_only_for_what_came_after(cast, instance):
    live = connect_source(
        cast.workspace,
        name="lumio hub on Mastodon",
        kind="mastodon",
        settings={"instance": instance.url, "follow": "search", "query": "lumio hub"},
        credentials={"access_token": "app-token-1"},
        by=cast.admin,
    )
    instance.answer(SEARCH, fixture=FIXTURES / "search_statuses.json")
    instance.answer("/api/v1/instance/", fixture=FIXTURES / "instance_v1.json")
    instance.answer("/api/v2/instance/", fixture=FIXTURES / "instance_v2.json")
    assert polling.poll(live).created == 2
    again = polling.poll(live)
    assert (again.ok, again.created, again.problem) == (True, 0, "")
    asked = [
        parse_qs(q)
        for path, q in zip(instance.asked, instance.asked_queries, strict=True)
        if path == SEARCH
    ]
    assert asked[0]["q"] == ["lumio hub"]
    assert asked[0]["type"] == ["statuses"]
    assert asked[-1]["min_id"] == ["113500000000000003"]


def test_a_search_needs_a_token(cast, instance):
    with pytest.raises(LiveSourceError, match="Following a search needs"):
        connect_source(
            cast.workspace,
            name="Search",
            kind="mastodon",
            settings={"instance": instance.url, "follow": "search", "query": "lumio"},
            by=cast.admin,
        )
