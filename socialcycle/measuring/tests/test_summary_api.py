"""The summary API answers members only."""

from socialcycle.listening.services import record_posts
from socialcycle.testing.factories import PASSWORD, incoming, make_source


def summary_url(workspace):
    return f"/api/v1/workspaces/{workspace.slug}/summary"


def test_a_member_reads_the_summary(client, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record_posts(make_source(cast.workspace), [incoming("1", "I love it")])
    client.login(username=cast.viewer.username, password=PASSWORD)
    body = client.get(summary_url(cast.workspace)).json()
    assert (body["posts"], body["analysed"]) == (1, 1)
    assert body["posts_by_channel"] == {"Social network": 1}
    assert body["posts_by_sentiment"] == {"Positive": 1}


def test_a_stranger_gets_404(client, cast):
    client.login(username=cast.outsider.username, password=PASSWORD)
    assert client.get(summary_url(cast.workspace)).status_code == 404


def test_anonymous_gets_401(client, cast):
    assert client.get(summary_url(cast.workspace)).status_code == 401


def test_health_and_openapi_schema_are_served(client, db):
    assert client.get("/api/v1/health").json()["status"] == "ok"
    schema = client.get("/api/openapi.json").json()
    assert "/api/v1/workspaces/{slug}/summary" in schema["paths"]
