"""The Google Play connector through google-api-python-client and google-auth against a
local server playing both Google's token endpoint and the Play Developer API (fixtures
written from the API reference, named in fixtures/google_play/SOURCE.txt). The service
account has a real RSA key: the server checks the signature of the JWT it is sent."""

import json
import socket
from datetime import timedelta
from urllib.parse import parse_qs

import jwt
import pytest
from django.urls import reverse
from django.utils import timezone

from socialcycle.listening.connectors import connector_for, polling
from socialcycle.listening.connectors.base import ConnectorError
from socialcycle.listening.connectors.connections import LiveSourceError, connect_source
from socialcycle.listening.connectors.google_play import GooglePlayReviews
from socialcycle.listening.models import Post
from socialcycle.listening.tests.google_play_helpers import (
    CLIENT_EMAIL,
    FIXTURES,
    PACKAGE,
    REVIEWS,
    TOKEN,
    connect_google_play,
    public_key_pem,
    service_account_key,
)

ANA = "gp:AOqpTOFwQ1ana-lumio-hub-0001"
DAN = "gp:AOqpTOJd04dan-lumio-hub-0004"


@pytest.fixture
def play(platform):
    platform.answer(TOKEN, fixture=FIXTURES / "token.json")
    return platform


@pytest.fixture
def lumio(cast, play):
    return connect_google_play(cast, play)


def test_the_week_of_reviews_is_read_with_a_signed_sign_in_then_only_what_is_newer(lumio, play):
    play.answer(REVIEWS, fixture=FIXTURES / "list_page1.json")
    play.answer(REVIEWS, fixture=FIXTURES / "list_page2.json")
    assert polling.poll(lumio).created == 3

    ana = Post.objects.get(external_id=ANA)
    assert (ana.title, ana.text) == (
        "Scenes gone",
        "The hub lost all my scenes after the 4.2.0 update.",
    )
    assert (ana.rating, ana.author_handle, ana.likes, ana.channel) == (
        2,
        "Ana Souza",
        7,
        "app_store",
    )
    assert ana.created_at.isoformat() == "2025-10-14T08:20:00.713000+00:00"
    assert ana.url == (
        "https://play.google.com/store/apps/details?id=com.lumio.hub"
        "&reviewId=gp%3AAOqpTOFwQ1ana-lumio-hub-0001"
    )
    assert (ana.raw["app_version"], ana.raw["language"], ana.raw["device"]) == (
        "4.2.0",
        "pt_BR",
        "shiba",
    )
    ben = Post.objects.get(external_id="gp:AOqpTOGbx2ben-lumio-hub-0002")
    assert ben.raw["developer_reply"] == "Thanks Ben, enjoy the light!"
    lumio.refresh_from_db()
    assert lumio.cursor == "1760430000.713000000"

    [sign_in] = [posted for posted in play.posted if posted.path == TOKEN]
    form = parse_qs(sign_in.body.decode())
    assert form["grant_type"] == ["urn:ietf:params:oauth:grant-type:jwt-bearer"]
    # google-auth always names Google's token endpoint as the audience: a JWT sent
    # anywhere else could be used at Google, hence refusing other token_uri in production.
    claims = jwt.decode(
        form["assertion"][0],
        public_key_pem(),
        algorithms=["RS256"],
        audience="https://oauth2.googleapis.com/token",
    )
    assert claims["iss"] == CLIENT_EMAIL
    assert claims["scope"] == "https://www.googleapis.com/auth/androidpublisher"

    asked = [
        (query, headers["authorization"])  # httplib2 sends header names in lower case
        for path, query, headers in zip(
            play.asked, play.asked_queries, play.asked_headers, strict=True
        )
        if path == REVIEWS
    ]
    assert asked == [
        ("maxResults=100&alt=json", "Bearer ya29.c.lumio-play-token"),
        ("maxResults=100&token=page-2-token&alt=json", "Bearer ya29.c.lumio-play-token"),
    ]

    play.forget()
    play.answer(TOKEN, fixture=FIXTURES / "token.json")
    play.answer(REVIEWS, fixture=FIXTURES / "list_newer.json")
    second = polling.poll(lumio)
    assert (second.fetched, second.created) == (2, 1)  # Dan's is new, Ana's was edited
    assert Post.objects.filter(external_id=ANA).count() == 1
    ana.refresh_from_db()
    assert (ana.title, ana.text, ana.rating) == (
        "Scenes back",
        "4.2.1 brought my scenes back, thank you.",
        4,
    )
    assert Post.objects.get(external_id=DAN).text == "Widget is blank on my tablet since yesterday."
    assert Post.objects.filter(source=lumio.source).count() == 4
    lumio.refresh_from_db()
    assert lumio.cursor == "1760520000.000000000"


