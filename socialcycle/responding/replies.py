"""Replies to posts, from scratch or from a template with variables."""

from __future__ import annotations

import string
import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import User, Workspace
from socialcycle.lib.errors import DomainError
from socialcycle.listening.models import Channel, Post
from socialcycle.responding.connectors import Delivery, connector_for
from socialcycle.responding.models import Reply, ReplyTemplate

MAX_REPLY_CHARS = 5000
KNOWN_VARIABLES = {"name", "insight_status", "reason", "alternative"}
# Where a reply reaches the person alone; on every other channel others read it too.
PRIVATE_CHANNELS = frozenset({Channel.EMAIL, Channel.SUPPORT})


class ReplyError(DomainError):
    """A reply cannot be made as asked; the message says why."""

    code = "reply"


def fill_template(
    template: ReplyTemplate, post: Post, *, reason: str = "", alternative: str = ""
) -> str:
    """The template's text with its variables filled in for `post`."""
    if template.is_decline and not reason.strip():
        raise ReplyError("a declining reply needs the reason, in words the customer will read")
    if template.is_decline and not alternative.strip():
        raise ReplyError("a declining reply needs an alternative (or say there is none)")
    fields = variables_of(template)
    unknown = fields - KNOWN_VARIABLES
    if unknown:
        raise ReplyError(f"the template uses unknown variables: {', '.join(sorted(unknown))}")
    insight = post.insights.confirmed().order_by("-created_at").first()
    if "insight_status" in fields and insight is None:
        raise ReplyError(
            "this post is in no insight, so the template's {insight_status} would have nothing "
            "true to say: attach the post to an insight first, or choose another template"
        )
    values = {
        "name": addressee(post),
        "insight_status": insight.get_status_display().lower() if insight else "",
        "reason": reason.strip(),
        "alternative": alternative.strip(),
    }
    return template.body.format(**values)


def variables_of(template: ReplyTemplate) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template.body) if name}


def addressee(post: Post) -> str:
    """The name a reply greets the person by ({name}).

    Anywhere others read the reply, only the name the person goes by there (their handle:
    a community member's chosen name, a review site's display name), never a real name or
    an address staff know from an import or the CRM. On a private channel (e-mail, support
    tickets), the name staff know them by.
    """
    if post.channel in PRIVATE_CHANNELS and post.author is not None:
        return post.author.display_name or post.author_handle or "there"
    return post.author_handle or "there"


@transaction.atomic
def reply(
    post: Post, text: str, *, by: User, key: uuid.UUID | None = None
) -> tuple[Reply, Delivery]:
    """Record a reply and hand it to the post's channel connector.

    `key` names this one sending (the reply form carries one): sent again, by a second
    click, a reload or a retry, it records and delivers nothing and returns the reply the
    first sending made.
    """
    text = text.strip()
    if not text:
        raise ReplyError("a reply needs some text")
    if len(text) > MAX_REPLY_CHARS:
        raise ReplyError(f"a reply is limited to {MAX_REPLY_CHARS:,} characters")
    if key is not None and (earlier := _sent_with(post, key)) is not None:
        return earlier, _delivery_of(earlier)
    try:
        with transaction.atomic():
            response = Reply.objects.create(
                workspace_id=post.workspace_id, post=post, author=by, text=text, reply_key=key
            )
    except IntegrityError:  # the same key, sent at the same moment: that one stands
        earlier = _sent_with(post, key) if key is not None else None
        if earlier is None:
            raise
        return earlier, _delivery_of(earlier)
    delivery = connector_for(post).deliver(response)
    response.published_at = timezone.now() if delivery.published else None
    response.external_url = delivery.url[:1000]
    response.save(update_fields=["published_at", "external_url"])
    record_change(
        post.workspace_id,
        by,
        AuditAction.REPLY,
        "post",
        post.pk,
        after={"reply": response.pk, "text": text, "published": delivery.published},
    )
    return response, delivery


def _sent_with(post: Post, key: uuid.UUID) -> Reply | None:
    return Reply.objects.filter(workspace_id=post.workspace_id, reply_key=key).first()


def _delivery_of(response: Reply) -> Delivery:
    """What the first sending of a reply delivered, said again without delivering."""
    published = response.published_at is not None
    if published:
        return Delivery(True, response.external_url, "")
    where = response.post.url or "the original post"
    return Delivery(False, response.external_url, f"Copy the reply and post it at {where}.")


def save_template(
    workspace: Workspace, *, name: str, body: str, is_decline: bool, by: User
) -> ReplyTemplate:
    """Add a reply template, or replace the one of that name."""
    old = ReplyTemplate.objects.filter(workspace=workspace, name=name).first()
    before = _template_fields(old) if old is not None else {}
    template, _ = ReplyTemplate.objects.update_or_create(
        workspace=workspace, name=name, defaults={"body": body, "is_decline": is_decline}
    )
    action = (
        AuditAction.CHANGE_REPLY_TEMPLATE if old is not None else AuditAction.ADD_REPLY_TEMPLATE
    )
    after = _template_fields(template)
    record_change(workspace, by, action, "reply_template", template.pk, before=before, after=after)
    return template


def _template_fields(template: ReplyTemplate) -> dict[str, Any]:
    return {"name": template.name, "body": template.body, "decline": template.is_decline}
