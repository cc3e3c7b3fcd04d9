"""Background entry points of the responding app; each calls a service."""

from __future__ import annotations

from celery import shared_task

from socialcycle.responding import loop, publishing


@shared_task(name="responding.tell_contributors")
def tell_contributors(insight_id: int, change: str) -> int:
    """Create the notifications for one change of an insight; returns how many are new."""
    return loop.tell_contributors(insight_id, change)


@shared_task(name="responding.send_notifications")
def send_notifications() -> int:
    """Send the e-mail notifications waiting (also run periodically, to retry failures)."""
    return loop.send_pending_emails()


@shared_task(name="responding.tell_mentioned")
def tell_mentioned(event_id: int) -> int:
    """Notify colleagues @mentioned in an insight comment."""
    return loop.tell_mentioned(event_id)


@shared_task(name="responding.publish_reply")
def publish_reply(reply_id: int) -> bool:
    """Publish a reply on its post's platform through the live source's connector."""
    return publishing.publish(reply_id)


@shared_task(name="responding.publish_waiting_replies")
def publish_waiting_replies() -> int:
    """Publish the replies waiting for their platform; returns how many were published."""
    return publishing.publish_waiting()
