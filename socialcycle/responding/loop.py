"""Closing the loop: when an insight changes status, everyone who raised, supported or
voted for it is told, in the community and by e-mail, once per change.

"Once" holds even when the task runs twice (a retry, two workers): notifications are
created against a unique constraint (participant, insight, change, medium), and each
e-mail is claimed with a conditional UPDATE before it is sent.
"""

from __future__ import annotations

from collections import defaultdict

from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from socialcycle.accounts.models import User
from socialcycle.acting.models import Insight, InsightEvent, InsightPost
from socialcycle.lib.tasks import enqueue
from socialcycle.lib.urls import absolute
from socialcycle.listening.models import EngagementEvent, Participant, Post
from socialcycle.listening.participants import kept_participant
from socialcycle.responding.models import Notification
from socialcycle.responding.satisfaction import SCORES as SATISFACTION_SCORES
from socialcycle.responding.satisfaction import WORDS as SATISFACTION_WORDS

SIGNING_NAMESPACE = "socialcycle.participant"
SEND_BATCH = 100


# Engagement on a post that makes someone want to hear what became of it.
CONTRIBUTING_STAGES = (EngagementEvent.Stage.CURATION, EngagementEvent.Stage.COLLABORATION)
FOLLOW_ACTION = "follow"  # recorded by the community when someone follows an idea


def contributors(insight: Insight) -> list[Participant]:
    """Everyone behind an insight: authors of its posts, people who commented on them
    (not staff replies), and people who voted for, curated or followed them."""
    ids = contributors_of([insight.pk]).get(insight.pk, set())
    return list(Participant.objects.filter(pk__in=ids))


def contributors_of(insight_ids: list[int]) -> dict[int, set[int]]:
    """The contributors (participant ids, merged people as the one kept) of many insights,
    in a fixed number of queries however many insights there are."""
    posts_of: dict[int, set[int]] = defaultdict(set)
    for insight_id, post_id in InsightPost.objects.filter(insight_id__in=insight_ids).values_list(
        "insight_id", "post_id"
    ):
        posts_of[insight_id].add(post_id)
    all_posts = set().union(*posts_of.values()) if posts_of else set()
    people_of_post: dict[int, set[int]] = defaultdict(set)
    authored = Post.objects.filter(pk__in=all_posts, author__isnull=False)
    for post_id, person in authored.values_list("pk", "author_id"):
        people_of_post[post_id].add(person)
    comments = Post.objects.filter(parent_id__in=all_posts, author__isnull=False).exclude(
        author_handle__startswith="staff:"
    )
    for post_id, person in comments.values_list("parent_id", "author_id"):
        people_of_post[post_id].add(person)
    engaged = EngagementEvent.objects.filter(post_id__in=all_posts).filter(
        Q(stage__in=CONTRIBUTING_STAGES) | Q(action=FOLLOW_ACTION)
    )
    for post_id, person in engaged.values_list("post_id", "participant_id"):
        people_of_post[post_id].add(person)
    kept = _kept_ids(set().union(*people_of_post.values()) if people_of_post else set())
    return {
        insight_id: {kept.get(person, person) for post in posts for person in people_of_post[post]}
        for insight_id, posts in posts_of.items()
    }


def _kept_ids(people: set[int]) -> dict[int, int]:
    """For each merged participant among `people`, the one they live on as."""
    merged = Participant.objects.filter(pk__in=people, merged_into__isnull=False)
    return {person.pk: kept_participant(person).pk for person in merged}


def tell_contributors(insight_id: int, change: str) -> int:
    """Create the notifications for one change of an insight; returns how many are new."""
    insight = Insight.objects.filter(pk=insight_id).first()
    if insight is None:
        return 0
    subject, body = _message(insight)
    wanted = []
    for person in contributors(insight):
        media = [Notification.Medium.COMMUNITY]
        if person.email and not person.email_opt_out:
            media.append(Notification.Medium.EMAIL)
        wanted += [
            Notification(
                workspace_id=insight.workspace_id,
                kind=Notification.Kind.INSIGHT_STATUS,
                medium=medium,
                participant=person,
                insight=insight,
                about=change,
                subject=subject,
                body=body,
            )
            for medium in media
        ]
    before = Notification.objects.filter(insight=insight, about=change).count()
    Notification.objects.bulk_create(wanted, ignore_conflicts=True)  # "once" is a constraint
    created = Notification.objects.filter(insight=insight, about=change).count() - before
    enqueue("responding.send_notifications")
    return created


def tell_mentioned(event_id: int) -> int:
    """Notify the colleagues @mentioned in an insight comment (once each)."""
    event = InsightEvent.objects.select_related("insight", "actor").filter(pk=event_id).first()
    if event is None:
        return 0
    mentioned = (event.after or {}).get("mentioned", [])
    who = event.actor.username if event.actor else "A colleague"
    created = 0
    for user in User.objects.filter(pk__in=mentioned):
        _, made = Notification.objects.get_or_create(
            workspace_id=event.insight.workspace_id,
            kind=Notification.Kind.MENTION,
            medium=Notification.Medium.EMAIL,
            user=user,
            insight=event.insight,
            about=f"comment:{event.pk}",
            defaults={
                "subject": f"{who} mentioned you on “{event.insight.title}”"[:300],
                "body": f"{who} wrote:\n\n{event.text}",
            },
        )
        created += made
    enqueue("responding.send_notifications")
    return created


