"""What the community shows a member: their notifications (status changes of feedback
they raised, supported, voted for, followed or commented on; replies to their posts)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from socialcycle.community.models import Member
from socialcycle.responding.models import Notification


def notices(member: Member) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(
            participant_id=member.participant_id, medium=Notification.Medium.COMMUNITY
        )
        .select_related("insight")
        .order_by("-created_at")
    )


def unread_count(member: Member) -> int:
    return notices(member).filter(read_at__isnull=True).count()


def mark_all_read(member: Member) -> int:
    return notices(member).filter(read_at__isnull=True).update(read_at=timezone.now())
