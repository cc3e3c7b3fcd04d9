"""POST /api/v1/posts: a posts:write token, per-item results, idempotent on external id."""

import pytest

from socialcycle.accounts.models import Role
from socialcycle.accounts.tokens import create_api_token, revoke_api_token
from socialcycle.listening.models import Post
from socialcycle.testing.factories import make_user

URL = "/api/v1/posts"


def item(external_id, text="The hub is great", created_at="2026-05-01T10:00:00Z", **extra):
    return {"external_id": external_id, "text": text, "created_at": created_at, **extra}


def push(client, secret, posts, source="Zendesk", **body):
    return client.post(
        URL,
        {"source": source, "posts": posts, **body},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )


@pytest.fixture
def writer(cast):
    _, secret = create_api_token(
        cast.workspace, cast.analyst, name="helpdesk", scopes=["posts:write"]
    )
    return secret


def test_valid_and_invalid_items_get_their_own_results(client, cast, writer):
    response = push(
        client,
        writer,
        [
            item("1"),
            item("2", created_at="yesterday-ish"),
            item("1", text="copy"),
            "not an object",
            item("3", rating=9),
        ],
        channel="support",
    )
    assert response.status_code == 200
    body = response.json()
    assert [(r["external_id"], r["status"], r["field"]) for r in body["results"]] == [
        ("1", "created", ""),
        ("", "rejected", "created_at"),
        ("1", "duplicate", "external_id"),
        ("", "rejected", ""),
        ("", "rejected", "rating"),
    ]
    assert (body["created"], body["rejected"], body["duplicates"]) == (1, 3, 1)
    post = Post.objects.get(workspace=cast.workspace)
    assert (post.source.name, post.channel, post.text) == ("Zendesk", "support", "The hub is great")


def test_pushing_again_updates_instead_of_duplicating(client, cast, writer):
    push(client, writer, [item("1"), item("2")])
    body = push(client, writer, [item("1", text="edited"), item("3")]).json()
    assert [r["status"] for r in body["results"]] == ["updated", "created"]
    assert Post.objects.filter(workspace=cast.workspace).count() == 3
    assert Post.objects.get(external_id="1").text == "edited"


def test_a_batch_over_1000_is_refused_whole(client, cast, writer):
    response = push(client, writer, [item(str(n)) for n in range(1001)])
    assert response.status_code == 400
    assert "between 1 and 1000 items" in response.json()["detail"]
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    "header", ["", "Bearer nonsense", "Bearer sc_deadbeef_wrongsecret", "Token abc"]
)
def test_without_a_valid_token_nothing_is_stored(client, cast, header):
    response = client.post(
        URL,
        {"source": "x", "posts": [item("1")]},
        content_type="application/json",
        headers={"Authorization": header} if header else {},
    )
    assert response.status_code == 401
    assert not Post.objects.exists()


def test_a_read_only_token_cannot_write(client, cast):
    _, secret = create_api_token(cast.workspace, cast.viewer, name="ro", scopes=["read"])
    assert push(client, secret, [item("1")]).status_code == 401
    assert not Post.objects.exists()


def test_a_revoked_token_or_a_demoted_user_stops_working(client, cast):
    token, secret = create_api_token(cast.workspace, cast.analyst, name="t", scopes=["posts:write"])
    revoke_api_token(token)
    assert push(client, secret, [item("1")]).status_code == 401
    _, second = create_api_token(cast.workspace, cast.analyst, name="t2", scopes=["posts:write"])
    cast.analyst.memberships.update(role=Role.VIEWER)
    assert push(client, second, [item("1")]).status_code == 401


def test_posts_land_in_the_tokens_workspace_only(client, cast):
    _, theirs = create_api_token(
        cast.other_workspace, cast.outsider, name="t", scopes=["posts:write"]
    )
    push(client, theirs, [item("1")])
    assert Post.objects.get().workspace == cast.other_workspace


def test_a_viewer_cannot_be_given_a_write_scope(cast):
    from socialcycle.accounts.tokens import TokenScopeError

    with pytest.raises(TokenScopeError, match="needs the analyst role"):
        create_api_token(cast.workspace, cast.viewer, name="t", scopes=["posts:write"])
    stranger = make_user("stranger")
    with pytest.raises(TokenScopeError):
        create_api_token(cast.workspace, stranger, name="t", scopes=["read"])


def test_only_a_hash_of_the_secret_is_stored(cast):
    token, secret = create_api_token(cast.workspace, cast.analyst, name="t", scopes=["read"])
    assert secret.startswith(f"sc_{token.prefix}_")
    assert secret.split("_", 2)[2] not in token.secret_hash
