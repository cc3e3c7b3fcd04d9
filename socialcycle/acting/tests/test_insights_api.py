"""The insights API: read with a read token; create, change status and attach posts with an
insights:write token, through the services the page uses (history, routing, audit)."""

import pytest

from socialcycle.accounts.models import AuditEvent
from socialcycle.accounts.tokens import create_api_token
from socialcycle.acting.models import Insight, InsightEvent, RoutingRule, Team
from socialcycle.understanding.tests.helpers import analysed_posts

pytestmark = pytest.mark.django_db


def base(workspace):
    return f"/api/v1/workspaces/{workspace.slug}/insights"


def call(client, method, url, secret, body=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    if method == "get":
        return client.get(url, body or {}, **headers)
    return client.post(url, body or {}, content_type="application/json", **headers)


@pytest.fixture
def writer(cast):
    return create_api_token(cast.workspace, cast.analyst, name="w", scopes=["insights:write"])[1]


@pytest.fixture
def reader(cast):
    return create_api_token(cast.workspace, cast.viewer, name="r", scopes=["read"])[1]


def test_create_with_posts_routes_it_and_a_reader_sees_it(client, cast, writer, reader):
    posts = analysed_posts(cast.workspace, ["The hub will not pair", "Pairing fails again"])
    team = Team.objects.create(workspace=cast.workspace, name="Firmware")
    RoutingRule.objects.create(workspace=cast.workspace, name="All", team=team, priority=2)

    made = call(
        client,
        "post",
        base(cast.workspace),
        writer,
        {"kind": "complaint", "title": "Pairing fails", "post_ids": [p.pk for p in posts]},
    )

    assert made.status_code == 201, made.content
    body = made.json()
    assert body["post_ids"] == sorted(p.pk for p in posts)
    assert (body["team"], body["priority"], body["status"]) == ("Firmware", 2, "new")
    listed = call(client, "get", base(cast.workspace), reader).json()["items"]
    assert [item["id"] for item in listed] == [body["id"]]
    one = call(client, "get", f"{base(cast.workspace)}/{body['id']}", reader)
    assert one.json()["title"] == "Pairing fails"


def test_declining_needs_the_reason_customers_will_read(client, cast, writer):
    insight = Insight.objects.create(workspace=cast.workspace, kind="idea", title="Fax")
    url = f"{base(cast.workspace)}/{insight.pk}/status"

    refused = call(client, "post", url, writer, {"status": "declined"})
    done = call(
        client,
        "post",
        url,
        writer,
        {"status": "declined", "reason": "Nobody else sends faxes.", "alternative": "E-mail"},
    )

    assert refused.status_code == 400
    assert "reason" in refused.json()["detail"]
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["decline_alternative"]) == ("declined", "E-mail")
    assert insight.events.filter(kind=InsightEvent.Kind.STATUS_CHANGED).count() == 1
    assert AuditEvent.objects.filter(actor=cast.analyst, object_id=str(insight.pk)).exists()


def test_attaching_posts_of_another_workspace_is_refused_naming_them(client, cast, writer):
    insight = Insight.objects.create(workspace=cast.workspace, kind="idea", title="Dark mode")
    (ours,) = analysed_posts(cast.workspace, ["Please add a dark mode"])
    (theirs,) = analysed_posts(cast.other_workspace, ["Dark mode please"])
    url = f"{base(cast.workspace)}/{insight.pk}/posts"

    refused = call(client, "post", url, writer, {"post_ids": [ours.pk, theirs.pk]})
    attached = call(client, "post", url, writer, {"post_ids": [ours.pk, ours.pk]})
    again = call(client, "post", url, writer, {"post_ids": [ours.pk]})

    assert refused.status_code == 400
    assert str(theirs.pk) in refused.json()["detail"]
    assert attached.json()["attached"] == 1
    assert again.json()["attached"] == 0
    assert list(insight.posts.all()) == [ours]


def test_who_may_call_what(client, cast, writer, reader):
    insight = Insight.objects.create(workspace=cast.workspace, kind="idea", title="Dark mode")
    theirs = create_api_token(
        cast.other_workspace, cast.outsider, name="t", scopes=["read", "insights:write"]
    )[1]
    status_url = f"{base(cast.workspace)}/{insight.pk}/status"

    assert call(client, "get", base(cast.workspace), writer).status_code == 401  # no read scope
    assert call(client, "post", status_url, reader, {"status": "planned"}).status_code == 401
    assert call(client, "get", base(cast.workspace), theirs).status_code == 404
    assert call(client, "post", status_url, theirs, {"status": "planned"}).status_code == 404
    assert client.get(base(cast.workspace)).status_code == 401
    other = Insight.objects.create(workspace=cast.other_workspace, kind="idea", title="Theirs")
    assert call(client, "get", f"{base(cast.workspace)}/{other.pk}", reader).status_code == 404
    Insight.objects.filter(pk=insight.pk).update(status="new")
    assert call(client, "post", status_url, writer, {"status": "planned"}).status_code == 200


def test_listing_costs_the_same_queries_for_many_insights(client, cast, reader):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    (post,) = analysed_posts(cast.workspace, ["Please add a dark mode"])

    def queries_listing(count):
        for n in range(count):
            insight = Insight.objects.create(workspace=cast.workspace, kind="idea", title=f"{n}")
            insight.posts.add(post)
        with CaptureQueriesContext(connection) as captured:
            listed = call(client, "get", base(cast.workspace), reader).json()["items"]
        assert all(item["post_ids"] == [post.pk] for item in listed)
        return len(captured)

    queries_listing(0)  # the token's first use of the minute is recorded once
    assert queries_listing(2) == queries_listing(10)
