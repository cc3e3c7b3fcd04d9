"""A reply to an App Store review is published through the App Store Connect API, against a
local server playing Apple (fixtures written from Apple's documentation): the review found
in App Store Connect by matching the feed's review, the request signed with an ES256 token
the key's public half verifies, posted once even when retried; when Apple refuses, the reply
stays ready to paste with the reason; without a key, replies are ready to paste as before."""

import json
import uuid
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.urls import reverse

import socialcycle.listening.tests as listening_tests
from socialcycle.listening.connectors import connector_for, polling, publisher_for
from socialcycle.listening.connectors.apple_app_store import AppleAppStore
from socialcycle.listening.connectors.base import ConnectorError, Publisher, ReplyTarget
from socialcycle.listening.connectors.connections import LiveSourceError, connect_source
from socialcycle.listening.models import Post
from socialcycle.responding import publishing
from socialcycle.responding.replies import reply

FIXTURES = Path(listening_tests.__file__).parent / "fixtures" / "apple_app_store"
APP = "1234567890"
FEED = f"/us/rss/customerreviews/page=1/id={APP}/sortby=mostrecent/json"
REVIEWS = f"/v1/apps/{APP}/customerReviews"
CONNECT_ID = "00000071-5c1e-0003-a5d2-0c8800000000"  # mika_h's review in App Store Connect
RESPONSE = f"/v1/customerReviews/{CONNECT_ID}/response"
RESPONSES = "/v1/customerReviewResponses"
ISSUER = "57246542-96fe-1a63-e053-0824d011072a"
KEY_ID = "2X9R4HXF34"
ANSWER = "Thanks mika_h: 4.2.2 fixes the hub settings freeze, out this week."
REVIEWS_PAGE = f"https://apps.apple.com/us/app/id{APP}?see-all=reviews"


def pem(key: ec.EllipticCurvePrivateKey) -> str:
    """The key as App Store Connect's .p8 file holds it (PKCS#8 PEM)."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture(scope="module")
def api_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


@pytest.fixture
def apple(platform):
    return platform


def connect(cast, apple, credentials=None, name="App Store (US)"):
    return connect_source(
        cast.workspace,
        name=name,
        kind="apple_app_store",
        settings={
            "app_id": APP,
            "country": "us",
            "base_url": apple.url,
            "api_base_url": apple.url,
        },
        credentials=credentials,
        by=cast.admin,
    )


@pytest.fixture
def store(cast, apple, api_key):
    live = connect(
        cast,
        apple,
        {"issuer_id": ISSUER, "key_id": KEY_ID, "private_key": pem(api_key)},
    )
    apple.answer(FEED, fixture=FIXTURES / "one_new_review.json")
    polling.poll(live)
    return live


@pytest.fixture
def review(store):
    """mika_h's review, heard through the public feed (id 10000000007 there)."""
    return Post.objects.get(source=store.source, external_id="10000000007")


def publisher(live) -> Publisher:
    found = publisher_for(live)
    assert found is not None
    return found


def answer_the_review_lookup(apple):
    """App Store Connect lists the territory's reviews on two pages; mika_h's is on the
    second (the first holds a review of the same title by someone else)."""
    apple.answer(REVIEWS, fixture=FIXTURES / "asc_customer_reviews_page1.json")
    apple.answer(REVIEWS, fixture=FIXTURES / "asc_customer_reviews_page2.json")


