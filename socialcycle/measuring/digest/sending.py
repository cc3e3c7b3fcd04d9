"""Sending the weekly digest to the workspace's admins and analysts, once per week, from
Monday SEND_HOUR in the workspace's zone: a `DigestDelivery` row is claimed before
anything is sent, so a retried task or a second click never e-mails twice."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Q
from django.utils import timezone

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import Role, User, Workspace
from socialcycle.measuring.digest.content import Digest, build_digest
from socialcycle.measuring.digest.models import DigestDelivery
from socialcycle.measuring.digest.rendering import (
    pdf_filename,
    render_html,
    render_pdf,
    render_text,
)
from socialcycle.measuring.digest.weeks import last_week_ending, week_bounds

SEND_WEEKDAY = 0  # Monday: the digest of the week that ended on Sunday
SEND_HOUR = 7  # local time, so it is waiting when people start work
DIGEST_ROLES = (Role.ADMIN, Role.ANALYST)
# A claim whose send neither finished nor failed (a worker died) may be taken over after this.
CLAIM_EXPIRES = timedelta(hours=1)


def digest_recipients(workspace: Workspace) -> list[User]:
    """The workspace's admins and analysts with an e-mail address."""
    return list(
        User.objects.filter(
            memberships__workspace=workspace, memberships__role__in=DIGEST_ROLES
        ).exclude(email="")
    )


def claim_delivery(workspace: Workspace, week_ending: date, now: datetime) -> DigestDelivery | None:
    """Take the right to send this week's digest, or None when it is sent or being sent."""
    delivery, created = DigestDelivery.objects.get_or_create(
        workspace=workspace, week_ending=week_ending, defaults={"claimed_at": now}
    )
    if created:
        return delivery
    # A failed send frees its claim; a worker that died leaves it to expire.
    free = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_EXPIRES)
    taken = DigestDelivery.objects.filter(free, pk=delivery.pk, sent_at__isnull=True).update(
        claimed_at=now, error=""
    )
    if not taken:
        return None
    delivery.refresh_from_db()
    return delivery


def send_digest(
    workspace: Workspace, week_ending: date, *, by: User | None = None
) -> DigestDelivery | None:
    """E-mail the week's digest to admins and analysts, once per workspace and week; `by`:
    the admin who asked for it now (None: the schedule).

    Returns the delivery (check `is_sent` and `error`), or None when it was already sent or
    another worker is sending it.
    """
    delivery = _deliver(workspace, week_ending)
    if by is not None and delivery is not None:
        after = {"week_ending": week_ending.isoformat(), "recipients": delivery.recipients}
        record_change(
            workspace,
            by,
            AuditAction.SEND_DIGEST,
            "digest",
            delivery.pk,
            after={**after, **({"error": delivery.error} if delivery.error else {})},
        )
    return delivery


def _deliver(workspace: Workspace, week_ending: date) -> DigestDelivery | None:
    now = timezone.now()
    delivery = claim_delivery(workspace, week_ending, now)
    if delivery is None:
        return None
    recipients = digest_recipients(workspace)
    try:
        sent = _send(build_digest(workspace, week_ending), recipients) if recipients else 0
    except (OSError, ValueError) as error:  # smtplib's errors are OSErrors
        # Free the claim so the hourly task tries again; keep the reason for the page.
        delivery.claimed_at = None
        delivery.error = f"{type(error).__name__}: {error}"[:500]
        delivery.save(update_fields=["claimed_at", "error"])
        return delivery
    delivery.sent_at, delivery.recipients, delivery.error = timezone.now(), sent, ""
    delivery.save(update_fields=["sent_at", "recipients", "error"])
    return delivery


def _send(digest: Digest, recipients: list[User]) -> int:
    html, text, pdf = render_html(digest), render_text(digest), render_pdf(digest)
    filename = pdf_filename(digest.workspace, digest.week_ending)
    messages = []
    for user in recipients:
        message = EmailMultiAlternatives(subject=digest.subject, body=text, to=[user.email])
        message.attach_alternative(html, "text/html")
        message.attach(filename, pdf, "application/pdf")
        messages.append(message)
    return get_connection().send_messages(messages) or 0


def due_week_ending(now: datetime, zone: tzinfo) -> date | None:
    """The week whose digest should have gone by `now` in `zone`: last week, from Monday
    SEND_HOUR local time on."""
    local = timezone.localtime(now, zone)
    week_ending = last_week_ending(local.date())
    send_day = week_ending + timedelta(days=1 + SEND_WEEKDAY)
    send_at = timezone.make_aware(datetime.combine(send_day, time(SEND_HOUR)), zone)
    return week_ending if local >= send_at else None


def due_digests(now: datetime) -> list[tuple[Workspace, date]]:
    """(workspace, week ending) of each digest due by `now` and not sent: each workspace's
    last week once it is Monday SEND_HOUR in its own zone (so Auckland's goes out nearly a
    day before Los Angeles'); workspaces created after that week have none."""
    due = []
    for workspace in Workspace.objects.order_by("pk"):
        zone = workspace.zone()
        week_ending = due_week_ending(now, zone)
        if week_ending is not None and workspace.created_at < week_bounds(week_ending, zone)[1]:
            due.append((workspace, week_ending))
    sent = set(
        DigestDelivery.objects.filter(
            week_ending__in={week_ending for _, week_ending in due}, sent_at__isnull=False
        ).values_list("workspace_id", "week_ending")
    )
    return [(workspace, week) for workspace, week in due if (workspace.pk, week) not in sent]


def send_due_digests(now: datetime) -> int:
    """Send each workspace's last week's digest that is due and not sent; returns how many."""
    deliveries = [send_digest(workspace, week) for workspace, week in due_digests(now)]
    return sum(1 for delivery in deliveries if delivery is not None and delivery.is_sent)
