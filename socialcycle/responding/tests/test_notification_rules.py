"""Notifications: every one has a recipient, and a participant hears of a change once."""

import pytest
from django.db import IntegrityError, transaction

from socialcycle.acting.services import create_insight
from socialcycle.listening.services import participant_for_handle
from socialcycle.responding.models import Notification


def tell(cast, **fields):
    defaults = {
        "workspace": cast.workspace,
        "kind": Notification.Kind.INSIGHT_STATUS,
        "medium": Notification.Medium.EMAIL,
        "subject": "Your idea is planned",
        "body": "…",
    }
    return Notification.objects.create(**{**defaults, **fields})


def test_a_participant_is_told_about_one_change_once(cast):
    insight = create_insight(cast.workspace, kind="idea", title="Sunset scenes")
    kim = participant_for_handle(cast.workspace, channel="community", handle="kim")
    tell(cast, participant=kim, insight=insight, about="status:planned")
    tell(cast, participant=kim, insight=insight, about="status:done")
    tell(cast, participant=kim, insight=insight, about="status:done", medium="community")
    with pytest.raises(IntegrityError), transaction.atomic():
        tell(cast, participant=kim, insight=insight, about="status:done")


def test_a_notification_needs_someone_to_tell(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        tell(cast)
