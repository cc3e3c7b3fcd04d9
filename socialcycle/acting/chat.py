"""Webhook events as chat messages: Slack and Discord incoming webhooks and a Microsoft
Teams workflow take a message, not our JSON. One sentence per event, with a link to the
page it is about; what a customer wrote is quoted, never able to ping or format.

Slack reads `{"text": …}` with `&`, `<` and `>` escaped (its mrkdwn); Discord reads
`{"content": …}` (2,000 characters at most) and is told to ping no one; Teams (the
"when a Teams webhook request is received" workflow) reads an Adaptive Card.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from socialcycle.acting.models import Webhook
from socialcycle.lib.urls import absolute

DISCORD_LIMIT = 2000
QUOTED_CHARS = 280


def message(event: str, payload: dict[str, Any], workspace_slug: str) -> str:
    """The event in one or two plain sentences, with its link."""
    data = payload.get("data", {})
    insight = data.get("insight") or {}
    if event.startswith("insight."):
        link = absolute(reverse("acting:insight", args=[workspace_slug, insight.get("id", 0)]))
        title = _quoted(str(insight.get("title", "")))
        sentences: dict[str, str] = {
            Webhook.Event.INSIGHT_CREATED: f"New {insight.get('kind', '')} insight: {title}.",
            Webhook.Event.INSIGHT_STATUS_CHANGED: (
                f"Insight {title} moved from {data.get('previous_status', '?')} to "
                f"{insight.get('status', '?')}."
            ),
            Webhook.Event.INSIGHT_POSTS_ATTACHED: (
                f"{len(data.get('post_ids', []))} more post(s) support the insight {title}."
            ),
        }
        said = sentences.get(event, f"Insight {title} changed ({event}).")
        return f"{said} {link}"
    if event == Webhook.Event.ALERT_FIRED:
        alert = data.get("alert") or {}
        return (
            f"Early warning: negative posts about {alert.get('label', '?')} jumped to "
            f"{alert.get('observed', '?')} in an hour (usually about "
            f"{alert.get('baseline_median', '?')}). {alert.get('url', '')}"
        ).strip()
    if event == Webhook.Event.POST_URGENT:
        post = data.get("post") or {}
        link = absolute(reverse("understanding:post", args=[workspace_slug, post.get("id", 0)]))
        reasons = ", ".join(post.get("reasons", [])) or "urgent words"
        return (
            f"Urgent post on {post.get('channel', '?')} ({reasons}): "
            f"{_quoted(str(post.get('text', '')))} {link}"
        )
    return f"{event} in {workspace_slug}."


def body(fmt: str, text: str) -> dict[str, Any]:
    """The request body a chat's incoming webhook of format `fmt` takes."""
    if fmt == Webhook.Format.SLACK:
        return {"text": _slack_escaped(text)}
    if fmt == Webhook.Format.DISCORD:
        return {"content": text[:DISCORD_LIMIT], "allowed_mentions": {"parse": []}}
    if fmt == Webhook.Format.TEAMS:
        card = {
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "type": "AdaptiveCard",
            "version": "1.4",
            "body": [{"type": "TextBlock", "text": text, "wrap": True}],
        }
        return {
            "type": "message",
            "attachments": [
                {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
            ],
        }
    raise ValueError(f"{fmt!r} is not a chat format")


def _quoted(text: str) -> str:
    """A customer's or a colleague's words, shortened and in quotes; `@` cannot ping."""
    flat = " ".join(text.split())
    short = flat if len(flat) <= QUOTED_CHARS else flat[: QUOTED_CHARS - 1] + "…"
    return "“" + short.replace("@", "@\u200b") + "”"


def _slack_escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
