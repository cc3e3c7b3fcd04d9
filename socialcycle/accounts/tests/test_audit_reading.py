"""Audit entries read as before → after in words, field by field, not as Python dicts."""

import pytest
from django.urls import reverse

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.audit_reading import Change, readable_changes


def test_only_the_fields_that_changed_each_in_words():
    before = {"status": "new", "team": None, "public": False, "kinds": ["idea"], "title": "Fax"}
    after = {"status": "declined", "team": "Product", "public": True, "kinds": [], "title": "Fax"}

    assert readable_changes(before, after) == [
        Change("status", "new", "declined"),
        Change("team", "—", "Product"),
        Change("public", "no", "yes"),
        Change("kinds", "idea", "none"),
    ]


def test_a_creation_lists_what_was_set_and_nested_fields_are_spelt_out():
    changes = readable_changes(None, {"sent": {"note": "hi", "sla_hours": 8}})

    assert changes == [Change("sent", "—", "note: hi; sla hours: 8")]


@pytest.mark.django_db
def test_the_audit_page_shows_the_change_and_no_dict(client, cast):
    record_change(
        cast.workspace,
        cast.admin,
        AuditAction.INSIGHT_STATUS_CHANGED,
        "insight",
        7,
        before={"status": "new"},
        after={"status": "declined", "reason": "<b>nobody else</b>"},
    )
    client.force_login(cast.admin)

    page = client.get(reverse("workspace:audit", args=[cast.workspace.slug])).content.decode()

    assert "<strong>status</strong>: new → declined" in page
    assert "<strong>reason</strong>: &lt;b&gt;nobody else&lt;/b&gt;" in page
    assert "{&#x27;status&#x27;" not in page
    assert "{'status'" not in page
