"""A reply to a post heard on Reddit is published as a comment by the connected account,
through PRAW against a local server playing Reddit: once even when retried (Reddit has no
idempotency key, so the account's newest comments are looked at first), its link kept;
without the account's refresh token it stays ready to paste."""

import uuid
from pathlib import Path
from urllib.parse import parse_qs

import pytest

import socialcycle.listening.tests as listening_tests
from socialcycle.listening.connectors import connector_for, polling
from socialcycle.listening.connectors.base import ReplyTarget
from socialcycle.listening.connectors.connections import connect_source
from socialcycle.listening.connectors.reddit import RedditConnector
from socialcycle.listening.models import Post
from socialcycle.responding import publishing
from socialcycle.responding.replies import reply

FIXTURES = Path(listening_tests.__file__).parent / "fixtures" / "reddit"
TOKEN = "/api/v1/access_token"
NEW = "/r/lumio/new"
COMMENTS = "/r/lumio/comments"
ME = "/api/v1/me"
MY_COMMENTS = "/user/lumio_support/comments"
COMMENT = "/api/comment/"
TEXT = "Sorry about that! 4.2.1 brings your scenes back."
PUBLISHED = (
    "https://www.reddit.com/r/lumio/comments/1h2k9zc/"
    "the_hub_lost_all_my_scenes_after_last_nights/m0b9k2q/"
)


@pytest.fixture
def reddit(platform):
    return platform


def follow_lumio(cast, reddit, credentials):
    live = connect_source(
        cast.workspace,
        name="r/lumio",
        kind="reddit",
        settings={"follow": "subreddit", "subreddit": "lumio", "base_url": reddit.url},
        credentials=credentials,
        by=cast.admin,
    )
    reddit.answer(NEW, fixture=FIXTURES / "new_submissions.json")
    reddit.answer(COMMENTS, fixture=FIXTURES / "empty_listing.json")
    polling.poll(live)
    return live


@pytest.fixture
def answering(cast, reddit):
    """r/lumio followed with the answering account's refresh token."""
    reddit.answer(TOKEN, fixture=FIXTURES / "access_token_user.json")
    credentials = {
        "client_id": "app-id-1",
        "client_secret": "app-secret-1",
        "refresh_token": "refresh-1",
    }
    return follow_lumio(cast, reddit, credentials)


def connector_of(connection):
    connector = connector_for(connection)
    assert isinstance(connector, RedditConnector)
    return connector


def comments_posted(reddit):
    return [posted for posted in reddit.posted if posted.path == COMMENT]


def test_a_reply_is_published_once_and_its_link_is_kept(cast, reddit, answering):
    ana = Post.objects.get(external_id="t3_1h2k9zc")
    reddit.answer(ME, fixture=FIXTURES / "me.json")
    reddit.answer(MY_COMMENTS, fixture=FIXTURES / "my_comments_none.json")
    reddit.answer(COMMENT, fixture=FIXTURES / "comment_posted.json")
    sent, delivery = reply(ana, TEXT, by=cast.admin, key=uuid.uuid4())
    assert delivery.instructions.startswith("Publishing on Reddit")

    assert publishing.publish_waiting() == 1
    assert not publishing.publish(sent.pk)  # a retried task finds it published
    [posted] = comments_posted(reddit)
    assert posted.headers["Authorization"] == "bearer user-token-1"
    form = parse_qs(posted.body.decode())
    assert form["thing_id"] == ["t3_1h2k9zc"]
    assert form["text"] == [TEXT]
    sent.refresh_from_db()
    assert sent.published_at is not None
    assert sent.external_url == PUBLISHED

    [refreshed, *_] = [posted for posted in reddit.posted if posted.path == TOKEN]
    assert parse_qs(refreshed.body.decode()) == {
        "grant_type": ["refresh_token"],
        "refresh_token": ["refresh-1"],
    }


def test_a_retry_after_the_comment_was_made_does_not_post_it_twice(reddit, answering):
    reddit.answer(ME, fixture=FIXTURES / "me.json")
    reddit.answer(MY_COMMENTS, fixture=FIXTURES / "my_comments_none.json")
    reddit.answer(MY_COMMENTS, fixture=FIXTURES / "my_comments_with_reply.json")
    reddit.answer(COMMENT, fixture=FIXTURES / "comment_posted.json")
    target = ReplyTarget("t3_1h2k9zc")

    first = connector_of(answering).publish_reply(target, TEXT, "key-1")
    again = connector_of(answering).publish_reply(target, TEXT, "key-1")  # a crash between
    assert first == again == PUBLISHED
    assert len(comments_posted(reddit)) == 1
    assert parse_qs(reddit.asked_queries[reddit.asked.index(MY_COMMENTS)])["sort"] == ["new"]


def test_a_locked_thread_leaves_the_reply_ready_to_paste_with_the_reason(cast, reddit, answering):
    ana = Post.objects.get(external_id="t3_1h2k9zc")
    reddit.answer(ME, fixture=FIXTURES / "me.json")
    reddit.answer(MY_COMMENTS, fixture=FIXTURES / "my_comments_none.json")
    reddit.answer(COMMENT, fixture=FIXTURES / "reply_locked.json")
    sent, _ = reply(ana, TEXT, by=cast.admin, key=uuid.uuid4())

    assert publishing.publish_waiting() == 0
    sent.refresh_from_db()
    assert sent.published_at is None
    assert sent.publish_error == "Reddit refused the reply: the thread is locked."


def test_without_the_accounts_refresh_token_replies_are_ready_to_paste(cast, reddit):
    reddit.answer(TOKEN, fixture=FIXTURES / "access_token.json")
    live = follow_lumio(cast, reddit, {"client_id": "app-id-1", "client_secret": "app-secret-1"})
    assert not connector_of(live).can_publish()
    ana = Post.objects.get(external_id="t3_1h2k9zc")

    _, delivery = reply(ana, TEXT, by=cast.admin, key=uuid.uuid4())
    assert delivery.instructions == f"Copy the reply and post it at {ana.url}."
    assert publishing.publish_waiting() == 0
    assert comments_posted(reddit) == []
