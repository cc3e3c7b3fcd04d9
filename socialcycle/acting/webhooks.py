"""Outbound webhooks: tell other systems (chat, issue trackers, CRM) what happened.

Each event becomes one `WebhookDelivery` per subscribed webhook, sent as a JSON POST
signed with HMAC-SHA256. A failed attempt (no answer, or a status outside 2xx) is tried
again with exponential backoff; every attempt's status code is kept for the delivery log,
and an admin can redeliver by hand.

Receivers verify the `X-Socialcycle-Signature` header: "sha256=" followed by the hex
HMAC-SHA256 of `<X-Socialcycle-Timestamp>.<raw body>` with the webhook's secret (see
`signature` and docs/webhooks.md). The timestamp lets a receiver refuse old replays.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import User, Workspace
from socialcycle.acting import chat
from socialcycle.acting.models import Webhook, WebhookDelivery
from socialcycle.lib.errors import DomainError
from socialcycle.lib.outbound import ForbiddenAddressError, check_public_url, public_opener
from socialcycle.lib.tasks import enqueue
from socialcycle.listening.models import Post

MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(seconds=30)  # then 1, 2, 4, 8 minutes
TIMEOUT_SECONDS = 10
EXCERPT_CHARS = 500
PRIVATE_SETTING = "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES"
USER_AGENT = "socialcycle webhooks"


class WebhookError(DomainError):
    """A webhook that cannot be added as asked, said as one sentence."""

    code = "webhook"


def create_webhook(
    workspace: Workspace,
    url: str,
    events: list[str],
    *,
    by: User,
    format: str = Webhook.Format.JSON,
) -> Webhook:
    """A new webhook with a fresh secret; its URL must be a public http(s) address.
    `format` is our signed JSON or a chat's message (Slack, Teams, Discord)."""
    if format not in Webhook.Format.values:
        raise WebhookError(
            f"choose a format from {', '.join(Webhook.Format.values)}", field="format"
        )
    if not url.startswith(("http://", "https://")):
        raise WebhookError(f"{url!r} is not an http(s) URL", field="url")
    unknown = sorted(set(events) - set(Webhook.Event.values))
    if unknown or not events:
        raise WebhookError(f"choose events from {', '.join(Webhook.Event.values)}", field="events")
    check_public_url(url, allow_private=_allow_private(), setting=PRIVATE_SETTING)
    hook = Webhook.objects.create(
        workspace=workspace,
        url=url,
        events=events,
        format=format,
        secret=secrets.token_hex(32),
        created_by=by,
    )
    record_change(
        workspace, by, AuditAction.CREATE_WEBHOOK, "webhook", hook.pk, after=_audited(hook)
    )
    return hook


def set_webhook_active(hook: Webhook, active: bool, *, by: User) -> None:
    """Switch a webhook on or off (deliveries already queued keep their schedule)."""
    before = _audited(hook)
    hook.is_active = active
    hook.save(update_fields=["is_active"])
    record_change(
        hook.workspace_id,
        by,
        AuditAction.SWITCH_WEBHOOK,
        "webhook",
        hook.pk,
        before=before,
        after=_audited(hook),
    )


def _audited(hook: Webhook) -> dict[str, Any]:
    return {"url": hook.url, "events": hook.events, "format": hook.format, "active": hook.is_active}


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The value of X-Socialcycle-Signature for a body sent at `timestamp`."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def emit(workspace_id: int, event: str, data: dict[str, Any]) -> int:
    """Queue `event` for every active webhook of the workspace that wants it.

    Call inside the transaction that made the change: deliveries are created with it and
    sent only after it commits. Returns how many deliveries were queued.
    """
    hooks = [
        hook
        for hook in Webhook.objects.filter(workspace_id=workspace_id, is_active=True)
        if event in hook.events
    ]
    now = timezone.now()
    for hook in hooks:
        delivery = WebhookDelivery.objects.create(
            webhook=hook,
            event=event,
            payload={"event": event, "workspace_id": workspace_id, "data": data},
            next_attempt_at=now,
        )
        enqueue("acting.deliver_webhook", delivery.pk)
    return len(hooks)


