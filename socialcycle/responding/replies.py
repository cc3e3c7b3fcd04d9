"""Replies to posts, from scratch or from a template with variables."""

from __future__ import annotations

import string
from typing import Any

from django.db import transaction
from django.utils import timezone

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.models import User, Workspace
from socialcycle.listening.models import Post
from socialcycle.responding.connectors import Delivery, connector_for
from socialcycle.responding.models import Response, ResponseTemplate

MAX_REPLY_CHARS = 5000
KNOWN_VARIABLES = {"name", "insight_status", "reason", "alternative"}


class ReplyError(ValueError):
    """A reply cannot be made as asked; the message says why."""


def fill_template(
    template: ResponseTemplate, post: Post, *, reason: str = "", alternative: str = ""
) -> str:
    """The template's text with its variables filled in for `post`."""
    if template.is_decline and not reason.strip():
        raise ReplyError("a declining reply needs the reason, in words the customer will read")
    if template.is_decline and not alternative.strip():
        raise ReplyError("a declining reply needs an alternative (or say there is none)")
    fields = {name for _, name, _, _ in string.Formatter().parse(template.body) if name}
    unknown = fields - KNOWN_VARIABLES
    if unknown:
        raise ReplyError(f"the template uses unknown variables: {', '.join(sorted(unknown))}")
    insight = post.insights.order_by("-created_at").first()
    values = {
        "name": (post.author.display_name if post.author else "") or post.author_handle or "there",
        "insight_status": insight.get_status_display().lower() if insight else "under review",
        "reason": reason.strip(),
        "alternative": alternative.strip(),
    }
    return template.body.format(**values)


@transaction.atomic
def reply(post: Post, text: str, by: User) -> tuple[Response, Delivery]:
    """Record a reply and hand it to the post's channel connector."""
    text = text.strip()
    if not text:
        raise ReplyError("a reply needs some text")
    if len(text) > MAX_REPLY_CHARS:
        raise ReplyError(f"a reply is limited to {MAX_REPLY_CHARS:,} characters")
    response = Response.objects.create(
        workspace_id=post.workspace_id, post=post, author=by, text=text
    )
    delivery = connector_for(post).deliver(response)
    response.published_at = timezone.now() if delivery.published else None
    response.external_url = delivery.url[:1000]
    response.save(update_fields=["published_at", "external_url"])
    record_change(
        post.workspace_id,
        by,
        "reply",
        "post",
        post.pk,
        after={"reply": response.pk, "text": text, "published": delivery.published},
    )
    return response, delivery


def save_template(
    workspace: Workspace, *, name: str, body: str, is_decline: bool, by: User
) -> ResponseTemplate:
    """Add a reply template, or replace the one of that name."""
    old = ResponseTemplate.objects.filter(workspace=workspace, name=name).first()
    before = _template_fields(old) if old is not None else {}
    template, _ = ResponseTemplate.objects.update_or_create(
        workspace=workspace, name=name, defaults={"body": body, "is_decline": is_decline}
    )
    action = "change reply template" if old is not None else "add reply template"
    after = _template_fields(template)
    record_change(workspace, by, action, "reply_template", template.pk, before=before, after=after)
    return template


def _template_fields(template: ResponseTemplate) -> dict[str, Any]:
    return {"name": template.name, "body": template.body, "decline": template.is_decline}
