"""A reply to a post from a live source is published where the customer spoke: through
Mastodon.py against a local server playing the instance, once even when retried, with
its address recorded; when the platform refuses, it stays ready to paste with the reason."""

import uuid
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from django.urls import reverse

import socialcycle.listening.tests as listening_tests
from socialcycle.listening.connectors import polling
from socialcycle.listening.connectors.connections import connect_source
from socialcycle.listening.models import Post
from socialcycle.responding import publishing
from socialcycle.responding.replies import reply

FIXTURES = Path(listening_tests.__file__).parent / "fixtures" / "mastodon"
TAG = "/api/v1/timelines/tag/lumio"
STATUSES = "/api/v1/statuses"


@pytest.fixture
def instance(platform):
    return platform


@pytest.fixture
def ana(cast, instance):
    """Ana's post, heard on a followed hashtag."""
    live = connect_source(
        cast.workspace,
        name="#lumio on Mastodon",
        kind="mastodon",
        settings={"instance": instance.url, "follow": "hashtag", "hashtag": "lumio"},
        credentials={"access_token": "app-token-1"},
        by=cast.admin,
    )
    instance.answer(TAG, fixture=FIXTURES / "hashtag_timeline.json")
    polling.poll(live)
    return Post.objects.get(external_id="113500000000000003")


def test_a_reply_is_published_once_with_its_key_and_its_link_is_kept(cast, instance, ana):
    instance.answer(STATUSES, fixture=FIXTURES / "status_posted.json")
    key = uuid.uuid4()
    sent, delivery = reply(ana, "@ana 4.2.1 brings your scenes back.", by=cast.admin, key=key)
    assert not delivery.published
    assert delivery.instructions.startswith("Publishing on Mastodon")

    assert publishing.publish_waiting() == 1
    assert not publishing.publish(sent.pk)  # a retried task finds it published
    assert publishing.publish_waiting() == 0

    [posted] = instance.posted
    assert posted.headers["Idempotency-Key"] == str(key)
    assert posted.headers["Authorization"] == "Bearer app-token-1"
    form = parse_qs(posted.body.decode())
    assert form["in_reply_to_id"] == ["113500000000000003"]
    assert form["status"] == ["@ana 4.2.1 brings your scenes back."]
    sent.refresh_from_db()
    assert sent.published_at is not None
    assert sent.external_url == "https://fosstodon.example/@lumio/113500000000009999"


def test_a_refused_reply_stays_ready_to_paste_with_the_reason(cast, client, instance, ana):
    instance.answer(STATUSES, status=422, json_body={"error": "Validation failed: Text too long"})
    sent, _ = reply(ana, "@ana we are on it.", by=cast.admin, key=uuid.uuid4())

    assert publishing.publish_waiting() == 0
    sent.refresh_from_db()
    assert sent.published_at is None
    assert "refused the request (HTTP 422)" in sent.publish_error
    assert publishing.publish_waiting() == 0  # it waits for a person, not a loop

    client.force_login(cast.admin)
    url = reverse("responding:reply", args=[cast.workspace.slug, ana.pk])
    page = client.get(url, {"sent": sent.pk}).content.decode()
    assert "Not published:" in page
    assert "Ready to paste." in page
    assert "A reply sent here is published on Mastodon" in page


def test_the_reply_page_says_where_a_reply_to_a_live_post_appears(cast, client, ana):
    client.force_login(cast.admin)
    url = reverse("responding:reply", args=[cast.workspace.slug, ana.pk])
    page = client.get(url).content.decode()
    assert "published on Mastodon, as a reply to the original post" in page
    assert f'href="{ana.url}"' in page


def test_a_source_read_without_a_token_hands_replies_back_ready_to_paste(cast, instance):
    live = connect_source(
        cast.workspace,
        name="#lumio read anonymously",
        kind="mastodon",
        settings={"instance": instance.url, "follow": "hashtag", "hashtag": "lumio"},
        by=cast.admin,
    )
    instance.answer(TAG, fixture=FIXTURES / "hashtag_timeline.json")
    polling.poll(live)
    post = Post.objects.get(external_id="113500000000000003")

    sent, delivery = reply(post, "@ana we are on it.", by=cast.admin, key=uuid.uuid4())
    assert delivery.instructions == f"Copy the reply and post it at {post.url}."
    assert publishing.publish_waiting() == 0
    assert instance.posted == []
    sent.refresh_from_db()
    assert sent.published_at is None
    assert sent.publish_error == "its source is no longer connected, or cannot publish replies"