@transaction.atomic
def announce_urgent_posts(workspace_id: int, post_ids: list[int]) -> int:
    """One "post.urgent" event per post (the analysis found it urgent the first time it
    read it); returns how many deliveries were queued."""
    posts = Post.objects.filter(workspace_id=workspace_id, pk__in=post_ids).select_related(
        "analysis"
    )
    return sum(emit(workspace_id, Webhook.Event.POST_URGENT, _urgent(post)) for post in posts)


def _urgent(post: Post) -> dict[str, Any]:
    """What is said about an urgent post: where and why, and its words; not who wrote it."""
    analysis = getattr(post, "analysis", None)
    return {
        "post": {
            "id": post.pk,
            "channel": post.get_channel_display(),
            "text": post.text[:1000],
            "url": post.url,
            "urgency": round(analysis.urgency, 2) if analysis else None,
            "reasons": list(analysis.urgency_reasons) if analysis else [],
        }
    }


def deliver(delivery_id: int) -> WebhookDelivery | None:
    """Make one attempt at a pending delivery; schedules the next one if it fails."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .select_related("webhook")
            .filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING)
            .first()
        )
        if delivery is None:
            return None  # delivered already, given up, or another worker has it now
        _attempt(delivery)
        delivery.save()
    return delivery


def retry_due(now: datetime | None = None) -> int:
    """Attempt every pending delivery whose next attempt is due; returns how many."""
    now = now or timezone.now()
    due = list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
        ).values_list("pk", flat=True)[:200]
    )
    for delivery_id in due:
        deliver(delivery_id)
    return len(due)


@transaction.atomic
def redeliver(delivery: WebhookDelivery) -> WebhookDelivery:
    """Send the same event again as a new delivery (the log keeps the old one)."""
    copy = WebhookDelivery.objects.create(
        webhook=delivery.webhook,
        event=delivery.event,
        payload=delivery.payload,
        next_attempt_at=timezone.now(),
    )
    enqueue("acting.deliver_webhook", copy.pk)
    return copy


def _attempt(delivery: WebhookDelivery) -> None:
    hook = delivery.webhook
    body = json.dumps(_body(delivery), sort_keys=True).encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(  # noqa: S310 (checked to be http(s) and public)
        hook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-Socialcycle-Event": delivery.event,
            "X-Socialcycle-Delivery": str(delivery.pk),
            "X-Socialcycle-Timestamp": timestamp,
            "X-Socialcycle-Signature": signature(hook.secret, timestamp, body),
        },
    )
    delivery.attempts += 1
    code, excerpt, error = _send(request, hook.url)
    delivery.response_code = code
    delivery.response_excerpt = excerpt
    delivery.error = error
    if code is not None and 200 <= code < 300:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = timezone.now()
        delivery.next_attempt_at = None
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = timezone.now() + FIRST_RETRY * 2 ** (delivery.attempts - 1)


def _body(delivery: WebhookDelivery) -> dict[str, Any]:
    """Our JSON with the delivery's id and attempt, or the chat message its format takes."""
    hook = delivery.webhook
    if hook.format == Webhook.Format.JSON:
        return {**delivery.payload, "delivery_id": delivery.pk, "attempt": delivery.attempts + 1}
    slug = hook.workspace.slug
    return chat.body(hook.format, chat.message(delivery.event, delivery.payload, slug))


def _send(request: urllib.request.Request, url: str) -> tuple[int | None, str, str]:
    """(status code, start of the answer, problem) of one POST; never raises."""
    try:
        check_public_url(url, allow_private=_allow_private(), setting=PRIVATE_SETTING)
        opener = public_opener(_allow_private(), PRIVATE_SETTING)
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            excerpt = response.read(EXCERPT_CHARS).decode("utf-8", "replace")
            return response.status, excerpt, ""
    except urllib.error.HTTPError as error:
        excerpt = error.read(EXCERPT_CHARS).decode("utf-8", "replace")
        return error.code, excerpt, f"HTTP {error.code} {error.reason}"[:500]
    except ForbiddenAddressError as error:
        return None, "", f"not sent: {error}"[:500]
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return None, "", f"no answer: {reason}"[:500]


def _allow_private() -> bool:
    return bool(settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES)