def test_a_reply_is_published_once_with_a_signed_token_and_the_reviews_page_kept(
    cast, apple, api_key, store, review
):
    answer_the_review_lookup(apple)
    apple.answer(RESPONSE, status=404, fixture=FIXTURES / "asc_error_not_found.json")
    apple.answer(RESPONSES, status=201, fixture=FIXTURES / "asc_response_created.json")
    sent, delivery = reply(review, ANSWER, by=cast.admin, key=uuid.uuid4())
    assert delivery.instructions.startswith("Publishing on Apple App Store reviews")

    assert publishing.publish_waiting() == 1
    assert not publishing.publish(sent.pk)  # a retried task finds it published
    assert publishing.publish_waiting() == 0

    [posted] = apple.posted
    assert posted.path == RESPONSES
    assert json.loads(posted.body) == {
        "data": {
            "type": "customerReviewResponses",
            "attributes": {"responseBody": ANSWER},
            "relationships": {"review": {"data": {"type": "customerReviews", "id": CONNECT_ID}}},
        }
    }
    token = posted.headers["Authorization"].removeprefix("Bearer ")
    claims = jwt.decode(
        token, api_key.public_key(), algorithms=["ES256"], audience="appstoreconnect-v1"
    )
    assert claims["iss"] == ISSUER
    assert 0 < claims["exp"] - claims["iat"] <= 20 * 60
    assert jwt.get_unverified_header(token) == {"alg": "ES256", "kid": KEY_ID, "typ": "JWT"}

    asked = zip(apple.asked, apple.asked_queries, strict=True)
    lookups = [query for path, query in asked if path == REVIEWS]
    assert len(lookups) == 2
    assert all("filter%5Bterritory%5D=USA" in query for query in lookups)
    assert "sort=-createdDate" in lookups[0]
    assert "cursor=Ag.ALpNq8k" in lookups[1]  # the next page, asked of our own address

    sent.refresh_from_db()
    assert sent.published_at is not None
    assert sent.external_url == review.url == REVIEWS_PAGE
    store.refresh_from_db()
    assert "PRIVATE KEY" not in store.credentials  # sealed


def test_a_retry_after_apple_took_the_response_posts_nothing_again(apple, store):
    answer_the_review_lookup(apple)
    apple.answer(RESPONSE, status=404, fixture=FIXTURES / "asc_error_not_found.json")
    apple.answer(RESPONSE, fixture=FIXTURES / "asc_response_existing.json")  # the same text
    apple.answer(RESPONSES, status=201, fixture=FIXTURES / "asc_response_created.json")
    answering = publisher(store)
    target = ReplyTarget("10000000007", "Better, still one crash")

    assert answering.publish_reply(target, ANSWER, "reply-1") == REVIEWS_PAGE
    assert answering.publish_reply(target, ANSWER, "reply-1") == REVIEWS_PAGE
    assert len(apple.posted) == 1


def test_a_response_of_another_text_is_replaced_as_apple_documents(apple, store):
    answer_the_review_lookup(apple)
    apple.answer(RESPONSE, fixture=FIXTURES / "asc_response_other_text.json")
    apple.answer(RESPONSES, status=201, fixture=FIXTURES / "asc_response_created.json")

    publisher(store).publish_reply(ReplyTarget("10000000007"), ANSWER, "reply-2")

    [posted] = apple.posted
    assert json.loads(posted.body)["data"]["attributes"]["responseBody"] == ANSWER


def test_a_revoked_key_leaves_the_reply_ready_to_paste_with_the_reason(
    cast, client, apple, store, review
):
    apple.answer(REVIEWS, status=401, fixture=FIXTURES / "asc_error_unauthorized.json")
    sent, _ = reply(review, ANSWER, by=cast.admin, key=uuid.uuid4())

    assert publishing.publish_waiting() == 0
    sent.refresh_from_db()
    assert sent.published_at is None
    assert sent.publish_error == (
        "App Store Connect refused the API key (HTTP 401): it may have been revoked; "
        "reconnect the source with a new key."
    )
    assert apple.posted == []

    client.force_login(cast.admin)
    url = reverse("responding:reply", args=[cast.workspace.slug, review.pk])
    page = client.get(url, {"sent": sent.pk}).content.decode()
    assert "Not published:" in page
    assert "Ready to paste." in page


