"""Copies of a post (retweets, copy-paste campaigns) are linked to the original."""

from datetime import timedelta

from django.utils import timezone

from socialcycle.listening.models import Post
from socialcycle.listening.services import record_posts
from socialcycle.testing.factories import incoming, make_source

CAMPAIGN = (
    "Lumio, bring back the local control mode for the hub. Millions of homes depend on it "
    "and the cloud is not good enough."
)


def post(external_id):
    return Post.objects.get(external_id=external_id)


def test_a_retweet_links_to_the_original_across_imports(cast):
    source = make_source(cast.workspace)
    earlier = timezone.now() - timedelta(hours=1)
    record_posts(source, [incoming("1", "The hub is down again!", created_at=earlier)])
    record_posts(source, [incoming("2", "RT @sam: The hub is down again! https://t.example/x")])
    assert post("2").near_duplicate_of == post("1")
    assert post("1").near_duplicate_of is None


def test_a_copy_paste_campaign_with_small_edits_is_linked(cast):
    source = make_source(cast.workspace)
    record_posts(source, [incoming("c1", CAMPAIGN, author="a")])
    record_posts(
        source,
        [
            incoming("c2", "Please read this. " + CAMPAIGN, author="b"),
            incoming("c3", CAMPAIGN + " #savelocal", author="c"),
            incoming("x", "My hub pairs fine with the new Thread bulbs, no complaints", author="d"),
            incoming("y", CAMPAIGN.replace("local control mode", "energy report"), author="e"),
        ],
    )
    assert post("c2").near_duplicate_of == post("c1")
    assert post("c3").near_duplicate_of == post("c1")
    assert post("x").near_duplicate_of is None
    assert post("y").near_duplicate_of is None  # same template, a different request


def test_copies_within_one_batch_point_at_the_first(cast):
    source = make_source(cast.workspace)
    record_posts(
        source,
        [incoming(str(n), CAMPAIGN, author=f"user{n}") for n in range(1, 4)],
    )
    first = post("1")
    assert [post(n).near_duplicate_of for n in ("2", "3")] == [first, first]


def test_other_workspaces_are_not_searched(cast):
    record_posts(make_source(cast.other_workspace), [incoming("theirs", CAMPAIGN)])
    record_posts(make_source(cast.workspace), [incoming("ours", CAMPAIGN)])
    assert post("ours").near_duplicate_of is None


def test_the_detector_forgets_the_oldest_past_its_limit(monkeypatch):
    from socialcycle.listening import dedup

    monkeypatch.setattr(dedup, "MAX_REMEMBERED", 2)
    detector = dedup.NearDuplicateDetector()
    texts = [CAMPAIGN, "my thread bulbs pair fine with the hub since the last update", "x" * 60]
    signatures = [dedup.signature_of(text.lower()) for text in texts]
    for post_id, signature in enumerate(signatures, start=1):
        detector.remember(post_id, signature)
    assert list(detector.signatures) == [2, 3]
    assert detector.original_of(signatures[0]) is None
    assert detector.original_of(signatures[2]) == 3


def test_comparing_all_and_the_lsh_index_find_the_same_originals(cast, monkeypatch):
    from socialcycle.listening import dedup
    from socialcycle.listening.normalise import canonical_form

    source = make_source(cast.workspace)
    texts = [
        CAMPAIGN,
        "My hub pairs fine with the new Thread bulbs, no complaints at all this week",
        "The energy report in the app has been wrong since the last firmware update",
        "Please add a dark mode to the Lumio app, the white screen is blinding at night",
    ]
    record_posts(source, [incoming(f"o{n}", text, author=f"a{n}") for n, text in enumerate(texts)])
    queries = [f"Please read: {text} #lumio" for text in texts]
    queries.append("A sentence about something else entirely, long enough to be compared.")
    signatures = [dedup.signature_of(canonical_form(text)) for text in queries]

    exhaustive = dedup.NearDuplicateDetector.for_workspace(cast.workspace.pk)
    found_by_comparing = [exhaustive.original_of(s) for s in signatures]
    assert exhaustive.index is None
    monkeypatch.setattr(dedup, "EXHAUSTIVE_LOOKUPS", 0)
    indexed = dedup.NearDuplicateDetector.for_workspace(cast.workspace.pk)
    found_by_index = [indexed.original_of(s) for s in signatures]
    assert indexed.index is not None
    assert found_by_comparing == found_by_index
    assert found_by_comparing == [post(f"o{n}").pk for n in range(len(texts))] + [None]