def test_a_poll_with_nothing_newer_keeps_the_cursor(lumio, play):
    play.answer(REVIEWS, fixture=FIXTURES / "list_newer.json")
    assert polling.poll(lumio).created == 4
    assert polling.poll(lumio).fetched == 0
    lumio.refresh_from_db()
    assert lumio.cursor == "1760520000.000000000"


def test_a_malformed_review_is_left_out_and_the_others_stored(lumio, play):
    week = json.loads((FIXTURES / "list_newer.json").read_text())
    del week["reviews"][1]["comments"][0]["userComment"]["lastModified"]
    week["reviews"][2]["comments"][0]["userComment"]["text"] = "   "
    week["reviews"][3]["comments"][0]["userComment"]["lastModified"]["seconds"] = "99999999999"
    play.answer(REVIEWS, json_body=week)
    assert polling.poll(lumio).created == 1
    lumio.refresh_from_db()
    assert lumio.last_error == (
        "The last poll left out 3 item(s): Google Play sent a review without an id or a date "
        "(and 2 more)."
    )
    assert lumio.cursor == "1760520000.000000000"  # not held in the future by a wrong date


def test_a_key_the_sign_in_refuses_asks_to_reconnect(lumio, play):
    play.forget()
    play.answer(TOKEN, status=401, fixture=FIXTURES / "token_unauthorized.json")
    result = polling.poll(lumio)
    assert result.problem == (
        "Google Play's sign-in refused the service account's key (unauthorized_client: Client "
        "is unauthorized to retrieve access tokens using this method, or client not authorized "
        "for any of the scopes requested.): the key may have been deleted or the account "
        "disabled; reconnect the source with a new key."
    )
    assert REVIEWS not in play.asked


def test_a_service_account_without_access_to_the_app_is_told_where_to_give_it(lumio, play):
    play.answer(REVIEWS, status=403, fixture=FIXTURES / "error_403.json")
    assert polling.poll(lumio).problem == (
        "Google Play refused the service account (HTTP 403): give it access to the app "
        'com.lumio.hub in the Play Console (Users and permissions, with "Reply to reviews"); '
        "reconnect the source."
    )


def test_an_unknown_app_points_at_the_package_name(lumio, play):
    play.answer(REVIEWS, status=404, fixture=FIXTURES / "error_404.json")
    with pytest.raises(ConnectorError) as refused:
        connector_for(lumio).fetch("")
    assert str(refused.value) == (
        "Google Play does not know the app com.lumio.hub (HTTP 404): check the package name, "
        "and that the service account may see the app."
    )
    assert (refused.value.field, refused.value.reconnect) == ("package_name", True)


def test_a_limited_poll_waits_as_long_as_google_asks(lumio, play):
    play.answer(
        REVIEWS, status=429, fixture=FIXTURES / "error_429.json", headers={"Retry-After": "900"}
    )
    before = timezone.now()
    result = polling.poll(lumio, before)
    assert (
        result.problem
        == "Google Play limited our requests (HTTP 429); it asked us to wait 900 seconds."
    )
    lumio.refresh_from_db()
    assert lumio.next_poll_at >= before + timedelta(seconds=900)


def test_google_down_for_a_while_is_tried_again_later(lumio, play):
    play.answer(REVIEWS, status=500, fixture=FIXTURES / "error_500.json")
    assert polling.poll(lumio).problem == "Google Play answered HTTP 500; we will try again later."
    play.forget()
    play.answer(TOKEN, fixture=FIXTURES / "token.json")
    play.answer(REVIEWS, fixture=FIXTURES / "list_newer.json")
    assert polling.poll(lumio).created == 4