@pytest.mark.parametrize(
    ("status", "fixture", "headers", "said"),
    [
        (403, "asc_error_forbidden.json", {}, "it lacks the Customer Support role"),
        (404, "asc_error_not_found.json", {}, "the review was deleted (HTTP 404)"),
        (409, "asc_error_conflict.json", {}, "the review has a response already (HTTP 409)"),
        (429, None, {"Retry-After": "120"}, "limited our requests (HTTP 429)"),
        (503, None, {}, "App Store Connect answered HTTP 503"),
        (302, None, {"Location": "http://169.254.169.254/"}, "sent us elsewhere (HTTP 302"),
    ],
)
def test_each_refusal_of_the_response_is_one_sentence(apple, store, status, fixture, headers, said):
    answer_the_review_lookup(apple)
    apple.answer(RESPONSE, status=404, fixture=FIXTURES / "asc_error_not_found.json")
    body = FIXTURES / fixture if fixture else None
    apple.answer(RESPONSES, status=status, fixture=body, headers=headers)

    with pytest.raises(ConnectorError) as refused:
        publisher(store).publish_reply(ReplyTarget("10000000007"), ANSWER, "reply-3")

    assert said in str(refused.value)
    assert refused.value.retry_after == (120 if status == 429 else None)
    assert refused.value.reconnect == (status in (302, 403))
    assert apple.asked.count(RESPONSES) == 1  # no redirect followed, no second try


def test_a_review_app_store_connect_does_not_show_is_said_so(apple, store):
    apple.answer(REVIEWS, json_body={"data": [], "links": {"self": "x"}, "meta": {}})

    with pytest.raises(ConnectorError, match="does not show the review by mika_h"):
        publisher(store).publish_reply(ReplyTarget("10000000007"), ANSWER, "reply-4")
    assert apple.posted == []


def test_a_source_without_a_key_hands_replies_back_ready_to_paste(cast, apple):
    live = connect(cast, apple, name="App Store, read only")
    apple.answer(FEED, fixture=FIXTURES / "one_new_review.json")
    polling.poll(live)
    post = Post.objects.get(source=live.source, external_id="10000000007")

    connector = connector_for(live)
    assert isinstance(connector, AppleAppStore)
    assert not connector.can_publish()
    _, delivery = reply(post, ANSWER, by=cast.admin, key=uuid.uuid4())
    assert delivery.instructions == f"Copy the reply and post it at {post.url}."
    assert publishing.publish_waiting() == 0
    assert apple.posted == []


def other_curve_key() -> str:
    return pem(ec.generate_private_key(ec.SECP384R1()))


@pytest.mark.parametrize(
    "private_key",
    [
        "not a key at all",
        "-----BEGIN PRIVATE KEY-----\nMIGTAgEAMBMGByqGSM49AgEGCCqGSM49\n-----END PRIVATE KEY-----",
        other_curve_key(),
    ],
)
def test_a_key_that_is_not_a_p256_pem_is_refused_at_connect(cast, apple, private_key):
    credentials = {"issuer_id": ISSUER, "key_id": KEY_ID, "private_key": private_key}

    with pytest.raises(LiveSourceError) as refused:
        connect(cast, apple, credentials)

    assert refused.value.field == "private_key"
    assert "not an App Store Connect API key" in refused.value.message
    assert private_key not in refused.value.message


def test_a_key_without_its_key_id_cannot_publish(cast, apple, api_key):
    credentials = {"issuer_id": ISSUER, "key_id": " ", "private_key": pem(api_key)}

    live = connect(cast, apple, credentials)

    assert publisher_for(live) is None


def test_the_test_addresses_are_honoured_only_where_private_addresses_are_allowed(
    settings, api_key
):
    settings.CONNECTORS_ALLOW_PRIVATE_ADDRESSES = False
    local = {"app_id": APP, "base_url": "http://127.0.0.1:9", "api_base_url": "http://127.0.0.1:9"}
    key = {"issuer_id": ISSUER, "key_id": KEY_ID, "private_key": pem(api_key)}

    connector = AppleAppStore(local, key)

    assert connector.platform.base_url == "https://itunes.apple.com"
    assert connector.connect is not None
    assert connector.connect.api.base_url == "https://api.appstoreconnect.apple.com"
