"""What the community shows a member: their notifications (status changes of feedback
they raised, supported, voted for, followed or commented on; replies to their posts)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from socialcycle.community.models import Member
from socialcycle.lib.tasks import enqueue
from socialcycle.listening.models import Post
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


def tell_about_reply(reply: Post) -> int:
    """Tell the author of the post answered or commented on (not when it is their own):
    in the community always, by e-mail if they are a member who asked for it."""
    parent = reply.parent
    if parent is None or parent.author_id is None or parent.author_id == reply.author_id:
        return 0
    person = parent.author
    assert person is not None
    who = reply.author_handle or "Someone"
    subject = f"{who} replied to “{(parent.title or parent.text)[:80]}”"
    media = [Notification.Medium.COMMUNITY]
    member = Member.objects.filter(participant=person).first()
    if member is not None and member.email_on_reply and not person.email_opt_out and person.email:
        media.append(Notification.Medium.EMAIL)
    for medium in media:
        Notification.objects.get_or_create(
            workspace_id=reply.workspace_id,
            kind=Notification.Kind.REPLY,
            medium=medium,
            participant=person,
            about=f"reply:{reply.pk}",
            defaults={"subject": subject[:300], "body": f"{who} wrote:\n\n{reply.text[:2000]}"},
        )
    if len(media) > 1:
        enqueue("responding.send_notifications")
    return len(media)
