"""The workspace home: who may see it, and what it counts."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from socialcycle.listening.services import record_posts
from socialcycle.testing.factories import PASSWORD, incoming, make_source


def home_url(workspace):
    return reverse("measuring:home", args=[workspace.slug])


def sign_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)


@pytest.mark.parametrize("role_holder", ["viewer", "analyst", "admin"])
def test_members_of_any_role_can_read_the_home_page(client, cast, role_holder):
    sign_in(client, getattr(cast, role_holder))
    response = client.get(home_url(cast.workspace))
    assert response.status_code == 200
    assert cast.workspace.name in response.content.decode()


def test_a_user_of_another_workspace_gets_404(client, cast):
    sign_in(client, cast.outsider)
    assert client.get(home_url(cast.workspace)).status_code == 404


def test_an_unknown_workspace_looks_the_same_as_a_forbidden_one(client, cast):
    sign_in(client, cast.outsider)
    assert client.get(reverse("measuring:home", args=["no-such-place"])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, cast):
    response = client.get(home_url(cast.workspace))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_landing_sends_a_member_to_their_workspace(client, cast):
    sign_in(client, cast.viewer)
    response = client.get("/")
    assert response["Location"] == home_url(cast.workspace)


def test_home_counts_posts_by_channel_sentiment_and_kind(
    client, cast, django_capture_on_commit_callbacks
):
    source = make_source(cast.workspace)
    yesterday = timezone.now() - timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        record_posts(
            source,
            [
                incoming("1", "I love the hub, works great", created_at=yesterday),
                incoming("2", "The hub is down, not responding at all", created_at=yesterday),
                incoming("3", "Please add a dark mode, it would be great", author="kim"),
            ],
        )
    sign_in(client, cast.viewer)
    response = client.get(home_url(cast.workspace))
    charts = {chart.id: chart.figure for chart in response.context["charts"]}
    by_channel = {trace["name"]: sum(trace["y"]) for trace in charts["chart-volume"]["data"]}
    by_kind = {t["name"]: sum(t["y"]) for t in charts["chart-kinds"]["data"]}
    assert by_channel == {"Social network": 3}
    assert by_kind["Idea"] == 1
    sentiment = {s.name: s for s in response.context["sections"]}["sentiment"]
    assert sum(row[2] for row in sentiment.rows) >= 1  # positive posts
    assert sum(row[3] for row in sentiment.rows) == 1  # the negative one
    assert response.context["overview"].posts == 3
    assert 'src="/static/plotly/plotly.min.js"' in response.content.decode()
    assert json.loads(
        response.content.decode()
        .split('id="chart-volume-data" type="application/json">')[1]
        .split("</script>")[0]
    )["data"]


def test_other_workspaces_posts_are_not_counted(client, cast, django_capture_on_commit_callbacks):
    elsewhere = make_source(cast.other_workspace)
    with django_capture_on_commit_callbacks(execute=True):
        record_posts(elsewhere, [incoming("1", "I love it")])
    sign_in(client, cast.viewer)
    response = client.get(home_url(cast.workspace))
    assert response.context["overview"].posts == 0
    assert "No posts in this period" in response.content.decode()


def test_posted_text_is_escaped(client, cast, django_capture_on_commit_callbacks):
    cast.workspace.name = "<script>alert(1)</script>"
    cast.workspace.save()
    sign_in(client, cast.viewer)
    body = client.get(home_url(cast.workspace)).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
