"""Settings → Sources for live sources: admins connect one, see how its polling goes (the
last error as a sentence), pause, resume and poll it now; nobody else may."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from socialcycle.accounts.models import AuditEvent
from socialcycle.lib.credentials import unseal
from socialcycle.listening.connectors.connections import connect_source
from socialcycle.listening.models import Connection
from socialcycle.listening.tests import google_play_helpers


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def sources_url(workspace):
    return reverse("listening:sources", args=[workspace.slug])


CONNECT = {"connect": "1", "name": "App Store (US)", "kind": "apple_app_store"}


def test_an_admin_connects_the_app_stores_reviews_and_its_first_poll_is_due(cast):
    admin = as_user(cast.admin)
    answer = admin.post(
        sources_url(cast.workspace),
        {**CONNECT, "app_id": "1234567890", "country": "GB", "poll_minutes": "30"},
    )
    assert answer.status_code == 302
    live = Connection.objects.get(source__workspace=cast.workspace)
    assert (live.kind, live.settings, live.poll_seconds) == (
        "apple_app_store",
        {"app_id": "1234567890", "country": "gb"},
        1800,
    )
    assert live.next_poll_at is not None
    assert live.next_poll_at <= timezone.now()
    assert AuditEvent.objects.filter(action="connect source").exists()
    page = admin.get(sources_url(cast.workspace)).content.decode()
    assert "live from Apple App Store reviews, every 30 minutes" in page
    assert "0 fetched last time, 0 in all" in page


def test_a_wrong_app_id_is_said_beside_its_field_and_nothing_is_made(cast):
    answer = as_user(cast.admin).post(
        sources_url(cast.workspace),
        {**CONNECT, "app_id": "lumio-app", "country": "us", "poll_minutes": "30"},
    )
    assert answer.status_code == 400
    assert "is not a number" in answer.context["live_form"].errors["app_id"][0]
    assert not Connection.objects.exists()


@pytest.fixture
def live(cast):
    return connect_source(
        cast.workspace,
        name="App Store",
        kind="apple_app_store",
        settings={"app_id": "1234567890"},
        by=cast.admin,
    )


def test_the_last_error_is_shown_as_its_sentence_escaped(cast, live):
    Connection.objects.filter(pk=live.pk).update(
        last_error="The App Store answered <b>HTTP 500</b>; we will try again later."
    )
    page = as_user(cast.admin).get(sources_url(cast.workspace)).content.decode()
    assert "answered &lt;b&gt;HTTP 500&lt;/b&gt;; we will try again later." in page
    assert "Failing since" not in page  # a note left by a poll that went well


def test_a_failing_source_says_since_when_and_how_many_polls(cast, live):
    since = timezone.now() - timedelta(days=2)
    Connection.objects.filter(pk=live.pk).update(
        failures=3,
        failing_since=since,
        last_error="The App Store refused the credentials (HTTP 401): reconnect the source.",
    )
    page = as_user(cast.admin).get(sources_url(cast.workspace)).content.decode()
    assert f'Failing since <time datetime="{since.isoformat()}"' in page
    assert "(3 polls in a row): The App Store refused the credentials" in page


def test_pause_resume_and_poll_now(cast, live):
    admin = as_user(cast.admin)
    admin.post(sources_url(cast.workspace), {"source": live.pk, "pause": "1"})
    live.refresh_from_db()
    assert (live.paused, live.next_poll_at) == (True, None)
    assert "Paused." in admin.get(sources_url(cast.workspace)).content.decode()
    admin.post(sources_url(cast.workspace), {"source": live.pk, "resume": "1"})
    Connection.objects.filter(pk=live.pk).update(next_poll_at=None)
    admin.post(sources_url(cast.workspace), {"source": live.pk, "poll_now": "1"})
    live.refresh_from_db()
    assert not live.paused
    assert live.next_poll_at is not None
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"pause source", "resume source", "poll source now"} <= actions


def test_only_admins_of_the_workspace_touch_live_sources(cast, live):
    assert (
        as_user(cast.analyst)
        .post(sources_url(cast.workspace), {"source": live.pk, "pause": "1"})
        .status_code
        == 403
    )
    theirs = sources_url(cast.other_workspace)
    assert as_user(cast.outsider).post(theirs, {"source": live.pk, "pause": "1"}).status_code == 404
    live.refresh_from_db()
    assert not live.paused


def test_a_mastodon_token_is_sealed_and_never_shown_again(cast):
    admin = as_user(cast.admin)
    connect = {
        "connect": "1",
        "name": "#lumio",
        "kind": "mastodon",
        "instance": "https://mastodon.social",
        "follow": "hashtag",
        "hashtag": "lumio",
        "access_token": "tok-very-secret",
        "poll_minutes": "15",
    }
    assert admin.post(sources_url(cast.workspace), connect).status_code == 302
    live = Connection.objects.get(kind="mastodon")
    assert "tok-very-secret" not in live.credentials
    assert "tok-very-secret" not in admin.get(sources_url(cast.workspace)).content.decode()
    audit = str(AuditEvent.objects.values_list("before", "after"))
    assert "tok-very-secret" not in audit
    assert "'credentials': 'changed'" in audit


def test_mentions_without_a_token_are_refused_beside_the_token(cast):
    answer = as_user(cast.admin).post(
        sources_url(cast.workspace),
        {
            "connect": "1",
            "name": "Mentions",
            "kind": "mastodon",
            "instance": "https://mastodon.social",
            "follow": "mentions",
            "poll_minutes": "15",
        },
    )
    assert answer.status_code == 400
    assert (
        "needs the account's access token" in answer.context["live_form"].errors["access_token"][0]
    )


def test_a_mailbox_is_connected_with_its_password_sealed(cast):
    admin = as_user(cast.admin)
    answer = admin.post(
        sources_url(cast.workspace),
        {
            "connect": "1",
            "name": "support@lumio.example",
            "kind": "imap",
            "host": "imap.lumio.example",
            "username": "support@lumio.example",
            "password": "mail-pass-123",
            "poll_minutes": "5",
        },
    )
    assert answer.status_code == 302
    live = Connection.objects.get(kind="imap")
    assert live.settings == {
        "host": "imap.lumio.example",
        "port": 993,
        "username": "support@lumio.example",
        "mailbox": "INBOX",
    }
    assert live.source.channel == "email"
    assert "mail-pass-123" not in live.credentials
    assert "mail-pass-123" not in admin.get(sources_url(cast.workspace)).content.decode()


def test_each_channel_has_its_own_form_with_only_its_fields(cast):
    page = as_user(cast.admin).get(sources_url(cast.workspace))
    forms = {form.kind: form for form, _ in page.context["live_forms"]}
    assert {"apple_app_store", "mastodon", "imap"} <= forms.keys()
    assert "instance" not in forms["apple_app_store"].fields
    assert "app_id" not in forms["mastodon"].fields
    html = page.content.decode()
    assert html.count('id="id_mastodon_name"') == 1
    assert html.count('id="id_imap_name"') == 1
    assert '<details id="connect-mastodon">' in html  # closed until chosen


def test_a_refused_form_is_shown_open_and_the_others_stay_closed(cast):
    answer = as_user(cast.admin).post(
        sources_url(cast.workspace),
        {**CONNECT, "app_id": "lumio-app", "country": "us", "poll_minutes": "30"},
    )
    html = answer.content.decode()
    assert '<details id="connect-apple_app_store" open>' in html
    assert '<details id="connect-mastodon">' in html


def test_a_credential_left_blank_keeps_the_one_saved_and_a_new_one_replaces_only_itself(cast):
    admin = as_user(cast.admin)
    mailbox = {
        "connect": "1",
        "name": "support@lumio.example",
        "kind": "imap",
        "host": "imap.lumio.example",
        "username": "support@lumio.example",
        "password": "first-pass",
        "poll_minutes": "5",
    }
    assert admin.post(sources_url(cast.workspace), mailbox).status_code == 302
    assert admin.post(sources_url(cast.workspace), {**mailbox, "password": ""}).status_code == 302
    live = Connection.objects.get(kind="imap")
    assert unseal(live.credentials) == {"password": "first-pass"}

    reddit = {
        "connect": "1",
        "name": "r/lumio",
        "kind": "reddit",
        "follow": "subreddit",
        "subreddit": "lumio",
        "client_id": "app-id",
        "client_secret": "app-secret",
        "poll_minutes": "15",
    }
    assert admin.post(sources_url(cast.workspace), reddit).status_code == 302
    with_token = {**reddit, "client_secret": "", "refresh_token": "user-token"}
    assert admin.post(sources_url(cast.workspace), with_token).status_code == 302
    live = Connection.objects.get(kind="reddit")
    assert unseal(live.credentials) == {
        "client_id": "app-id",
        "client_secret": "app-secret",
        "refresh_token": "user-token",
    }


def test_a_google_play_key_pasted_in_the_form_is_sealed_and_checked(cast):
    admin = as_user(cast.admin)
    play = {
        "connect": "1",
        "name": "Google Play",
        "kind": "google_play",
        "package_name": "com.lumio.hub",
        "poll_minutes": "60",
    }
    key = google_play_helpers.service_account_key("https://oauth2.googleapis.com/token")
    answer = admin.post(sources_url(cast.workspace), {**play, "service_account_json": key})
    assert answer.status_code == 302
    live = Connection.objects.get(kind="google_play")
    assert live.settings == {"package_name": "com.lumio.hub"}
    assert "PRIVATE KEY" not in live.credentials
    assert "PRIVATE KEY" not in admin.get(sources_url(cast.workspace)).content.decode()

    elsewhere = google_play_helpers.service_account_key("https://tokens.example/steal")
    answer = admin.post(
        sources_url(cast.workspace), {**play, "name": "Play 2", "service_account_json": elsewhere}
    )
    assert answer.status_code == 400
    assert answer.context["live_form"].errors["service_account_json"]


def test_bluesky_asks_for_an_app_password_not_the_account_password(cast):
    answer = as_user(cast.admin).post(
        sources_url(cast.workspace),
        {
            "connect": "1",
            "name": "Bluesky search",
            "kind": "bluesky",
            "follow": "search",
            "query": "lumio",
            "handle": "lumio.bsky.social",
            "app_password": "my-real-password",
            "poll_minutes": "15",
        },
    )
    assert answer.status_code == 400
    assert "app password" in answer.context["live_form"].errors["app_password"][0]
    assert not Connection.objects.exists()


def test_connecting_a_channel_that_has_no_form_is_refused_with_a_sentence(cast):
    answer = as_user(cast.admin).post(
        sources_url(cast.workspace), {"connect": "1", "kind": "myspace", "name": "Old"}
    )
    assert answer.status_code == 400
    assert "Choose the channel of the source to connect." in answer.content.decode()
    assert not Connection.objects.exists()