def send_pending_emails(limit: int = SEND_BATCH) -> int:
    """Send e-mail notifications nobody has claimed yet; returns how many were sent."""
    sent = 0
    pending = Notification.objects.filter(
        medium=Notification.Medium.EMAIL, claimed_at__isnull=True, sent_at__isnull=True
    ).select_related("participant", "user", "insight", "workspace")[:limit]
    for notification in pending:
        claimed = Notification.objects.filter(pk=notification.pk, claimed_at__isnull=True).update(
            claimed_at=timezone.now()
        )
        if not claimed:
            continue  # another worker took it
        sent += _send(notification)
    return sent


def _send(notification: Notification) -> int:
    message = _email_for(notification)
    if message is None:
        Notification.objects.filter(pk=notification.pk).update(error="no e-mail address")
        return 0
    try:
        message.send()
    except (OSError, ValueError) as error:
        Notification.objects.filter(pk=notification.pk).update(
            claimed_at=None, error=f"{type(error).__name__}: {error}"[:1000]
        )
        return 0
    Notification.objects.filter(pk=notification.pk).update(sent_at=timezone.now(), error="")
    return 1


def _email_for(notification: Notification) -> EmailMessage | None:
    person, user = notification.participant, notification.user
    if person is not None and person.email:
        unsubscribe = absolute(reverse("responding:unsubscribe", args=[participant_token(person)]))
        feedback = absolute(reverse("responding:my-feedback", args=[participant_token(person)]))
        return EmailMessage(
            subject=notification.subject,
            body=f"{notification.body}\n\n{_satisfaction_question(notification, person)}"
            f"All your feedback and what came of it: {feedback}\n"
            f"No more e-mails like this: {unsubscribe}\n",
            to=[person.email],
            headers={"List-Unsubscribe": f"<{unsubscribe}>"},
        )
    if user is not None and user.email and notification.insight is not None:
        link = absolute(
            reverse(
                "acting:insight",
                args=[notification.workspace.slug, notification.insight_id],
            )
        )
        return EmailMessage(
            subject=notification.subject, body=f"{notification.body}\n\n{link}\n", to=[user.email]
        )
    return None


def _satisfaction_question(notification: Notification, person: Participant) -> str:
    """Under the news that an insight closed: one link per answer, 1 to 5."""
    insight = notification.insight
    if notification.kind != Notification.Kind.INSIGHT_STATUS or insight is None:
        return ""
    if not insight.is_closed():
        return ""
    token = participant_token(person)
    links = "\n".join(
        f"  {score} ({SATISFACTION_WORDS[score]}): "
        + absolute(reverse("responding:rate", args=[token, insight.pk]) + f"?score={score}")
        for score in SATISFACTION_SCORES
    )
    return f"How happy are you with what came of your feedback? One click answers:\n{links}\n\n"


def _message(insight: Insight) -> tuple[str, str]:
    status = insight.get_status_display().lower()
    subject = f"Your feedback “{insight.title}” is now {status}"[:300]
    lines = [f"Thank you for your feedback. “{insight.title}” is now {status}."]
    if insight.status == Insight.Status.DECLINED:
        lines.append(f"Why: {insight.decline_reason}")
        if insight.decline_alternative:
            lines.append(f"What you can do instead: {insight.decline_alternative}")
    return subject, "\n\n".join(lines)


def participant_token(person: Participant) -> str:
    """A signed, URL-safe reference to a participant for links in e-mails."""
    return signing.dumps(person.pk, salt=SIGNING_NAMESPACE, compress=True)


def participant_from_token(token: str) -> Participant | None:
    try:
        pk = signing.loads(token, salt=SIGNING_NAMESPACE)
    except signing.BadSignature:
        return None
    return Participant.objects.filter(pk=pk).first()


def stop_emails(person: Participant) -> None:
    """The person asked for no more e-mails (the unsubscribe link in every one we send)."""
    Participant.objects.filter(pk=person.pk).update(email_opt_out=True)
    person.email_opt_out = True


def record_email_visit(person: Participant) -> bool:
    """A person followed the link in one of our e-mails: a consumption step on the ladder.

    Plain-text e-mails cannot report that they were opened; following their link is the
    open we can see. Counted once a day per person.
    """
    if not cache.add(f"email-visit:{person.pk}", 1, 24 * 3600):
        return False
    EngagementEvent.objects.create(
        workspace_id=person.workspace_id,
        participant=person,
        stage=EngagementEvent.Stage.CONSUMPTION,
        action="email_open",
        occurred_at=timezone.now(),
    )
    return True
