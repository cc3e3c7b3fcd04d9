"""Rows stored before today's rules: `socialcycle check-data` finds them without reading
the bad values, and `--repair` mends them so that every page, export and the analysis
read them again (the year-10000 date that once stopped PostgreSQL is the regression)."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.db import connection
from django.urls import reverse

from socialcycle.cli import main
from socialcycle.listening.importers.values import MAX_COUNT
from socialcycle.listening.models import Identity, Post
from socialcycle.listening.services import record_posts
from socialcycle.testing.factories import incoming, make_source
from socialcycle.understanding import integrity, services
from socialcycle.understanding.models import PostAnalysis
from socialcycle.understanding.tests.test_analysis_claims import (  # noqa: F401 (fixture)
    analysis_left_waiting,
)

pytestmark = pytest.mark.django_db


def poison_date() -> datetime:
    """The date an older version stored: year 10000 in UTC on PostgreSQL (unreadable from
    Python); SQLite stores datetimes as UTC text, so there a date far ahead stands in."""
    if connection.vendor == "postgresql":
        return datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-12)))
    return datetime(3000, 1, 1, tzinfo=UTC)


@pytest.fixture
def stored(cast):
    source = make_source(cast.workspace, "Tweets", "twitter")
    record_posts(source, [incoming("good", "The hub is great"), incoming("bad", "Refund please")])
    services.analyse_pending_posts(10)
    bad = Post.objects.filter(external_id="bad")
    bad_id = bad.get().id
    bad.update(created_at=poison_date(), title="bell\x07")
    PostAnalysis.objects.filter(post_id=bad_id).update(created_at=poison_date())
    return bad_id


def test_bad_rows_are_found_without_reading_them_and_repaired(client, cast, stored):
    found = integrity.find_bad_rows()

    assert [(f.rule.split(" ")[1], f.count, f.example_ids) for f in found] == [
        ("dated", 1, (stored,)),
        ("text,", 1, (stored,)),
    ]
    integrity.repair_bad_rows()

    assert integrity.find_bad_rows() == []
    post = Post.objects.get(id=stored)
    assert (post.created_at, post.title) == (post.imported_at, "bell")
    assert PostAnalysis.objects.get(post_id=stored).created_at == post.imported_at
    client.force_login(cast.admin)
    page = client.get(reverse("understanding:posts", args=[cast.workspace.slug]))
    assert page.status_code == 200
    assert "Refund please" in page.content.decode()
    export = client.get(
        reverse("measuring:export_download", args=[cast.workspace.slug, "posts", "csv"])
    )
    rows = b"".join(export.streaming_content).decode().strip().splitlines()
    assert len(rows) == 3  # the header and both posts


def test_the_command_reports_then_repairs(capsys, cast, stored):
    assert main(["check-data"]) == 1
    out = capsys.readouterr().out
    assert f"post dated before 1970-01-01 or more than a day ahead (ids {stored}…)" in out
    assert "socialcycle check-data --repair" in out

    assert main(["check-data", "--repair"]) == 0
    assert "repaired: dated when it was imported" in capsys.readouterr().out
    assert main(["check-data"]) == 0
    assert "Every stored post keeps today's rules." in capsys.readouterr().out


def test_counts_only_sqlite_could_store_are_lowered(cast, stored):
    if connection.vendor != "sqlite":
        # PostgreSQL's integer columns refuse such a count: nothing to find there.
        assert not Post.objects.filter(likes__gt=MAX_COUNT).exists()
        return
    Post.objects.filter(id=stored).update(likes=2**40)
    Identity.objects.update(audience=2**40)

    integrity.repair_bad_rows()

    assert Post.objects.get(id=stored).likes == MAX_COUNT
    assert set(Identity.objects.values_list("audience", flat=True)) <= {MAX_COUNT}


def test_an_unreadable_post_never_stops_the_analysis_and_is_analysed_once_mended(cast):
    source = make_source(cast.workspace, "Tweets", "twitter")
    record_posts(source, [incoming("bad", "Refund please")])
    Post.objects.update(created_at=poison_date())  # stored before intake checked dates
    other = make_source(cast.other_workspace, "Reviews", "review")
    record_posts(other, [incoming("good", "The hub is great")])

    assert services.analyse_pending_posts(10) == 2

    assert PostAnalysis.objects.filter(post__external_id="good").exists()
    assert not Post.objects.filter(analysed_at__isnull=True).exists()
    integrity.repair_bad_rows()
    # Readable all along on SQLite (analysed, kept); set aside unread on PostgreSQL (back
    # in the queue once mended).
    waiting = Post.objects.filter(analysed_at__isnull=True).count()
    assert waiting == (1 if connection.vendor == "postgresql" else 0)
    services.analyse_pending_posts(10)
    assert PostAnalysis.objects.filter(post__external_id="bad").exists()