def test_a_redirect_is_not_followed(lumio, play):
    play.answer(REVIEWS, status=302, headers={"Location": "http://169.254.169.254/latest"})
    assert polling.poll(lumio).problem == (
        "Google Play sent us elsewhere (HTTP 302 to http://169.254.169.254/latest); check the "
        "source's address."
    )
    assert play.asked.count(REVIEWS) == 1


def closed_address() -> str:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{unused.getsockname()[1]}"


@pytest.mark.parametrize("down", ["api", "sign-in"])
def test_google_out_of_reach_is_said_and_tried_again_later(play, down):
    nowhere = closed_address()
    api, sign_in = (nowhere, play.url) if down == "api" else (play.url, nowhere)
    connector = GooglePlayReviews(
        {"package_name": PACKAGE, "base_url": api},
        {"service_account_json": service_account_key(sign_in + TOKEN)},
    )
    with pytest.raises(ConnectorError) as failed:
        connector.fetch("")
    assert str(failed.value) == (
        "Google Play could not be reached (ConnectionRefusedError); we will try again later."
    )
    assert not failed.value.reconnect


def test_in_production_a_key_must_sign_in_at_google(cast, settings):
    settings.CONNECTORS_ALLOW_PRIVATE_ADDRESSES = False
    elsewhere = service_account_key("https://keys.example.net/token")
    with pytest.raises(LiveSourceError) as refused:
        connect_source(
            cast.workspace,
            name="Lumio on Google Play",
            kind="google_play",
            settings={"package_name": PACKAGE},
            credentials={"service_account_json": elsewhere},
            by=cast.admin,
        )
    assert (
        "its token_uri is 'https://keys.example.net/token', not https://oauth2.googleapis.com/token"
        in str(refused.value)
    )
    assert refused.value.field == "service_account_json"

    google = service_account_key("https://oauth2.googleapis.com/token")
    settings_with_test_address = {"package_name": PACKAGE, "base_url": "http://127.0.0.1:1"}
    connector = GooglePlayReviews(settings_with_test_address, {"service_account_json": google})
    assert connector.endpoint == "https://androidpublisher.googleapis.com/"  # base_url ignored


@pytest.mark.parametrize(
    ("settings_given", "key", "field", "words"),
    [
        ({"package_name": "lumio hub"}, "{}", "package_name", "is not one such as com.example.app"),
        ({"package_name": PACKAGE}, "not json", "service_account_json", "it is not JSON"),
        (
            {"package_name": PACKAGE},
            '{"type": "authorized_user"}',
            "service_account_json",
            "its type is 'authorized_user', not 'service_account'",
        ),
        (
            {"package_name": PACKAGE},
            '{"type": "service_account", "token_uri": "x"}',
            "service_account_json",
            "it lacks client_email, private_key",
        ),
    ],
)
def test_bad_settings_are_said_with_their_field(cast, platform, settings_given, key, field, words):
    with pytest.raises(LiveSourceError) as refused:
        connect_source(
            cast.workspace,
            name="Lumio on Google Play",
            kind="google_play",
            settings=settings_given,
            credentials={"service_account_json": key},
            by=cast.admin,
        )
    assert words in str(refused.value)
    assert refused.value.field == field


def test_a_key_whose_private_key_is_not_one_is_refused(cast, platform):
    broken = service_account_key(platform.url + TOKEN, private_key="-----BEGIN PRIVATE KEY-----")
    with pytest.raises(LiveSourceError) as refused:
        connect_source(
            cast.workspace,
            name="Lumio on Google Play",
            kind="google_play",
            settings={"package_name": PACKAGE},
            credentials={"service_account_json": broken},
            by=cast.admin,
        )
    assert str(refused.value) == (
        "The Google Play service account key cannot be used: its private_key cannot be read "
        "(paste the whole key file, unchanged)."
    )
    assert refused.value.field == "service_account_json"


def test_the_sources_page_says_how_short_the_history_is(cast, lumio, client):
    client.force_login(cast.admin)
    page = client.get(reverse("listening:sources", args=[cast.workspace.slug]))
    assert GooglePlayReviews.history_note in page.content.decode()
    assert "keeps only the last 7 days" in GooglePlayReviews.history_note
