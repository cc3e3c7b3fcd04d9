"""The audit log's actions are one enum whose values are the text stored all along."""

import pytest

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import AuditEvent


def test_no_two_actions_share_a_value_and_each_fits_the_column():
    values = [member.value for member in AuditAction.__members__.values()]
    longest = AuditEvent._meta.get_field("action").max_length or 0

    assert len(values) == len(set(values))
    assert all(len(value) <= longest for value in values)


@pytest.mark.django_db
def test_a_recorded_change_stores_the_action_as_the_same_plain_text(cast):
    event = record_change(cast.workspace, cast.admin, AuditAction.CREATE_WEBHOOK, "webhook", 1)

    stored = AuditEvent.objects.values_list("action", flat=True).get(pk=event.pk)
    assert stored == "create webhook"
    assert type(stored) is str
    assert type(event.action) is str
