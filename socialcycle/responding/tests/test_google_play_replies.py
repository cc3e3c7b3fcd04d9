"""A reply to a Google Play review is posted as the developer's reply, through
google-api-python-client against a local server playing Google's token endpoint and the
Play Developer API; Google Play keeps one reply per review, so a retry changes nothing; a
reply longer than Google Play takes stays ready to paste, with the reason, unasked."""

import json
import uuid

import pytest
from django.urls import reverse

from socialcycle.listening.connectors import connector_for, polling
from socialcycle.listening.connectors.base import ReplyTarget
from socialcycle.listening.models import Post
from socialcycle.listening.tests.google_play_helpers import (
    FIXTURES,
    REVIEWS,
    TOKEN,
    connect_google_play,
)
from socialcycle.responding import publishing
from socialcycle.responding.replies import reply

ANA = "gp:AOqpTOFwQ1ana-lumio-hub-0001"
REPLY = f"{REVIEWS}/gp%3AAOqpTOFwQ1ana-lumio-hub-0001:reply"
ANSWER = "Sorry Ana: 4.2.1 brings your scenes back."


@pytest.fixture
def play(platform):
    platform.answer(TOKEN, fixture=FIXTURES / "token.json")
    return platform


@pytest.fixture
def lumio(cast, play):
    return connect_google_play(cast, play)


@pytest.fixture
def ana(lumio, play):
    """Ana's review, heard on the app's Google Play source."""
    play.answer(REVIEWS, fixture=FIXTURES / "list_newer.json")
    polling.poll(lumio)
    play.forget()
    play.answer(TOKEN, fixture=FIXTURES / "token.json")
    return Post.objects.get(external_id=ANA)


def test_a_reply_is_posted_as_the_developer_reply_and_its_review_linked(cast, play, ana):
    play.answer(REPLY, fixture=FIXTURES / "reply.json")
    sent, delivery = reply(ana, ANSWER, by=cast.admin, key=uuid.uuid4())
    assert not delivery.published
    assert delivery.instructions.startswith("Publishing on Google Play reviews")

    assert publishing.publish_waiting() == 1
    assert not publishing.publish(sent.pk)  # a retried task finds it published
    assert publishing.publish_waiting() == 0

    [posted] = [posted for posted in play.posted if posted.path == REPLY]
    assert json.loads(posted.body) == {"replyText": ANSWER}
    assert posted.headers["authorization"] == "Bearer ya29.c.lumio-play-token"
    sent.refresh_from_db()
    assert sent.published_at is not None
    assert sent.external_url == ana.url


def test_posting_the_same_reply_again_leaves_one_reply(lumio, play, ana):
    play.answer(REPLY, fixture=FIXTURES / "reply.json")
    connector = connector_for(lumio)
    target = ReplyTarget(ANA)
    first = connector.publish_reply(target, ANSWER, "key-1")  # type: ignore[attr-defined]
    again = connector.publish_reply(target, ANSWER, "key-1")  # type: ignore[attr-defined]
    assert first == again == ana.url
    bodies = [posted.body for posted in play.posted if posted.path == REPLY]
    assert bodies == [json.dumps({"replyText": ANSWER}).encode()] * 2  # replaced, not added


def test_a_reply_longer_than_google_play_takes_stays_ready_to_paste(cast, client, play, ana):
    long_reply = "We are sorry. " * 30  # 419 characters once trimmed
    sent, _ = reply(ana, long_reply, by=cast.admin, key=uuid.uuid4())

    assert publishing.publish_waiting() == 0
    sent.refresh_from_db()
    assert sent.published_at is None
    assert sent.publish_error == (
        "Google Play takes replies of at most 350 characters and this one has 419: shorten "
        "it, or paste it in the Play Console."
    )
    assert REPLY not in play.asked
    assert publishing.publish_waiting() == 0  # it waits for a person, not a loop

    client.force_login(cast.admin)
    url = reverse("responding:reply", args=[cast.workspace.slug, ana.pk])
    page = client.get(url, {"sent": sent.pk}).content.decode()
    assert "Not published:" in page
    assert "Ready to paste." in page


def test_a_reply_google_play_refuses_keeps_its_reason(cast, play, ana):
    play.answer(REPLY, status=400, fixture=FIXTURES / "error_400_reply.json")
    sent, _ = reply(ana, ANSWER, by=cast.admin, key=uuid.uuid4())
    assert publishing.publish_waiting() == 0
    sent.refresh_from_db()
    assert sent.publish_error == (
        "Google Play refused the request (HTTP 400: The reply text is too long.)."
    )


def test_the_reply_page_says_the_reply_replaces_the_developers_earlier_one(cast, client, ana):
    client.force_login(cast.admin)
    page = client.get(reverse("responding:reply", args=[cast.workspace.slug, ana.pk]))
    assert (
        "published on Google Play, as the developer&#x27;s reply to the review (it replaces an "
        "earlier reply)" in page.content.decode()
    )
