"""The alerts page: members read alerts with their evidence, analysts acknowledge them,
viewers may not, and nobody reaches another workspace's alerts."""

from django.urls import reverse

from socialcycle.measuring.models import Alert
from socialcycle.measuring.tests.alert_helpers import HOUR, make_alert, posts_in


def alerts_url(workspace):
    return reverse("measuring:alerts", args=[workspace.slug])


def acknowledge_url(workspace, alert):
    return reverse("measuring:acknowledge_alert", args=[workspace.slug, alert.pk])


def test_a_viewer_reads_the_alert_with_its_posts_escaped(client, cast):
    evidence = posts_in(cast.workspace, HOUR, 2, text="Hub <script>alert(1)</script> offline")
    make_alert(cast.workspace, evidence=evidence)
    client.force_login(cast.viewer)

    response = client.get(alerts_url(cast.workspace))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Cloud &lt;b&gt;connection&lt;/b&gt;" in html
    assert "Hub &lt;script&gt;alert(1)&lt;/script&gt; offline" in html
    assert "<script>alert(1)" not in html
    assert "<strong>12</strong> negative posts" in html
    assert reverse("understanding:post", args=[cast.workspace.slug, evidence[0].pk]) in html
    assert "Acknowledge</button>" not in html  # viewers only read


def test_an_analyst_acknowledges_from_the_page(client, cast):
    alert = make_alert(cast.workspace)
    client.force_login(cast.analyst)
    assert "Acknowledge</button>" in client.get(alerts_url(cast.workspace)).content.decode()

    response = client.post(acknowledge_url(cast.workspace, alert))

    assert response.status_code == 302
    alert.refresh_from_db()
    assert (alert.state, alert.acknowledged_by) == (Alert.State.ACKNOWLEDGED, cast.analyst)
    html = client.get(alerts_url(cast.workspace)).content.decode()
    assert "Acknowledged by bob" in html


def test_a_viewer_may_not_acknowledge(client, cast):
    alert = make_alert(cast.workspace)
    client.force_login(cast.viewer)

    assert client.post(acknowledge_url(cast.workspace, alert)).status_code == 403
    alert.refresh_from_db()
    assert alert.state == Alert.State.OPEN


def test_acknowledging_needs_a_post(client, cast):
    alert = make_alert(cast.workspace)
    client.force_login(cast.analyst)
    assert client.get(acknowledge_url(cast.workspace, alert)).status_code == 405


def test_another_workspaces_alerts_are_not_found(client, cast):
    theirs = make_alert(cast.other_workspace, label="Their secret product")
    client.force_login(cast.admin)

    assert client.post(acknowledge_url(cast.workspace, theirs)).status_code == 404
    assert "Their secret product" not in client.get(alerts_url(cast.workspace)).content.decode()
    assert client.get(alerts_url(cast.other_workspace)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == Alert.State.OPEN


def test_the_list_filters_by_state(client, cast):
    make_alert(cast.workspace, label="Still open")
    make_alert(cast.workspace, label="Long over", state=Alert.State.RESOLVED)
    client.force_login(cast.viewer)

    html = client.get(alerts_url(cast.workspace), {"state": "resolved"}).content.decode()

    assert "Long over" in html
    assert "Still open" not in html
