"""Property-based tests of the doors posts come in by: whatever bytes a file holds and
whatever JSON a client sends, nothing crashes, and every valid row beside bad ones is
stored (hypothesis generates the inputs; a fixed seed keeps CI repeatable)."""

import csv
import io
import json
import uuid
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialcycle.accounts.tokens import create_api_token
from socialcycle.listening.importers import IMPORTERS
from socialcycle.listening.imports import import_file
from socialcycle.listening.models import ImportRun, Post
from socialcycle.testing.factories import make_source

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
WORDS = st.text(
    alphabet=st.characters(categories=["L", "N", "P", "Zs"], exclude_characters="\x00"),
    min_size=1,
    max_size=60,
).filter(lambda text: any(character.isalnum() for character in text))
GOOD_TIME = st.datetimes(
    min_value=datetime(2020, 1, 1),  # noqa: DTZ001 (naive on purpose: written with a Z)
    max_value=datetime(2026, 1, 1),  # noqa: DTZ001
).map(lambda moment: moment.isoformat() + "Z")
BAD_TIME = st.sampled_from(["someday", "2026-13-45T99:00:00Z", "", "yesterday-ish", "12/34/5678"])


@EXAMPLES
@given(data=st.binary(max_size=3000), fmt=st.sampled_from(sorted(IMPORTERS)))
def test_any_bytes_in_any_format_end_in_a_report_not_a_crash(cast, tmp_path, data, fmt):
    path = tmp_path / f"{uuid.uuid4().hex}.upload"
    path.write_bytes(data)
    source = make_source(cast.workspace, f"Random {uuid.uuid4().hex[:8]}")

    run = import_file(source, path, format=fmt)

    assert run.status in (ImportRun.Status.FINISHED, ImportRun.Status.FAILED)
    stored = Post.objects.filter(source=source).count()
    assert stored == run.created + run.updated
    if run.status == ImportRun.Status.FAILED:
        assert run.problems  # it says why, in a sentence
        assert all(problem["problem"] for problem in run.problems)


def rows_strategy():
    good = st.tuples(st.just(True), WORDS, GOOD_TIME)
    bad = st.one_of(
        st.tuples(st.just(False), WORDS, BAD_TIME),  # a date nobody can read
        st.tuples(st.just(False), st.sampled_from(["", "   "]), GOOD_TIME),  # no text
    )
    return st.lists(st.one_of(good, bad), min_size=1, max_size=25)


@EXAMPLES
@given(rows=rows_strategy())
def test_every_valid_csv_row_beside_bad_ones_is_stored(cast, tmp_path, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "text", "created_at", "author"])
    for number, (_, text, when) in enumerate(rows):
        writer.writerow([f"r{number}", text, when, f"person{number}"])
    path = tmp_path / f"{uuid.uuid4().hex}.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    source = make_source(cast.workspace, f"Survey {uuid.uuid4().hex[:8]}")

    run = import_file(source, path)

    valid = {f"r{number}" for number, (ok, _, _) in enumerate(rows) if ok}
    stored = set(Post.objects.filter(source=source).values_list("external_id", flat=True))
    assert stored == valid
    assert run.rejected == len(rows) - len(valid)
    assert len(run.problems) == run.rejected  # each bad row named, with its field
    assert all(problem["where"] and problem["field"] for problem in run.problems)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


@pytest.fixture
def writer_token(cast):
    return create_api_token(cast.workspace, cast.analyst, name="prop", scopes=["posts:write"])[1]


@EXAMPLES
@given(body=JSON_VALUES)
def test_any_json_body_gets_an_answer_not_a_crash(client, writer_token, body):
    response = client.post(
        "/api/v1/posts",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {writer_token}"},
    )
    assert response.status_code in (200, 400, 422)
    assert "detail" in response.json() or "results" in response.json()


def items_strategy():
    good = st.tuples(st.just(True), WORDS, GOOD_TIME)
    bad = st.one_of(
        st.tuples(st.just(False), WORDS, BAD_TIME),
        st.tuples(st.just(False), st.just(""), GOOD_TIME),
        st.tuples(st.just(False), st.none(), st.none()),  # not an object at all
    )
    return st.lists(st.one_of(good, bad), min_size=1, max_size=25)


@EXAMPLES
@given(items=items_strategy())
def test_every_valid_item_of_a_batch_is_stored_and_each_gets_its_result(
    client, cast, writer_token, items
):
    batch = f"api-{uuid.uuid4().hex[:8]}"
    posts = [
        {"external_id": f"i{n}", "text": text, "created_at": when} if text is not None else 42
        for n, (_, text, when) in enumerate(items)
    ]
    response = client.post(
        "/api/v1/posts",
        {"source": batch, "posts": posts},
        content_type="application/json",
        headers={"Authorization": f"Bearer {writer_token}"},
    )

    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == len(items)
    valid = {f"i{n}" for n, (ok, _, _) in enumerate(items) if ok}
    stored = set(Post.objects.filter(source__name=batch).values_list("external_id", flat=True))
    assert stored == valid
    assert [r["status"] == "rejected" for r in results] == [not ok for ok, _, _ in items]
