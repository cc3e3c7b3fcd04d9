"""The audit log: services record their changes with before and after; a staff change no
service recorded is still recorded by the middleware; admins read, filter and download it."""

import csv
import io
import json

from django.test import Client
from django.urls import reverse

from socialcycle.accounts.models import AuditEvent
from socialcycle.acting.models import Webhook
from socialcycle.measuring.tests.alert_helpers import make_alert
from socialcycle.testing.factories import make_post, make_source
from socialcycle.testing.members import make_member, signed_in


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_service_records_who_changed_what_before_and_after(cast):
    hook = Webhook.objects.create(workspace=cast.workspace, url="https://h.example/", secret="x")
    url = reverse("acting:toggle-webhook", args=[cast.workspace.slug, hook.pk])

    assert as_user(cast.admin).post(url).status_code == 302

    (event,) = AuditEvent.objects.all()  # the service's own record; the net adds nothing
    assert (event.actor, event.action, event.object_id) == (
        cast.admin,
        "switch webhook",
        str(hook.pk),
    )
    assert (event.before["active"], event.after["active"]) == (True, False)


def test_a_change_no_service_recorded_is_recorded_with_what_was_sent(cast):
    # Asking for topic discovery starts a run; no service records that itself.
    url = reverse("understanding:discover-topics", args=[cast.workspace.slug])

    as_user(cast.analyst).post(url, {"note": "now", "password": "hunter2"})

    (event,) = AuditEvent.objects.all()
    assert (event.actor, event.action) == (cast.analyst, "understanding:discover-topics")
    assert event.after == {"sent": {"note": "now", "password": "…"}}


def test_a_page_with_an_object_records_which_one(cast):
    post = make_post(make_source(cast.workspace, "Chirper", "social"), "p1", "Hub offline")
    url = reverse("understanding:post", args=[cast.workspace.slug, post.pk])

    as_user(cast.analyst).post(url, {"note": "seen"})

    (event,) = AuditEvent.objects.all()
    assert event.after["of"] == {"post_id": post.pk}


def test_reads_refusals_and_community_members_are_not_recorded(cast):
    alert = make_alert(cast.workspace)
    as_user(cast.analyst).get(reverse("measuring:alerts", args=[cast.workspace.slug]))
    url = reverse("measuring:acknowledge_alert", args=[cast.workspace.slug, alert.pk])
    assert as_user(cast.viewer).post(url).status_code == 403
    assert as_user(cast.outsider).post(url).status_code == 404
    post = make_post(make_source(cast.workspace, "Community", "community"), "c1", "An idea")
    member = signed_in(make_member(cast.workspace, "dana"))
    member.post(reverse("community:vote", args=[cast.workspace.slug, post.pk]))
    assert not AuditEvent.objects.exists()


def test_admins_filter_and_download_the_log(cast):
    hook = Webhook.objects.create(workspace=cast.workspace, url="https://h.example/", secret="x")
    toggle = reverse("acting:toggle-webhook", args=[cast.workspace.slug, hook.pk])
    as_user(cast.admin).post(toggle)
    discover = reverse("understanding:discover-topics", args=[cast.workspace.slug])
    as_user(cast.analyst).post(discover, {"note": "=HYPERLINK(1)"})
    admin = as_user(cast.admin)
    page = admin.get(reverse("workspace:audit", args=[cast.workspace.slug]), {"who": "bob"})
    assert b"understanding:discover-topics" in page.content
    assert b"switch webhook" not in page.content

    download = reverse("workspace:audit-download", args=[cast.workspace.slug, "csv"])
    rows = list(
        csv.DictReader(io.StringIO(b"".join(admin.get(download).streaming_content).decode()))
    )
    assert [row["action"] for row in rows] == ["understanding:discover-topics", "switch webhook"]
    assert rows[0]["after"].startswith("{")  # JSON, and the formula stays text:
    assert json.loads(rows[0]["after"])["sent"]["note"] == "=HYPERLINK(1)"
    jsonl = reverse("workspace:audit-download", args=[cast.workspace.slug, "jsonl"])
    lines = b"".join(admin.get(jsonl).streaming_content).decode().splitlines()
    assert [json.loads(line)["who"] for line in lines] == ["bob", "alice"]
    assert as_user(cast.analyst).get(download).status_code == 403


def test_insight_changes_are_in_the_audit_log_with_before_and_after(cast):
    from socialcycle.acting import services

    insight = services.create_insight(cast.workspace, kind="idea", title="Dark mode", by=cast.admin)
    url = reverse("acting:insight", args=[cast.workspace.slug, insight.pk])
    as_user(cast.analyst).post(url, {"status": "planned"})

    changed = AuditEvent.objects.get(action="insight status changed")
    assert (changed.actor, changed.object_id) == (cast.analyst, str(insight.pk))
    assert (changed.before, changed.after) == ({"status": "new"}, {"status": "planned"})
    assert AuditEvent.objects.filter(action="insight created", actor=cast.admin).exists()
    assert not AuditEvent.objects.filter(action="acting:insight").exists()  # no second record
