"""The Bluesky connector through the atproto client against a local server playing the
account's PDS (fixtures written from the Bluesky HTTP API reference and the atproto
lexicons, named in fixtures/bluesky/SOURCE.txt)."""

import copy
import json
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from django.utils import timezone

from socialcycle.listening.connectors import polling
from socialcycle.listening.connectors.bluesky import SERVICE, BlueskyConnector, forget_sessions
from socialcycle.listening.connectors.connections import LiveSourceError, connect_source
from socialcycle.listening.models import Post

FIXTURES = Path(__file__).parent / "fixtures" / "bluesky"
SESSION = "/xrpc/com.atproto.server.createSession"
SEARCH = "/xrpc/app.bsky.feed.searchPosts"
NOTIFICATIONS = "/xrpc/app.bsky.notification.listNotifications"
POSTS = "/xrpc/app.bsky.feed.getPosts"
ANA = "at://did:plc:ana4h7xq2mzr6v3kpl5wn8ct/app.bsky.feed.post/3lbx7qk2hzs2a"
CREDENTIALS = {"handle": "@lumio.bsky.social", "app_password": "abcd-efgh-ijkl-mnop"}


@pytest.fixture(autouse=True)
def no_kept_sessions():
    forget_sessions()
    yield
    forget_sessions()


@pytest.fixture
def pds(platform):
    return platform


def connect(cast, pds, **settings):
    return connect_source(
        cast.workspace,
        name=f"Bluesky {settings.get('follow')}",
        kind="bluesky",
        settings={"base_url": pds.url, **settings},
        credentials=CREDENTIALS,
        by=cast.admin,
    )


@pytest.fixture
def search(cast, pds):
    pds.answer(SESSION, fixture=FIXTURES / "create_session.json")
    return connect(cast, pds, follow="search", query="lumio")


@pytest.fixture
def mentions(cast, pds):
    pds.answer(SESSION, fixture=FIXTURES / "create_session.json")
    return connect(cast, pds, follow="mentions")


def queries(pds, path):
    return [
        parse_qs(query)
        for asked, query in zip(pds.asked, pds.asked_queries, strict=True)
        if asked == path
    ]


def test_a_search_is_followed_and_each_poll_asks_only_for_what_came_after(search, pds):
    pds.answer(SEARCH, fixture=FIXTURES / "search_posts.json")
    assert polling.poll(search).created == 3
    ana = Post.objects.get(external_id=ANA)
    assert ana.text == "The lumio hub lost all my scenes after last night's update 😞"
    assert (ana.author_handle, ana.likes, ana.shares, ana.channel, ana.language) == (
        "ana.bsky.social",
        4,
        2,
        "social",
        "en",
    )
    assert ana.url == "https://bsky.app/profile/ana.bsky.social/post/3lbx7qk2hzs2a"
    assert ana.created_at.isoformat() == "2025-03-01T09:15:00+00:00"
    [first] = queries(pds, SEARCH)
    assert first == {"q": ["lumio"], "limit": ["100"], "sort": ["latest"]}
    search.refresh_from_db()
    assert json.loads(search.cursor) == {"newest": "2025-03-01T09:15:00.000Z", "seen": [ANA]}

    pds.forget()
    pds.answer(SEARCH, fixture=FIXTURES / "search_newer.json")
    assert polling.poll(search).created == 1  # Ana's post, at the stored time, is not read again
    reply = Post.objects.get(external_id__endswith="/3lbxa2c4ndk2e")
    assert reply.parent_id == ana.pk
    [second] = queries(pds, SEARCH)
    assert second["since"] == ["2025-03-01T09:15:00.000Z"]
    assert SESSION not in pds.asked  # the session was kept


def test_a_search_reads_on_through_its_pages(search, pds):
    pds.answer(SEARCH, fixture=FIXTURES / "search_page_1.json")
    pds.answer(SEARCH, fixture=FIXTURES / "search_page_2.json")
    assert polling.poll(search).created == 3
    first, second = queries(pds, SEARCH)
    assert "cursor" not in first
    assert second["cursor"] == ["2"]


