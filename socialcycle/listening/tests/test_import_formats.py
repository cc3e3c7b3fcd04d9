"""Formats and ready mappings: the right columns land in the right fields."""

import json
from datetime import UTC, datetime

from socialcycle.listening.importers import detect_format
from socialcycle.listening.importers.presets import preset
from socialcycle.listening.models import Identity, Post
from socialcycle.listening.tests.import_helpers import run_import, write
from socialcycle.testing.factories import make_source


def test_a_tweets_export_with_nested_users_and_replies(cast, tmp_path):
    tweets = [
        {
            "id_str": "100",
            "full_text": "Is the hub down?",
            "retweet_count": 3,
            "favorite_count": 7,
            "created_at": "Wed May 06 09:15:00 +0000 2026",
            "user": {"screen_name": "sam", "name": "Sam Okafor", "followers_count": 1200},
        },
        {
            "id_str": "101",
            "full_text": "@sam yes, since 9am",
            "created_at": "Wed May 06 09:20:00 +0000 2026",
            "in_reply_to_status_id_str": "100",
            "user": {"screen_name": "kim", "followers_count": 5},
        },
    ]
    source = make_source(cast.workspace)
    run = run_import(
        source, write(tmp_path, "tweets.json", json.dumps(tweets)), mapping=preset("tweets")
    )
    assert (run.created, run.rejected) == (2, 0)
    first = Post.objects.get(source=source, external_id="100")
    assert (first.shares, first.likes, first.author_handle) == (3, 7, "sam")
    assert first.created_at == datetime(2026, 5, 6, 9, 15, tzinfo=UTC)
    assert Post.objects.get(external_id="101").parent == first
    assert Identity.objects.get(handle="sam").audience == 1200


def test_app_store_reviews_csv(cast, tmp_path):
    content = (
        "Review ID,Star Rating,Review Title,Review Text,"
        "Review Submit Date and Time,App Version Name,Device\n"
        "r1,2,Crashes,It crashes on launch,2026-05-01T08:00:00Z,3.2.1,Pixel 8\n"
    )
    source = make_source(cast.workspace, "Google Play", "app_store")
    run = run_import(source, write(tmp_path, "reviews.csv", content), mapping=preset("app-store"))
    post = Post.objects.get(source=source)
    assert run.created == 1
    assert (post.rating, post.title, post.text) == (2, "Crashes", "It crashes on launch")
    assert post.raw["Device"] == "Pixel 8"


def test_a_reddit_listing_wrapped_in_data(cast, tmp_path):
    listing = {
        "data": [
            {
                "data": {
                    "name": "t1_a",
                    "body": "Works great",
                    "author": "u1",
                    "created_utc": 1777777777,
                    "score": 12,
                    "parent_id": "t3_x",
                }
            }
        ]
    }
    source = make_source(cast.workspace, "Reddit")
    run = run_import(
        source, write(tmp_path, "reddit.json", json.dumps(listing)), mapping=preset("reddit")
    )
    post = Post.objects.get(source=source)
    assert run.created == 1
    assert (post.external_id, post.likes, post.parent_external_id) == ("t1_a", 12, "t3_x")


def test_a_tab_separated_file_with_semicolons_in_text(cast, tmp_path):
    content = "id\ttext\tcreated_at\n1\tone; two; three\t2026-05-01\n"
    source = make_source(cast.workspace)
    run_import(source, write(tmp_path, "export.tsv", content))
    assert Post.objects.get(source=source).text == "one; two; three"


def test_a_source_keeps_its_own_mapping(cast, tmp_path):
    from socialcycle.listening.importers.mapping import ColumnMapping

    mapping = ColumnMapping(
        columns={"external_id": ("Ref",), "text": ("Words",), "created_at": ("When",)},
        date_format="%d/%m/%Y",
    )
    source = make_source(cast.workspace)
    source.config = {"mapping": mapping.to_config()}
    source.save()
    run_import(source, write(tmp_path, "odd.csv", "Ref,Words,When\nA-1,hello,31/12/2025\n"))
    post = Post.objects.get(source=source)
    assert (post.external_id, post.created_at.date().isoformat()) == ("A-1", "2025-12-31")


def test_the_format_is_detected_from_name_or_content(tmp_path):
    assert detect_format(tmp_path / "x.csv", b"id,text") == "csv"
    assert detect_format(tmp_path / "x.dat", b'[{"id": 1}]') == "json"
    assert detect_format(tmp_path / "x.dat", b'{"id": 1}\n{"id": 2}\n') == "jsonl"
    assert detect_format(tmp_path / "x.dat", b'{"data": [\n{"id": 1}]}') == "json"
