"""Background entry points of the acting app; each calls a service."""

from __future__ import annotations

from celery import shared_task

from socialcycle.accounts.models import Workspace
from socialcycle.acting import suggestions, webhooks
from socialcycle.lib.tasks import fan_out


@shared_task(name="acting.deliver_webhook")
def deliver_webhook(delivery_id: int) -> str:
    """One attempt at one webhook delivery; returns its status afterwards."""
    delivery = webhooks.deliver(delivery_id)
    return delivery.status if delivery is not None else "skipped"


@shared_task(name="acting.retry_webhooks")
def retry_webhooks() -> int:
    """Attempt the deliveries whose retry time has come."""
    return webhooks.retry_due()


@shared_task(name="acting.suggest_insights")
def suggest_insights() -> int:
    """Group new posts of one topic and kind into suggested insights, in every workspace
    (one task per workspace)."""
    ids = Workspace.objects.order_by("pk").values_list("pk", flat=True)
    return fan_out("acting.suggest_workspace_insights", list(ids))


@shared_task(name="acting.suggest_workspace_insights")
def suggest_workspace_insights(workspace_id: int) -> int:
    """Suggested insights for one workspace's new posts."""
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    return suggestions.suggest(workspace) if workspace is not None else 0


@shared_task(name="acting.announce_urgent_posts")
def announce_urgent_posts(workspace_id: int, post_ids: list[int]) -> int:
    """Tell the webhooks and chats that asked for them about newly analysed urgent posts."""
    return webhooks.announce_urgent_posts(workspace_id, post_ids)
