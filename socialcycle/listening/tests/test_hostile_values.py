"""Values that once reached the database unchecked: each is rejected alone with its field
or repaired, the rest of its batch is stored, and nothing answers 5xx, on either database
(CI runs this file on SQLite and on PostgreSQL)."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialcycle.accounts.tokens import create_api_token
from socialcycle.listening.importers.values import (
    MAX_COUNT,
    bounded_count,
    dated_within_bounds,
    plain_identifier,
    repair_text,
    storable_json,
)
from socialcycle.listening.models import Post
from socialcycle.listening.tests.test_intake_api import item, push

pytestmark = pytest.mark.django_db

REJECTED = [
    ("year 10000 in UTC", {"created_at": "9999-12-31T23:59:59-12:00"}, "created_at"),
    ("next year", {"created_at": f"{datetime.now(UTC).year + 1}-06-01T00:00:00Z"}, "created_at"),
    ("before 1970", {"created_at": "0001-01-01T00:00:00Z"}, "created_at"),
    ("Unix seconds 10^20", {"created_at": 10**20}, "created_at"),
    ("a url over 1,000 characters", {"url": "https://example.com/" + "a" * 1000}, "url"),
    ("a parent id over 255", {"parent_external_id": "p" * 256}, "parent_external_id"),
    ("likes of 2^31", {"likes": 2**31}, "likes"),
    ("audience of 2^31", {"author_audience": 2**31}, "author_audience"),
    ("likes of 1e30", {"likes": 1e30}, "likes"),
    ("likes of 1e400 (infinity)", {"likes": "1e400"}, "likes"),
    ("likes negative", {"likes": -1}, "likes"),
    ("an e-mail over 254", {"author_email": "a" * 250 + "@x.io"}, "author_email"),
]


@pytest.fixture
def writer(cast):
    _, secret = create_api_token(
        cast.workspace, cast.analyst, name="helpdesk", scopes=["posts:write"]
    )
    return secret


@pytest.mark.parametrize(("case", "values", "field"), REJECTED, ids=[c for c, _, _ in REJECTED])
def test_an_out_of_bounds_value_rejects_its_item_alone(client, cast, writer, case, values, field):
    response = push(client, writer, [item("good"), item("bad", **values)])

    assert response.status_code == 200, response.content
    good, bad = response.json()["results"]
    assert good["status"] == "created"
    assert (bad["status"], bad["field"]) == ("rejected", field)
    assert bad["problem"]
    assert list(Post.objects.values_list("external_id", flat=True)) == ["good"]


def test_nul_and_lone_surrogates_are_repaired_in_text_and_refused_in_ids(client, cast, writer):
    response = push(
        client,
        writer,
        [
            item("nul", text="bro\x00ken hub", author_handle="ann\ud800", title="T\x00"),
            item("id\x00", text="fine"),
            item("id\udfff", text="fine"),
            item("raw", text="ok", extra={"note": "x\x00\ud800", "deep": [[[[1e400]]]]}),
        ],
    )

    assert response.status_code == 200, response.content
    assert [(r["status"], r["field"]) for r in response.json()["results"]] == [
        ("created", ""),
        ("rejected", "external_id"),
        ("rejected", "external_id"),
        ("created", ""),
    ]
    post = Post.objects.get(external_id="nul")
    assert (post.text, post.author_handle, post.title) == ("broken hub", "ann\ufffd", "T")
    raw = Post.objects.get(external_id="raw").raw
    assert raw["extra"] == {"note": "x\ufffd", "deep": [[[["inf"]]]]}


def test_the_documented_largest_batch_is_accepted(client, cast, writer):
    """1,000 posts of 50,000 characters: what docs/api.md promises."""
    posts = [item(str(n), text=("word " * 10_000)[:50_000]) for n in range(1000)]

    response = push(client, writer, posts)

    assert response.status_code == 200, response.content[:300]
    assert response.json()["created"] == 1000


def test_a_body_over_the_limit_gets_json_413_naming_it(client, cast, writer, settings):
    settings.API_MAX_BODY_BYTES = 10_000

    response = push(client, writer, [item(str(n), text="x" * 500) for n in range(40)])

    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert "10,000 bytes" in response.json()["detail"]
    assert not Post.objects.exists()


HOSTILE_TEXT = st.text(
    alphabet=st.characters(codec=None, categories=None), max_size=40
) | st.sampled_from(["\x00", "\ud800", "a\udfffb", "\x00" * 3, "é\x00\u202e"])
HOSTILE_NUMBER = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["1e400", "-1e400", "nan", "1.2k", "²"]),
)
HOSTILE_DATE = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from(
        [
            "9999-12-31T23:59:59-12:00",
            "0001-01-01T00:00:00+14:00",
            "2026-02-30T00:00:00Z",
            "1e400",
            "\x00",
            "2021-05-01T10:00:00Z",
        ]
    ),
)


@given(
    text=HOSTILE_TEXT,
    handle=HOSTILE_TEXT,
    likes=HOSTILE_NUMBER,
    audience=HOSTILE_NUMBER,
    created_at=HOSTILE_DATE,
)
@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_hostile_values_never_answer_5xx_and_the_valid_item_is_stored_once(
    client, cast, writer, text, handle, likes, audience, created_at
):
    Post.objects.all().delete()
    hostile = item(
        "hostile",
        text=text,
        created_at=created_at,
        author_handle=handle,
        likes=likes,
        author_audience=audience,
    )

    response = push(client, writer, [item("valid"), hostile, item("valid")])

    assert response.status_code == 200, response.content[:300]
    statuses = [result["status"] for result in response.json()["results"]]
    assert statuses[0] == "created"
    assert statuses[1] in ("created", "rejected")
    assert Post.objects.filter(external_id="valid").count() == 1
    for post in Post.objects.all():  # what was stored reads back and stays in bounds
        assert "\x00" not in post.text + post.author_handle
        assert 0 <= post.likes <= MAX_COUNT


def test_the_value_rules_on_their_own():
    assert repair_text("a\x00b\x07c\td\n\ud800") == "abc\td\n\ufffd"
    assert plain_identifier("abc-1") == "abc-1"
    with pytest.raises(ValueError, match="NUL"):
        plain_identifier("a\x00")
    assert bounded_count(3.6) == 4
    with pytest.raises(ValueError, match="2,147,483,647"):
        bounded_count(float("inf"))
    now = datetime(2026, 12, 7, tzinfo=UTC)
    assert dated_within_bounds(now + timedelta(hours=20), now) == now + timedelta(hours=20)
    with pytest.raises(ValueError, match="1970-01-01"):
        dated_within_bounds(datetime(1969, 12, 31, tzinfo=UTC), now)
    with pytest.raises(ValueError, match="in the future"):
        dated_within_bounds(now + timedelta(days=2), now)
    nested: list[object] = []
    for _ in range(100):
        nested = [nested]
    kept = storable_json({"n": nested})
    depth = 0
    node = kept["n"]
    while isinstance(node, list):
        node, depth = node[0], depth + 1
    assert depth < 25
    assert "not kept" in node


def test_the_length_limits_are_the_columns_own():
    from socialcycle.listening.importers.mapping import LENGTH_LIMITS
    from socialcycle.listening.models import Participant

    columns: dict[str, Any] = {
        "external_id": Post._meta.get_field("external_id"),
        "parent_external_id": Post._meta.get_field("parent_external_id"),
        "author_handle": Post._meta.get_field("author_handle"),
        "author_name": Participant._meta.get_field("display_name"),
        "author_email": Participant._meta.get_field("email"),
        "title": Post._meta.get_field("title"),
        "url": Post._meta.get_field("url"),
    }
    assert {name: field.max_length for name, field in columns.items()} == LENGTH_LIMITS
