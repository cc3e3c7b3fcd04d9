"""The Mastodon connector through Mastodon.py against a local server playing an instance
(fixtures written from docs.joinmastodon.org, named in fixtures/mastodon/SOURCE.txt)."""

from pathlib import Path

import pytest

from socialcycle.listening.connectors import polling
from socialcycle.listening.connectors.connections import LiveSourceError, connect_source
from socialcycle.listening.models import Post

FIXTURES = Path(__file__).parent / "fixtures" / "mastodon"
TAG = "/api/v1/timelines/tag/lumio"


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
