"""On the insight page staff set the team, priority and due date (a routing rule's choice is
shown and can be overridden), and a merge needs its target chosen: there is no default."""

from datetime import datetime

import pytest
from django.utils import timezone

from socialcycle.accounts.models import AuditEvent
from socialcycle.acting import services, workflow
from socialcycle.acting.models import Insight, InsightEvent, RoutingRule, Team
from socialcycle.acting.routing import route_insight
from socialcycle.acting.tests.helpers import insight_url, sign_in
from socialcycle.understanding.tests.helpers import analysed_posts

pytestmark = pytest.mark.django_db


def an_insight(workspace, title="Pairing fails"):
    return services.create_insight(workspace, kind="complaint", title=title)


def test_the_page_sets_team_priority_and_due_and_the_history_says_so(client, cast):
    insight = an_insight(cast.workspace)
    team = Team.objects.create(workspace=cast.workspace, name="Firmware")
    sign_in(client, cast.analyst)

    answer = client.post(
        insight_url(cast.workspace, insight),
        {"plan": "1", "team": team.pk, "priority": 1, "due": "2026-12-24T17:00"},
    )

    assert answer.status_code == 302
    insight.refresh_from_db()
    assert (insight.team, insight.priority) == (team, 1)
    due = timezone.localtime(insight.sla_due_at)
    assert (due.date().isoformat(), due.hour) == ("2026-12-24", 17)
    event = insight.events.get(kind=InsightEvent.Kind.ASSIGNED)
    assert event.after["team"] == "Firmware"
    assert event.after["priority"] == 1
    assert AuditEvent.objects.filter(action="insight assigned", actor=cast.analyst).exists()


def test_the_rule_that_chose_the_team_is_shown_until_a_person_changes_it(client, cast):
    insight = an_insight(cast.workspace)
    services.attach_posts(insight, analysed_posts(cast.workspace, ["The hub will not pair"]))
    support = Team.objects.create(workspace=cast.workspace, name="Support")
    RoutingRule.objects.create(workspace=cast.workspace, name="Everything", team=support)
    route_insight(insight)
    sign_in(client, cast.analyst)
    url = insight_url(cast.workspace, insight)

    assert "Team set by the routing rule “Everything”" in client.get(url).content.decode()

    product = Team.objects.create(workspace=cast.workspace, name="Product")
    client.post(url, {"plan": "1", "team": product.pk, "priority": 3})
    page = client.get(url).content.decode()
    assert 'data-testid="routed-by"' not in page
    assert Insight.objects.get(pk=insight.pk).team == product


def test_a_team_of_another_workspace_cannot_be_chosen(cast):
    insight = an_insight(cast.workspace)
    theirs = Team.objects.create(workspace=cast.other_workspace, name="Theirs")

    with pytest.raises(ValueError, match="team must be one of this workspace"):
        workflow.plan(insight, team=theirs, priority=3, due=None, by=cast.analyst)


def test_saving_the_same_plan_records_nothing(cast):
    insight = an_insight(cast.workspace)
    due = datetime(2026, 12, 24, 17, tzinfo=timezone.get_current_timezone())
    workflow.plan(insight, team=None, priority=2, due=due, by=cast.analyst)
    workflow.plan(insight, team=None, priority=2, due=due, by=cast.analyst)

    assert insight.events.filter(kind=InsightEvent.Kind.ASSIGNED).count() == 1


def test_a_merge_without_a_chosen_target_merges_nothing(client, cast):
    insight = an_insight(cast.workspace)
    an_insight(cast.workspace, "Something else entirely")
    sign_in(client, cast.analyst)
    url = insight_url(cast.workspace, insight)

    page = client.get(url).content.decode()
    answer = client.post(url, {"merge_into": ""}, follow=True)

    assert '<option value="">— choose the insight —</option>' in page
    assert "Choose the insight to merge this one into." in answer.content.decode()
    assert Insight.objects.get(pk=insight.pk).merged_into is None
