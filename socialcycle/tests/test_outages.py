"""A service the request needs is down: 503 with Retry-After (JSON on the API, a page that
says to wait elsewhere), never a 500; any other failure stays a 500."""

import pytest
from django.db import DataError, OperationalError, connection
from django.test import Client

from socialcycle.accounts.tokens import create_api_token
from socialcycle.listening.models import Post
from socialcycle.listening.services import record_posts
from socialcycle.testing.factories import incoming, make_source
from socialcycle.tests.test_integrity import poison_date

pytestmark = pytest.mark.django_db

DEAD_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
    }
}


@pytest.fixture
def answering():
    return Client(raise_request_exception=False)


def post_one(client, secret):
    return client.post(
        "/api/v1/posts",
        {"source": "Desk", "posts": [{"external_id": "1", "text": "hi", "created_at": 1.7e9}]},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )


def test_the_api_answers_json_503_when_the_database_is_down(answering, cast, monkeypatch):
    from socialcycle.listening import api

    _, secret = create_api_token(cast.workspace, cast.analyst, name="desk", scopes=["posts:write"])

    def refused(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(api, "receive_posts", refused)

    response = post_one(answering, secret)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "try again in 30 seconds" in response.json()["detail"]


def test_rate_limits_let_requests_through_while_redis_is_down(answering, cast, settings):
    _, secret = create_api_token(cast.workspace, cast.analyst, name="desk", scopes=["posts:write"])
    settings.CACHES = DEAD_REDIS  # the rate limit's counters live there

    assert post_one(answering, secret).status_code == 200


def test_sign_in_waits_while_redis_is_down_rather_than_skip_the_lockout(answering, cast, settings):
    settings.CACHES = DEAD_REDIS  # the lockout's counts live there

    response = answering.post(
        "/accounts/login/", {"username": cast.admin.username, "password": "wrong"}
    )

    assert response.status_code == 503
    assert "Back in a moment" in response.content.decode()


def test_a_page_answers_a_try_again_page_when_the_database_fails(answering, cast, monkeypatch):
    from socialcycle.understanding import views

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(views, "render", locked)
    answering.force_login(cast.admin)

    response = answering.get(f"/w/{cast.workspace.slug}/posts/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Back in a moment" in response.content.decode()


def test_a_bug_is_still_a_500(answering, cast, monkeypatch):
    from socialcycle.understanding import views

    def broken(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(views, "render", broken)
    answering.force_login(cast.admin)

    assert answering.get(f"/w/{cast.workspace.slug}/posts/").status_code == 500


def test_a_value_the_database_cannot_give_back_says_what_mends_it(answering, cast, monkeypatch):
    from socialcycle.understanding import views

    def unreadable(*args, **kwargs):
        raise DataError("timestamp too large (after year 10K)")

    monkeypatch.setattr(views, "render", unreadable)
    answering.force_login(cast.admin)

    response = answering.get(f"/w/{cast.workspace.slug}/posts/")

    assert response.status_code == 500  # waiting will not mend it: no Retry-After
    assert "Retry-After" not in response
    assert "socialcycle check-data --repair" in response.content.decode()


def test_on_postgresql_the_year_10000_row_gets_that_page_not_a_bare_500(answering, cast):
    source = make_source(cast.workspace, "Tweets", "twitter")
    record_posts(source, [incoming("bad", "Refund please")])
    Post.objects.update(created_at=poison_date())  # as an older version stored it
    answering.force_login(cast.admin)

    response = answering.get(f"/w/{cast.workspace.slug}/posts/")

    if connection.vendor == "postgresql":  # the driver cannot read year 10000 back
        assert response.status_code == 500
        assert "socialcycle check-data --repair" in response.content.decode()
    else:  # SQLite keeps dates as text and reads this one back: nothing to mend
        assert response.status_code == 200
