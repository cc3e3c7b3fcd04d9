"""Each kind of insight event is audited under one AuditAction, named as it always was."""

from socialcycle.acting.history import AUDIT_ACTIONS
from socialcycle.acting.models import InsightEvent


def test_every_kind_of_insight_event_is_audited_under_its_old_name():
    assert set(AUDIT_ACTIONS) == set(InsightEvent.Kind.values)
    for kind, action in AUDIT_ACTIONS.items():
        assert action == f"insight {kind.replace('_', ' ')}"
