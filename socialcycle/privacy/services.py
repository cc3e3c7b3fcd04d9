"""A participant's data on request: everything held about them as JSON, or erased.

This app sits to the right of every stage of the cycle (tools/check-imports), because a
person's data is in all of them: posts and identities (listening), analyses
(understanding), replies and notifications (responding), votes, follows, badges,
testimonials and the community account (community), and the dashboard's counts
(measuring).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import AuditEvent, User
from socialcycle.community.models import Badge, Follow, Member, Testimonial, Vote
from socialcycle.lib.errors import DomainError
from socialcycle.lib.tasks import enqueue
from socialcycle.listening.erasures import remember_erased
from socialcycle.listening.models import Channel, EngagementEvent, Identity, Participant, Post
from socialcycle.privacy.models import ErasureRecord
from socialcycle.responding.models import Notification, Reply

REMOVED = "[removed]"


class ErasureError(DomainError):
    """An erasure that cannot be done as asked (said as a sentence)."""

    code = "erasure"


def everyone(participant: Participant) -> list[Participant]:
    """The participant and every record merged into them: one person, all their data."""
    found, frontier = [participant], [participant.pk]
    while frontier:
        merged = list(Participant.objects.filter(merged_into_id__in=frontier))
        found.extend(merged)
        frontier = [person.pk for person in merged]
    return found


# Export ---------------------------------------------------------------------------------
def participant_data(participant: Participant) -> dict[str, Any]:
    """Everything held about the person, as JSON-ready values (no password hash, no
    internal signatures)."""
    people = everyone(participant)
    ids = [person.pk for person in people]
    posts = _their_posts(ids).select_related("source", "analysis__topic")
    return {
        "exported_at": timezone.now().isoformat(),
        "workspace": participant.workspace.slug,
        "participant": _person(participant, [p.pk for p in people[1:]]),
        "identities": list(
            Identity.objects.filter(participant_id__in=ids).values("channel", "handle", "audience")
        ),
        "community_accounts": [_account(m) for m in Member.objects.filter(participant_id__in=ids)],
        "posts": [_post(post) for post in posts.order_by("created_at", "pk")],
        "votes": _rows(
            Vote.objects.filter(participant_id__in=ids), "post_id", "kind", "created_at"
        ),
        "follows": _rows(Follow.objects.filter(participant_id__in=ids), "post_id", "created_at"),
        "badges": _rows(Badge.objects.filter(participant_id__in=ids), "code", "awarded_at"),
        "engagement": _rows(
            EngagementEvent.objects.filter(participant_id__in=ids),
            "stage",
            "action",
            "occurred_at",
            "details",
        ),
        "notifications": _rows(
            Notification.objects.filter(participant_id__in=ids),
            "kind",
            "medium",
            "subject",
            "body",
            "created_at",
            "sent_at",
        ),
        "testimonials": _rows(
            Testimonial.objects.filter(post__author_id__in=ids),
            "post_id",
            "consent_at",
            "consent_note",
            "withdrawn_at",
        ),
    }


def _person(participant: Participant, merged: list[int]) -> dict[str, Any]:
    return {
        "id": participant.pk,
        "display_name": participant.display_name,
        "email": participant.email,
        "customer_id": participant.customer_id,
        "influence": participant.influence,
        "email_opt_out": participant.email_opt_out,
        "first_seen": participant.created_at.isoformat(),
        "merged_records": merged,
    }


def _account(member: Member) -> dict[str, Any]:
    return {
        "handle": member.handle,
        "email": member.email,
        "email_verified_at": _when(member.email_verified_at),
        "email_on_reply": member.email_on_reply,
        "created_at": _when(member.created_at),
        "last_sign_in_at": _when(member.last_sign_in_at),
    }


def _post(post: Post) -> dict[str, Any]:
    analysis = getattr(post, "analysis", None)
    return {
        "id": post.pk,
        "source": post.source.name,
        "channel": post.channel,
        "external_id": post.external_id,
        "created_at": post.created_at.isoformat(),
        "author_handle": post.author_handle,
        "title": post.title,
        "text": post.text,
        "url": post.url,
        "rating": post.rating,
        "raw": post.raw,
        "analysis": None
        if analysis is None
        else {
            "sentiment": analysis.sentiment,
            "sentiment_score": analysis.sentiment_score,
            "primary_kind": analysis.primary_kind,
            "topic": analysis.topic.label if analysis.topic else None,
            "urgency": analysis.urgency,
            "is_abusive": analysis.is_abusive,
        },
        "replies": _rows(Reply.objects.filter(post=post), "text", "created_at"),
    }


def _rows(rows: QuerySet[Any], *fields: str) -> list[dict[str, Any]]:
    return [
        {key: _when(value) if hasattr(value, "isoformat") else value for key, value in row.items()}
        for row in rows.order_by("pk").values(*fields)
    ]


def _when(value: Any) -> Any:
    return value.isoformat() if value is not None else None


def _their_posts(ids: list[int]) -> QuerySet[Post]:
    return Post.objects.filter(author_id__in=ids)


# Erasure --------------------------------------------------------------------------------
def erase_participant(
    participant: Participant, *, mode: str, by: User, reason: str = ""
) -> ErasureRecord:
    """Erase a person: their identities, community account, votes, follows, badges,
    ladder events and notifications go; their posts are deleted or kept anonymised (no
    author, handle, link or raw payload; their names and addresses taken out of the text
    and of staff replies). What is kept is a record that it happened, without who, and
    digests of their handles, so that imports and intake leave their posts out."""
    if mode not in ErasureRecord.Mode.values:
        raise ErasureError(f"choose how to erase: {' or '.join(ErasureRecord.Mode.values)}.")
    workspace = participant.workspace
    with transaction.atomic():
        people = everyone(participant)
        ids = [person.pk for person in people]
        posts = _their_posts(ids)
        counts = {
            "records": len(people),
            "posts": posts.count(),
            "identities": Identity.objects.filter(participant_id__in=ids).count(),
            "votes": Vote.objects.filter(participant_id__in=ids).count(),
            "community_accounts": Member.objects.filter(participant_id__in=ids).count(),
        }
        counts["handles_withheld"] = _withhold_their_handles(workspace.pk, ids)
        scrub = _scrubber(_identifiers(people, ids))
        counts["audit_entries_scrubbed"] = _scrub_audit_log(workspace.pk, scrub)
        if mode == ErasureRecord.Mode.DELETE:
            posts.delete()
        else:
            _anonymise(posts, scrub)
        Participant.objects.filter(pk__in=ids).update(merged_into=None)
        Participant.objects.filter(pk__in=ids).delete()
        record = ErasureRecord.objects.create(
            workspace=workspace,
            participant_id=participant.pk,
            mode=mode,
            erased_by=by,
            reason=reason[:300],
            counts=counts,
        )
        record_change(
            workspace,
            by,
            AuditAction.ERASE_PARTICIPANT,
            "participant",
            participant.pk,
            after={"mode": mode, "erasure": record.pk, **counts},
        )
    # The dashboard's counts lose (or keep) the posts; recount them in the background.
    enqueue("measuring.rebuild_rollups", workspace.pk)
    return record


def _withhold_their_handles(workspace_id: int, ids: list[int]) -> int:
    """Remember the person's handles so that later imports do not collect them again.

    Not their community name: posting there takes an account, which erasure deletes, and
    signing up again is the person coming back of their own accord.
    """
    handles = (
        Identity.objects.filter(participant_id__in=ids)
        .exclude(channel=Channel.COMMUNITY)
        .values_list("channel", "handle")
    )
    return remember_erased(workspace_id, handles)


def _identifiers(people: list[Participant], ids: list[int]) -> list[str]:
    """Every name and address that says who the person is, longest first."""
    found = {person.display_name for person in people} | {person.email for person in people}
    found |= set(Identity.objects.filter(participant_id__in=ids).values_list("handle", flat=True))
    for handle, email in Member.objects.filter(participant_id__in=ids).values_list(
        "handle", "email"
    ):
        found |= {handle, email}
    return sorted((name for name in found if len(name.strip()) >= 3), key=len, reverse=True)


def _scrubber(identifiers: list[str]) -> Callable[[str], str]:
    """Replace the person's names and addresses with REMOVED; whole words only: "Sam"
    goes, "Samsung" stays."""
    if not identifiers:
        return lambda text: text
    names = "|".join(rf"(?<!\w){re.escape(name)}(?!\w)" for name in identifiers)
    pattern = re.compile(names, re.IGNORECASE)
    return lambda text: pattern.sub(REMOVED, text)


def _anonymise(posts: QuerySet[Post], scrub: Callable[[str], str]) -> None:
    post_ids = list(posts.values_list("pk", flat=True))
    for post in Post.objects.filter(pk__in=post_ids).only("pk", "title", "text"):
        Post.objects.filter(pk=post.pk).update(
            author=None,
            author_handle="",
            url="",
            raw={},
            references={},
            title=scrub(post.title),
            text=scrub(post.text),
        )
    for reply in Reply.objects.filter(post_id__in=post_ids).only("pk", "text"):
        Reply.objects.filter(pk=reply.pk).update(text=scrub(reply.text))
    # Their words on the testimonials wall were shown with their consent, as theirs.
    Testimonial.objects.filter(post_id__in=post_ids).delete()


def _scrub_audit_log(workspace_id: int, scrub: Callable[[str], str]) -> int:
    """Take the person's names out of what the audit log kept of earlier changes (a reply
    typed to them, a form field with their address). Who changed what, and when, stays."""
    changed = 0
    events = AuditEvent.objects.filter(workspace_id=workspace_id).only("pk", "before", "after")
    for event in events.iterator(chunk_size=1000):
        before, after = _scrubbed(event.before, scrub), _scrubbed(event.after, scrub)
        if (before, after) != (event.before, event.after):
            AuditEvent.objects.filter(pk=event.pk).update(before=before, after=after)
            changed += 1
    return changed


def _scrubbed(value: Any, scrub: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list):
        return [_scrubbed(item, scrub) for item in value]
    if isinstance(value, dict):
        return {key: _scrubbed(item, scrub) for key, item in value.items()}
    return value
