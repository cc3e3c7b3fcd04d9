"""A reply to a Bluesky post is published in its thread through the atproto client against
a local server playing the account's PDS: under a record key derived from the reply's key,
so a retry after the post reached Bluesky posts nothing twice, with its link kept."""

import json
import uuid
from pathlib import Path

import pytest

import socialcycle.listening.tests as listening_tests
from socialcycle.listening.connectors import polling, publisher_for
from socialcycle.listening.connectors.base import ReplyTarget
from socialcycle.listening.connectors.bluesky import forget_sessions, reply_record_key
from socialcycle.listening.connectors.connections import connect_source
from socialcycle.listening.models import Post
from socialcycle.responding import publishing
from socialcycle.responding.replies import reply

FIXTURES = Path(listening_tests.__file__).parent / "fixtures" / "bluesky"
SESSION = "/xrpc/com.atproto.server.createSession"
SEARCH = "/xrpc/app.bsky.feed.searchPosts"
POSTS = "/xrpc/app.bsky.feed.getPosts"
GET_RECORD = "/xrpc/com.atproto.repo.getRecord"
CREATE_RECORD = "/xrpc/com.atproto.repo.createRecord"
ANA = "at://did:plc:ana4h7xq2mzr6v3kpl5wn8ct/app.bsky.feed.post/3lbx7qk2hzs2a"
KEY = uuid.UUID("6f1c2b9e-3d4a-4e5f-9a8b-7c6d5e4f3a2b")
RKEY = "3jt3vaobsfu7y"  # the record key KEY gives; the fixtures name it
LINK = f"https://bsky.app/profile/lumio.bsky.social/post/{RKEY}"


@pytest.fixture(autouse=True)
def no_kept_sessions():
    forget_sessions()
    yield
    forget_sessions()


@pytest.fixture
def pds(platform):
    return platform


@pytest.fixture
def live(cast, pds):
    pds.answer(SESSION, fixture=FIXTURES / "create_session.json")
    return connect_source(
        cast.workspace,
        name="lumio on Bluesky",
        kind="bluesky",
        settings={"base_url": pds.url, "follow": "search", "query": "lumio"},
        credentials={"handle": "lumio.bsky.social", "app_password": "abcd-efgh-ijkl-mnop"},
        by=cast.admin,
    )


@pytest.fixture
def ana(live, pds):
    """Ana's post, found by a followed search."""
    pds.answer(SEARCH, fixture=FIXTURES / "search_posts.json")
    polling.poll(live)
    pds.forget()
    return Post.objects.get(external_id=ANA)


def created(pds):
    return [json.loads(posted.body) for posted in pds.posted if posted.path == CREATE_RECORD]


def test_a_reply_is_published_once_under_its_own_record_key_and_its_link_is_kept(cast, pds, ana):
    pds.answer(GET_RECORD, status=400, fixture=FIXTURES / "record_not_found.json")
    pds.answer(POSTS, fixture=FIXTURES / "parent_post.json")
    pds.answer(CREATE_RECORD, fixture=FIXTURES / "record_created.json")
    sent, delivery = reply(ana, "@ana 4.2.1 brings your scenes back.", by=cast.admin, key=KEY)
    assert not delivery.published
    assert delivery.instructions.startswith("Publishing on Bluesky")

    assert publishing.publish_waiting() == 1
    assert not publishing.publish(sent.pk)  # a retried task finds it published
    assert publishing.publish_waiting() == 0

    assert reply_record_key(str(KEY)) == RKEY
    [posted] = created(pds)
    assert (posted["repo"], posted["collection"], posted["rkey"]) == (
        "did:plc:lumio5c3p2wq7n4kx6ej2ybt",
        "app.bsky.feed.post",
        RKEY,
    )
    record = posted["record"]
    assert record["text"] == "@ana 4.2.1 brings your scenes back."
    assert record["reply"]["parent"]["uri"] == record["reply"]["root"]["uri"] == ANA
    assert record["reply"]["parent"]["cid"].startswith("bafyreiana7")
    sent.refresh_from_db()
    assert sent.published_at is not None
    assert sent.external_url == LINK


def test_a_retry_after_the_post_reached_bluesky_posts_nothing_twice(cast, live, pds, ana):
    pds.answer(GET_RECORD, status=400, fixture=FIXTURES / "record_not_found.json")
    pds.answer(GET_RECORD, fixture=FIXTURES / "record_found.json")
    pds.answer(POSTS, fixture=FIXTURES / "parent_post.json")
    pds.answer(CREATE_RECORD, fixture=FIXTURES / "record_created.json")
    publisher = publisher_for(live)
    assert publisher is not None
    target = ReplyTarget(ANA)

    first = publisher.publish_reply(target, "@ana 4.2.1 brings your scenes back.", str(KEY))
    again = publisher.publish_reply(target, "@ana 4.2.1 brings your scenes back.", str(KEY))
    assert first == again == LINK
    assert len(created(pds)) == 1


def test_a_post_refused_because_its_record_exists_counts_as_published(cast, live, pds, ana):
    pds.answer(GET_RECORD, status=400, fixture=FIXTURES / "record_not_found.json")
    pds.answer(GET_RECORD, fixture=FIXTURES / "record_found.json")
    pds.answer(POSTS, fixture=FIXTURES / "parent_post.json")
    # Today's PDS answers 500 when the record key is taken (bluesky-social/atproto#3718).
    pds.answer(CREATE_RECORD, status=500, fixture=FIXTURES / "internal_error.json")
    publisher = publisher_for(live)
    assert publisher is not None
    url = publisher.publish_reply(ReplyTarget(ANA), "@ana we are on it.", str(KEY))
    assert url == LINK
    assert len(created(pds)) == 1


def test_a_reply_to_a_deleted_post_stays_ready_to_paste_with_the_reason(cast, pds, ana):
    pds.answer(GET_RECORD, status=400, fixture=FIXTURES / "record_not_found.json")
    pds.answer(POSTS, json_body={"posts": []})
    sent, _ = reply(ana, "@ana we are on it.", by=cast.admin, key=uuid.uuid4())

    assert publishing.publish_waiting() == 0
    sent.refresh_from_db()
    assert sent.published_at is None
    assert sent.publish_error == (
        f"Bluesky no longer shows the post {ANA} (deleted, or hidden from this account); the "
        "reply was not published."
    )
    assert created(pds) == []
