"""Webhooks against a real HTTP receiver on 127.0.0.1: signed, retried, logged, redelivered."""

import hashlib
import hmac
import json
import socket
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.utils import timezone

from socialcycle.acting import services, webhooks
from socialcycle.acting.models import Webhook, WebhookDelivery
from socialcycle.lib.outbound import ForbiddenAddressError

ALL_EVENTS = list(Webhook.Event.values)


class Receiver(BaseHTTPRequestHandler):
    answers: list[int] = []
    received: list[dict[str, Any]] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.received.append({"headers": dict(self.headers), "body": body})
        code = Receiver.answers.pop(0) if Receiver.answers else 200
        self.send_response(code)
        self.end_headers()
        self.wfile.write(b"thanks" if code < 300 else b"try later")

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True  # the receiver listens on 127.0.0.1
    Receiver.answers, Receiver.received = [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    # A short poll interval: shutdown() waits one at the end of every test.
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    ).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()
    server.server_close()


def verified(secret, request):
    """What a receiver does: recompute the HMAC over timestamp + '.' + raw body."""
    headers = request["headers"]
    message = headers["X-Socialcycle-Timestamp"].encode() + b"." + request["body"]
    expected = "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, headers["X-Socialcycle-Signature"])


def test_an_insight_change_arrives_signed(cast, receiver, django_capture_on_commit_callbacks):
    hook = webhooks.create_webhook(cast.workspace, receiver, ALL_EVENTS, by=cast.admin)
    with django_capture_on_commit_callbacks(execute=True):
        insight = services.create_insight(cast.workspace, kind="idea", title="Dark mode")
    with django_capture_on_commit_callbacks(execute=True):
        services.change_insight_status(insight, "planned", by=cast.admin)

    first, second = Receiver.received
    assert verified(hook.secret, first)
    assert verified(hook.secret, second)
    assert not verified("another secret", second)
    assert first["headers"]["X-Socialcycle-Event"] == "insight.created"
    body = json.loads(second["body"])
    assert body["event"] == "insight.status_changed"
    assert body["data"]["insight"]["status"] == "planned"
    assert body["data"]["previous_status"] == "new"
    deliveries = WebhookDelivery.objects.filter(webhook=hook)
    assert {d.status for d in deliveries} == {"delivered"}
    assert {d.response_code for d in deliveries} == {200}


def test_a_failed_delivery_is_retried_with_backoff(
    cast, receiver, django_capture_on_commit_callbacks
):
    webhooks.create_webhook(cast.workspace, receiver, ALL_EVENTS, by=cast.admin)
    Receiver.answers = [500, 503]
    with django_capture_on_commit_callbacks(execute=True):
        services.create_insight(cast.workspace, kind="idea", title="Dark mode")
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("pending", 1, 500)
    assert delivery.next_attempt_at is not None
    first_wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=25) < first_wait <= webhooks.FIRST_RETRY

    assert webhooks.retry_due(timezone.now()) == 0  # not due yet
    webhooks.retry_due(timezone.now() + timedelta(seconds=31))
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.response_code) == (2, 503)
    assert delivery.next_attempt_at is not None
    second_wait = delivery.next_attempt_at - timezone.now()
    assert second_wait > timedelta(seconds=55)  # doubled

    webhooks.retry_due(timezone.now() + timedelta(minutes=2))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("delivered", 3, 200)
    assert len(Receiver.received) == 3


def test_after_the_last_attempt_it_gives_up(cast, receiver, django_capture_on_commit_callbacks):
    webhooks.create_webhook(cast.workspace, receiver, ALL_EVENTS, by=cast.admin)
    Receiver.answers = [500] * webhooks.MAX_ATTEMPTS
    with django_capture_on_commit_callbacks(execute=True):
        services.create_insight(cast.workspace, kind="idea", title="Dark mode")
    for hours in range(1, webhooks.MAX_ATTEMPTS):
        webhooks.retry_due(timezone.now() + timedelta(hours=hours))
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", webhooks.MAX_ATTEMPTS)
    assert delivery.next_attempt_at is None


def test_an_unreachable_receiver_is_logged_not_raised(
    cast, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens here once closed
    webhooks.create_webhook(cast.workspace, f"http://127.0.0.1:{port}/", ALL_EVENTS, by=cast.admin)
    with django_capture_on_commit_callbacks(execute=True):
        services.create_insight(cast.workspace, kind="idea", title="Dark mode")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending"
    assert delivery.response_code is None
    assert delivery.error.startswith("no answer")


def test_redelivery_sends_the_same_event_again(cast, receiver, django_capture_on_commit_callbacks):
    webhooks.create_webhook(cast.workspace, receiver, ALL_EVENTS, by=cast.admin)
    with django_capture_on_commit_callbacks(execute=True):
        services.create_insight(cast.workspace, kind="idea", title="Dark mode")
    original = WebhookDelivery.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        copy = webhooks.redeliver(original)
    copy.refresh_from_db()
    assert copy.status == "delivered"
    first, second = (json.loads(r["body"]) for r in Receiver.received)
    assert first["data"] == second["data"]
    assert (first["delivery_id"], second["delivery_id"]) == (original.pk, copy.pk)


def test_only_subscribed_events_are_sent(cast, receiver, django_capture_on_commit_callbacks):
    webhooks.create_webhook(
        cast.workspace, receiver, [Webhook.Event.INSIGHT_STATUS_CHANGED], by=cast.admin
    )
    with django_capture_on_commit_callbacks(execute=True):
        insight = services.create_insight(cast.workspace, kind="idea", title="Dark mode")
    assert Receiver.received == []
    with django_capture_on_commit_callbacks(execute=True):
        services.change_insight_status(insight, "acknowledged", by=cast.admin)
    assert len(Receiver.received) == 1


def test_other_workspaces_events_do_not_reach_this_webhook(
    cast, receiver, django_capture_on_commit_callbacks
):
    webhooks.create_webhook(cast.workspace, receiver, ALL_EVENTS, by=cast.admin)
    with django_capture_on_commit_callbacks(execute=True):
        services.create_insight(cast.other_workspace, kind="idea", title="Elsewhere")
    assert Receiver.received == []


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9/hook", "http://169.254.169.254/latest", "http://10.0.0.5/"]
)
def test_internal_addresses_are_refused_by_default(cast, url):
    with pytest.raises(ForbiddenAddressError, match="WEBHOOKS_ALLOW_PRIVATE_ADDRESSES"):
        webhooks.create_webhook(cast.workspace, url, ALL_EVENTS, by=cast.admin)


@pytest.mark.parametrize(
    ("url", "events", "message"),
    [("ftp://example.com/x", ALL_EVENTS, "http"), ("http://93.184.216.34/", ["nope"], "choose")],
)
def test_bad_settings_are_refused_with_a_reason(cast, url, events, message):
    with pytest.raises(ValueError, match=message):
        webhooks.create_webhook(cast.workspace, url, events, by=cast.admin)
