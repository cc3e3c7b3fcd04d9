"""Replies and reply templates are in the audit log: who, what, before and after."""

from django.test import Client
from django.urls import reverse

from socialcycle.accounts.models import AuditEvent
from socialcycle.responding.replies import reply
from socialcycle.testing.factories import make_post, make_source


def test_a_reply_is_recorded_with_its_text_and_whether_it_was_published(cast):
    post = make_post(make_source(cast.workspace, "Chirper", "social"), "t-1", "Hub is down")

    response, delivery = reply(post, "  Sorry Sam, we are on it.  ", by=cast.analyst)

    (event,) = AuditEvent.objects.filter(action="reply")
    assert (event.actor, event.object_type, event.object_id) == (cast.analyst, "post", str(post.pk))
    assert event.after == {
        "reply": response.pk,
        "text": "Sorry Sam, we are on it.",
        "published": delivery.published,
    }


def test_changing_a_template_records_the_body_before_and_after(cast):
    client = Client()
    client.force_login(cast.analyst)
    url = reverse("responding:templates", args=[cast.workspace.slug])

    client.post(url, {"name": "Thanks", "body": "Thanks {name}!"})
    client.post(url, {"name": "Thanks", "body": "Thank you, {name}."})

    added, changed = AuditEvent.objects.filter(object_type="reply_template").order_by("pk")
    assert (added.action, added.before, added.after["body"]) == (
        "add reply template",
        {},
        "Thanks {name}!",
    )
    assert changed.action == "change reply template"
    assert (changed.before["body"], changed.after["body"]) == (
        "Thanks {name}!",
        "Thank you, {name}.",
    )
    assert changed.object_id == added.object_id