def test_a_poll_that_stops_at_its_page_limit_reads_the_rest_next_before_anything_newer(search, pds):
    pds.answer(SEARCH, fixture=FIXTURES / "search_posts.json")
    polling.poll(search)
    pds.forget()
    newer = json.loads((FIXTURES / "search_newer.json").read_bytes())
    fresh, ana = newer["posts"]
    for page in range(5):
        post = copy.deepcopy(fresh)
        post["uri"] = post["uri"].replace("3lbxa2c4ndk2e", f"3lbxa2c4ndk{page}e")
        post["record"]["createdAt"] = f"2025-03-01T10:0{5 - page}:00.000Z"
        last = page == 4
        body = {
            "posts": [post, ana] if last else [post],
            **({} if last else {"cursor": f"p{page}"}),
        }
        pds.answer(SEARCH, json_body=body)

    first = polling.poll(search)
    assert first.created == 4
    search.refresh_from_db()
    assert search.next_poll_at <= timezone.now()  # more wait: polled again at once
    assert json.loads(search.cursor)["gap"]["page"] == "p3"

    second = polling.poll(search)
    assert second.created == 1
    last_asked = queries(pds, SEARCH)[-1]
    assert last_asked["cursor"] == ["p3"]
    assert last_asked["since"] == ["2025-03-01T09:15:00.000Z"]
    search.refresh_from_db()
    assert json.loads(search.cursor) == {
        "newest": "2025-03-01T10:05:00.000Z",
        "seen": [fresh["uri"].replace("3lbxa2c4ndk2e", "3lbxa2c4ndk0e")],
    }
    assert Post.objects.filter(external_id__contains="/3lbxa2c4ndk").count() == 5


def test_mentions_and_replies_are_read_from_the_notifications(mentions, pds):
    pds.answer(NOTIFICATIONS, fixture=FIXTURES / "notifications.json")
    pds.answer(POSTS, fixture=FIXTURES / "mentioned_posts.json")
    assert polling.poll(mentions).created == 2
    [listed] = queries(pds, NOTIFICATIONS)
    assert listed["reasons"] == ["mention", "reply"]
    [looked_up] = queries(pds, POSTS)
    assert len(looked_up["uris"]) == 2
    reply = Post.objects.get(external_id__endswith="/3lc2kz7rpbt2h")
    assert reply.text == "thanks, the 4.2.1 update fixed it"
    assert reply.likes == 3
    assert reply.raw["parent_external_id"] == (
        "at://did:plc:lumio5c3p2wq7n4kx6ej2ybt/app.bsky.feed.post/3lbw2kq5xjs2f"
    )
    mentions.refresh_from_db()
    assert json.loads(mentions.cursor)["newest"] == "2025-03-02T11:00:01.300Z"


def test_a_mention_deleted_before_it_is_read_is_left_out_and_named(mentions, pds):
    pds.answer(NOTIFICATIONS, fixture=FIXTURES / "notifications_with_deleted.json")
    pds.answer(POSTS, fixture=FIXTURES / "mentioned_posts_one_deleted.json")
    assert polling.poll(mentions).created == 1
    mentions.refresh_from_db()
    assert mentions.last_error == (
        "The last poll left out 1 item(s): Bluesky no longer shows the post "
        "at://did:plc:ben7k2vj5xw3qz8nrm4tp6ha/app.bsky.feed.post/3lc2hx3vdfs2j (deleted, or "
        "hidden from this account)."
    )


def test_a_malformed_post_is_left_out_and_the_rest_kept(search, pds):
    answer = json.loads((FIXTURES / "search_posts.json").read_bytes())
    del answer["posts"][1]["record"]["createdAt"]
    pds.answer(SEARCH, json_body=answer)
    assert polling.poll(search).created == 2
    search.refresh_from_db()
    assert "3lbx6rm4kwa2c" in search.last_error


def test_an_expired_session_asks_to_reconnect(search, pds):
    pds.answer(SEARCH, status=400, fixture=FIXTURES / "expired_token.json")
    result = polling.poll(search)
    assert result.problem == (
        "Bluesky ended the session of lumio.bsky.social (HTTP 400: ExpiredToken: Token has "
        "expired): the app password may have been revoked; reconnect the source."
    )
    search.refresh_from_db()
    assert search.failures == 1


