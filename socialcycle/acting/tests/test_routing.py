"""Routing rules: tried on recent posts before saving, then applied to insights."""

import pytest
from django.urls import reverse
from django.utils import timezone

from socialcycle.accounts.services import track_name
from socialcycle.acting import routing, services
from socialcycle.acting.models import InsightEvent, RoutingRule
from socialcycle.testing.factories import PASSWORD
from socialcycle.understanding.tests.helpers import analysed_posts

TEXTS = [
    "The hub is down again and nothing works, this is the worst",
    "Totally unacceptable, the app crashes every time I open it",
    "Love the new scenes feature, works great",
    "Could you add a dark mode? It would be great",
]


def sign_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def page(workspace):
    return reverse("acting:routing", args=[workspace.slug])


@pytest.fixture
def posts(cast):
    return analysed_posts(cast.workspace, TEXTS)


def test_conditions_select_posts(cast, posts):
    negative = routing.Conditions(sentiments=["negative"])
    assert routing.would_match(cast.workspace, negative) == 2
    assert routing.would_match(cast.workspace, routing.Conditions(kinds=["idea"])) >= 1
    nothing = routing.Conditions(sentiments=["negative"], channels=["email"])
    assert routing.would_match(cast.workspace, nothing) == 0
    assert routing.would_match(cast.workspace, routing.Conditions()) == len(TEXTS)


def test_trying_a_rule_shows_the_count_without_saving_it(client, cast, posts):
    sign_in(client, cast.analyst)
    response = client.post(
        page(cast.workspace),
        {
            "name": "Angry",
            "new_team": "Support",
            "sentiments": ["negative"],
            "priority": 1,
            "try": "1",
        },
    )
    assert response.status_code == 200
    assert "Would have matched 2 posts" in response.content.decode()
    assert not RoutingRule.objects.exists()


def test_a_saved_rule_routes_an_insight_with_priority_and_sla(client, cast, posts):
    sign_in(client, cast.analyst)
    response = client.post(
        page(cast.workspace),
        {
            "name": "Angry",
            "new_team": "Support",
            "sentiments": ["negative"],
            "priority": 1,
            "sla_hours": 4,
            "save": "1",
        },
    )
    assert response.status_code == 302
    insight = services.create_insight(cast.workspace, kind="early_warning", title="Outage")
    services.attach_posts(insight, posts[:1], by=cast.analyst)
    insight.refresh_from_db()
    assert insight.team is not None
    assert insight.team.name == "Support"
    assert insight.priority == 1
    assert insight.sla_due_at is not None
    hours = (insight.sla_due_at - timezone.now()).total_seconds() / 3600
    assert 3.9 < hours <= 4
    assert InsightEvent.objects.filter(insight=insight, kind="assigned").exists()


def test_an_insight_no_rule_matches_stays_unrouted(cast, posts):
    team = services.create_team(cast.workspace, "Product")
    RoutingRule.objects.create(
        workspace=cast.workspace, name="Email only", channels=["email"], team=team
    )
    insight = services.create_insight(cast.workspace, kind="idea", title="Dark mode")
    services.attach_posts(insight, posts[3:])
    insight.refresh_from_db()
    assert insight.team is None


def test_a_rule_needs_a_team(client, cast, posts):
    sign_in(client, cast.analyst)
    response = client.post(page(cast.workspace), {"name": "x", "priority": 3, "save": "1"})
    assert "Choose a team or name a new one." in response.content.decode()
    assert not RoutingRule.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("viewer", 403), ("outsider", 404)])
def test_only_analysts_of_the_workspace_manage_rules(client, cast, who, status):
    sign_in(client, getattr(cast, who))
    assert client.get(page(cast.workspace)).status_code == status
    response = client.post(
        page(cast.workspace), {"name": "x", "new_team": "T", "priority": 3, "save": "1"}
    )
    assert response.status_code == status
    assert not RoutingRule.objects.exists()


def test_a_rule_can_select_posts_naming_a_product(cast):
    track_name(cast.workspace, kind="product", name="Lumio Hub", aliases=["the hub"])
    analysed_posts(cast.workspace, TEXTS)
    by_product = routing.Conditions(products=["Lumio Hub"])
    assert routing.would_match(cast.workspace, by_product) == 1  # "The hub is down again..."
    assert routing.would_match(cast.workspace, routing.Conditions(products=["HomeArc"])) == 0
