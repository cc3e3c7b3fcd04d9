"""Acknowledging an alert and sending the digest by hand are in the audit log; the
scheduled digest is not a staff change."""

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from socialcycle.accounts.models import AuditEvent
from socialcycle.measuring.digest import sending, weeks
from socialcycle.measuring.tests.alert_helpers import make_alert


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def test_acknowledging_an_alert_is_recorded_once(cast):
    alert = make_alert(cast.workspace)
    url = reverse("measuring:acknowledge_alert", args=[cast.workspace.slug, alert.pk])

    as_user(cast.analyst).post(url)
    as_user(cast.admin).post(url)  # already acknowledged: nothing changes

    (event,) = AuditEvent.objects.filter(object_type="alert")
    assert (event.actor, event.action, event.object_id) == (
        cast.analyst,
        "acknowledge alert",
        str(alert.pk),
    )
    assert (event.before, event.after) == ({"state": "open"}, {"state": "acknowledged"})


def test_sending_the_digest_now_is_recorded_with_the_week_and_recipients(cast, smtp_inbox):
    as_user(cast.admin).post(reverse("measuring:send_digest", args=[cast.workspace.slug]))

    (event,) = AuditEvent.objects.all()
    assert (event.actor, event.action, event.object_type) == (cast.admin, "send digest", "digest")
    assert event.after["recipients"] == len(smtp_inbox.messages) == 2


def test_the_scheduled_digest_records_nothing(cast, smtp_inbox):
    sending.send_digest(cast.workspace, weeks.last_week_ending(timezone.localdate()))

    assert len(smtp_inbox.messages) == 2
    assert not AuditEvent.objects.exists()
