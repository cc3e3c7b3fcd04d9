"""The export API: cursor pages walk every row once, cursors cannot be forged, and a token
reads only its workspace, participants only for analysts."""

import pytest

from socialcycle.accounts.tokens import create_api_token
from socialcycle.measuring.api import ExportQuery, InsightRow, ParticipantRow, PostRow
from socialcycle.measuring.exports.insights import INSIGHT_COLUMNS
from socialcycle.measuring.exports.participants import PARTICIPANT_COLUMNS
from socialcycle.measuring.exports.posts import POST_COLUMNS
from socialcycle.measuring.tests.export_helpers import analysed, insight, post, source
from socialcycle.measuring.tests.ladder_helpers import person, step
from socialcycle.understanding.queries import FILTER_PARAMETERS


def url(workspace, what):
    return f"/api/v1/workspaces/{workspace.slug}/exports/{what}"


def token(workspace, user, scopes=("read",)):
    return create_api_token(workspace, user, name="export", scopes=scopes)[1]


def get(client, secret, address, **params):
    return client.get(address, params, HTTP_AUTHORIZATION=f"Bearer {secret}")


def walk(client, secret, address, **params):
    """Every page from the first to the one without a next cursor."""
    items, pages, cursor = [], 0, None
    while True:
        page = get(client, secret, address, **params, **({"cursor": cursor} if cursor else {}))
        assert page.status_code == 200, page.content
        pages += 1
        items += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return items, pages


@pytest.mark.parametrize(("posts", "pages"), [(5, 3), (4, 2), (1, 1), (0, 1)])
def test_pages_walk_every_post_exactly_once(client, cast, posts, pages):
    src = source(cast.workspace)
    made = [analysed(src, f"post {n}", kinds=[("idea", 0.7)]).pk for n in range(posts)]
    post(source(cast.other_workspace), "Not ours")
    secret = token(cast.workspace, cast.viewer)
    items, walked = walk(client, secret, url(cast.workspace, "posts"), limit=2)
    assert [item["id"] for item in items] == made
    assert walked == pages  # a full last page says so: no empty page to fetch after it
    assert all(item["kinds"] == ["idea"] for item in items)


def test_a_page_holds_the_export_row_with_typed_fields(client, cast):
    analysed(
        source(cast.workspace),
        "Hub offline",
        sentiment="negative",
        sentiment_score=-0.8,
        urgency_reasons=["outage words"],
        model_versions={"sentiment": "s1"},
    )
    body = get(client, token(cast.workspace, cast.viewer), url(cast.workspace, "posts")).json()
    (item,) = body["items"]
    assert list(item) == list(POST_COLUMNS)
    assert (item["text"], item["sentiment"], item["sentiment_score"]) == (
        "Hub offline",
        "negative",
        -0.8,
    )
    assert item["created_at"].startswith("2026-03-01T10:00:00")
    assert item["model_versions"] == {"sentiment": "s1"}
    assert body["next_cursor"] is None


def test_filters_apply_to_every_page(client, cast):
    social, reviews = source(cast.workspace), source(cast.workspace, "Reviews", "review")
    for n in range(3):
        post(reviews, f"review {n}", "2026-03-02T10:00")
        post(social, f"social {n}", "2026-03-02T10:00")
    post(reviews, "too early", "2026-02-01T10:00")
    secret = token(cast.workspace, cast.viewer)
    items, _ = walk(
        client,
        secret,
        url(cast.workspace, "posts"),
        limit=1,
        channel="review",
        since="2026-03-01",
        until="2026-03-31",
    )
    assert [item["text"] for item in items] == ["review 0", "review 1", "review 2"]
    refused = get(client, secret, url(cast.workspace, "posts"), channel="fax")
    assert refused.status_code == 400
    assert refused.json()["detail"].startswith("channel: “fax” is not a channel; choose one of")
    backwards = get(
        client, secret, url(cast.workspace, "posts"), since="2026-03-05", until="2026-03-01"
    )
    assert (backwards.status_code, backwards.json()) == (
        400,
        {"detail": "until: “2026-03-01” is before the start date"},
    )


