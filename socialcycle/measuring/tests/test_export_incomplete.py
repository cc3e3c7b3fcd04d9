"""An export that meets a row it cannot read gives every row before it and then says so:
the file's last line, the API's next page. Never a file that ends as if complete."""

import csv
import io
import json
from datetime import datetime, timedelta, timezone

import pytest
from django.db import connection
from django.urls import reverse

from socialcycle.listening.models import Post
from socialcycle.measuring.exports import catalogue, streams
from socialcycle.measuring.tests.export_helpers import csv_rows, post, source
from socialcycle.measuring.tests.test_export_api import get, token, url
from socialcycle.understanding.queries import PostFilter

pytestmark = pytest.mark.django_db


def make_unreadable(post_id: int) -> None:
    """Store a date the database driver cannot give back, as an older version could:
    year 10000 in UTC on PostgreSQL; on SQLite (dates are text) a thirteenth month."""
    if connection.vendor == "postgresql":
        late = datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-12)))
        Post.objects.filter(id=post_id).update(created_at=late)
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Post._meta.db_table} SET created_at = %s WHERE id = %s",  # noqa: S608
            ["2026-13-01 10:00:00", post_id],
        )


@pytest.fixture
def ten_posts_the_seventh_unreadable(cast):
    src = source(cast.workspace)
    ids = [post(src, f"post {n}", when="2026-03-01T10:00").pk for n in range(10)]
    make_unreadable(ids[6])
    return ids


def lines(export, workspace, fmt, chunk_size):
    text = "".join(streams.stream(export, workspace, PostFilter(), fmt, chunk_size=chunk_size))
    return text.splitlines()


def test_the_csv_gives_every_row_before_the_bad_one_then_says_it_stopped(
    cast, ten_posts_the_seventh_unreadable
):
    ids = ten_posts_the_seventh_unreadable

    text = "\n".join(lines(catalogue.POSTS, cast.workspace, catalogue.Format.CSV, chunk_size=4))
    got = list(csv.reader(io.StringIO(text)))

    assert got[0][:2] == ["id", "source"]
    assert [int(row[0]) for row in got[1:-1]] == ids[:6]
    (last,) = got[-1]  # one cell
    assert last.startswith(f"{streams.INCOMPLETE}: 6 rows were written, then the row after ")
    assert f"id {ids[5]} could not be read" in last
    assert "socialcycle check-data --repair" in last


def test_the_json_lines_end_with_a_notice_no_row_could_be_taken_for(
    cast, ten_posts_the_seventh_unreadable
):
    ids = ten_posts_the_seventh_unreadable

    got = [
        json.loads(line)
        for line in lines(catalogue.POSTS, cast.workspace, catalogue.Format.JSONL, 2000)
    ]

    assert [row["id"] for row in got[:-1]] == ids[:6]
    notice = got[-1]
    assert notice["export_incomplete"] is True
    assert notice["rows_written"] == 6
    assert f"the row after id {ids[5]} could not be read" in notice["detail"]


def test_a_complete_export_has_no_notice(cast):
    src = source(cast.workspace)
    ids = [post(src, f"post {n}").pk for n in range(5)]

    rows = csv_rows(catalogue.POSTS, cast.workspace, chunk_size=2)

    assert [int(row["id"]) for row in rows] == ids
    assert not any(
        streams.INCOMPLETE in line
        for line in lines(catalogue.POSTS, cast.workspace, catalogue.Format.CSV, chunk_size=2)
    )


def test_the_download_answers_200_and_ends_with_the_notice(
    client, cast, ten_posts_the_seventh_unreadable
):
    client.force_login(cast.viewer)
    address = reverse("measuring:export_download", args=[cast.workspace.slug, "posts", "csv"])

    answer = client.get(address)

    assert answer.status_code == 200
    text = b"".join(answer.streaming_content).decode()
    assert list(csv.reader(io.StringIO(text)))[-1][0].startswith(
        f"{streams.INCOMPLETE}: 6 rows were written"
    )


def test_the_api_gives_the_readable_rows_then_a_500_naming_where(
    client, cast, ten_posts_the_seventh_unreadable
):
    ids = ten_posts_the_seventh_unreadable
    secret = token(cast.workspace, cast.viewer)
    address = url(cast.workspace, "posts")

    first = get(client, secret, address, limit=4).json()
    second = get(client, secret, address, limit=4, cursor=first["next_cursor"]).json()
    third = get(client, secret, address, limit=4, cursor=second["next_cursor"])

    assert [item["id"] for item in first["items"]] == ids[:4]
    # Cut short before the row that cannot be read, with a cursor to it.
    assert [item["id"] for item in second["items"]] == ids[4:6]
    assert third.status_code == 500
    detail = third.json()["detail"]
    assert detail.startswith(f"Cannot give this page: the row after id {ids[5]} could not")
    assert "socialcycle check-data --repair" in detail