def test_a_kept_session_that_ended_is_renewed_with_the_app_password_once(search, pds):
    pds.answer(SEARCH, fixture=FIXTURES / "search_posts.json")
    polling.poll(search)
    pds.forget()
    pds.answer(SESSION, fixture=FIXTURES / "create_session.json")
    pds.answer(SEARCH, status=401, fixture=FIXTURES / "expired_token.json")
    pds.answer(SEARCH, fixture=FIXTURES / "search_newer.json")
    assert polling.poll(search).created == 1
    assert pds.asked.count(SESSION) == 1


def test_a_refused_app_password_asks_to_reconnect(cast, pds):
    pds.answer(SESSION, status=401, fixture=FIXTURES / "wrong_app_password.json")
    live = connect(cast, pds, follow="search", query="lumio")
    assert polling.poll(live).problem == (
        "Bluesky refused the app password of lumio.bsky.social (HTTP 401: "
        "AuthenticationRequired: Invalid identifier or password); reconnect the source with "
        "a new app password."
    )


def test_a_rate_limit_is_waited_out_until_its_reset(search, pds):
    reset = int(time.time()) + 3 * 3600
    pds.answer(
        SEARCH,
        status=429,
        fixture=FIXTURES / "rate_limited.json",
        headers={
            "RateLimit-Limit": "3000",
            "RateLimit-Remaining": "0",
            "RateLimit-Reset": str(reset),
            "RateLimit-Policy": "3000;w=300",
        },
    )
    result = polling.poll(search)
    assert result.problem.startswith("Bluesky limited our requests (HTTP 429); it asked us to wait")
    search.refresh_from_db()
    assert search.next_poll_at >= timezone.now() + timedelta(hours=2, minutes=55)


def test_a_pds_down_for_a_while_is_tried_again_later(search, pds):
    pds.answer(SEARCH, status=500, fixture=FIXTURES / "internal_error.json")
    pds.answer(SEARCH, fixture=FIXTURES / "search_posts.json")
    assert polling.poll(search).problem == (
        "Bluesky answered HTTP 500: InternalServerError: Internal Server Error; we will try "
        "again later."
    )
    assert polling.poll(search).created == 3


def test_a_pds_that_redirects_is_not_followed(search, pds):
    pds.answer(SEARCH, status=301, headers={"Location": "http://169.254.169.254/latest"})
    assert polling.poll(search).problem == (
        "Bluesky sent us elsewhere (HTTP 301 to http://169.254.169.254/latest); check the "
        "source's address."
    )
    assert pds.asked == [SESSION, SEARCH]


def test_a_search_needs_its_query_and_an_app_password(cast, pds):
    with pytest.raises(LiveSourceError, match="Write what to search Bluesky for"):
        connect(cast, pds, follow="search", query=" ")
    with pytest.raises(LiveSourceError, match="never the account's own password"):
        connect_source(
            cast.workspace,
            name="Bluesky with the account's password",
            kind="bluesky",
            settings={"follow": "mentions"},
            credentials={"handle": "lumio.bsky.social", "app_password": "hunter2hunter2"},
            by=cast.admin,
        )


def test_the_test_address_is_ignored_where_private_addresses_are_not_allowed(settings):
    settings.CONNECTORS_ALLOW_PRIVATE_ADDRESSES = False
    connector = BlueskyConnector(
        {"follow": "mentions", "base_url": "http://127.0.0.1:9"}, CREDENTIALS
    )
    assert connector.service == SERVICE


def test_a_saved_page_bluesky_no_longer_accepts_is_given_up_and_named(search, pds):
    gap = {
        "newest": "2025-03-01T10:05:00.000Z",
        "seen": [ANA],
        "gap": {"newest": "2025-03-01T09:15:00.000Z", "seen": [], "page": "p3"},
    }
    type(search).objects.filter(pk=search.pk).update(cursor=json.dumps(gap))
    search.refresh_from_db()
    pds.answer(
        SEARCH,
        status=400,
        json_body={"error": "InvalidRequest", "message": "Malformed cursor"},
    )
    result = polling.poll(search)
    assert result.ok
    search.refresh_from_db()
    assert json.loads(search.cursor) == {"newest": "2025-03-01T10:05:00.000Z", "seen": [ANA]}
    assert search.last_error.startswith("The last poll left out 1 item(s): older posts a poll")
    assert search.next_poll_at <= timezone.now()  # it goes on at once from the newest read