def test_a_tampered_cursor_is_refused_with_a_clear_message(client, cast):
    src = source(cast.workspace)
    for n in range(3):
        post(src, f"post {n}")
    secret = token(cast.workspace, cast.viewer)
    cursor = get(client, secret, url(cast.workspace, "posts"), limit=1).json()["next_cursor"]
    for forged in (
        cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB"),
        "42",
        "eyJhZnRlciI6MH0",
    ):
        response = get(client, secret, url(cast.workspace, "posts"), cursor=forged)
        assert response.status_code == 400
        assert response.json()["detail"].startswith("cursor is not one this API handed out")
    elsewhere = get(client, secret, url(cast.workspace, "insights"), cursor=cursor)
    assert elsewhere.status_code == 400
    assert "cursor belongs to another export" in elsewhere.json()["detail"]


def test_a_cursor_of_another_workspace_is_refused(client, cast):
    ours, theirs = source(cast.workspace), source(cast.other_workspace)
    for n in range(2):
        post(ours, f"ours {n}")
        post(theirs, f"theirs {n}")
    their_secret = token(cast.other_workspace, cast.outsider)
    cursor = get(client, their_secret, url(cast.other_workspace, "posts"), limit=1).json()[
        "next_cursor"
    ]
    response = get(
        client, token(cast.workspace, cast.viewer), url(cast.workspace, "posts"), cursor=cursor
    )
    assert response.status_code == 400


def test_limit_is_at_most_a_thousand(client, cast):
    secret = token(cast.workspace, cast.viewer)
    assert get(client, secret, url(cast.workspace, "posts"), limit=1001).status_code == 422
    assert get(client, secret, url(cast.workspace, "posts"), limit=0).status_code == 422
    assert get(client, secret, url(cast.workspace, "posts"), limit=1000).status_code == 200


def test_participants_need_a_token_of_an_analyst(client, cast):
    ada = person(cast.workspace, "Ada")
    step(ada, "creation", "2026-03-01")
    viewer = get(client, token(cast.workspace, cast.viewer), url(cast.workspace, "participants"))
    assert viewer.status_code == 403
    assert "needs the analyst role" in viewer.json()["detail"]
    analyst = get(client, token(cast.workspace, cast.analyst), url(cast.workspace, "participants"))
    assert analyst.status_code == 200
    (item,) = analyst.json()["items"]
    assert (item["display_name"], item["ladder_stage"]) == ("Ada", "creation")


def test_tokens_read_only_their_own_workspace_and_need_the_read_scope(client, cast):
    insight(cast.workspace, "Ours")
    theirs = token(cast.other_workspace, cast.outsider)
    assert get(client, theirs, url(cast.workspace, "insights")).status_code == 404
    writer = token(cast.workspace, cast.analyst, scopes=("posts:write",))
    assert get(client, writer, url(cast.workspace, "insights")).status_code == 401
    assert client.get(url(cast.workspace, "insights")).status_code == 401
    admin = token(cast.workspace, cast.admin, scopes=("admin",))
    assert [
        i["title"] for i in get(client, admin, url(cast.workspace, "insights")).json()["items"]
    ] == ["Ours"]


def test_the_schemas_name_every_export_column_and_appear_in_the_docs(client, db):
    assert set(FILTER_PARAMETERS) <= set(ExportQuery.model_fields)  # each filter in /api/docs
    assert list(PostRow.model_fields) == list(POST_COLUMNS)
    assert list(InsightRow.model_fields) == list(INSIGHT_COLUMNS)
    assert list(ParticipantRow.model_fields) == list(PARTICIPANT_COLUMNS)
    schema = client.get("/api/openapi.json").json()
    for what in ("posts", "insights", "participants"):
        assert f"/api/v1/workspaces/{{slug}}/exports/{what}" in schema["paths"]
    assert "PostRow" in schema["components"]["schemas"]
