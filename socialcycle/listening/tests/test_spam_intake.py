"""Spam is judged at intake: the score, copies from many authors, one author flooding."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from socialcycle.listening import spam
from socialcycle.listening.models import Post
from socialcycle.listening.services import record_posts
from socialcycle.testing.factories import incoming, make_source, make_workspace

PROMOTION = "WIN a FREE iPhone!!! Click here https://bit.ly/a1 #giveaway #win"
COMPLAINT = "My parcel never arrived and nobody answers the phone"
COPY = "Everyone should know that this company sold my data to advertisers without asking me"


def spam_of(source):
    return dict(Post.objects.filter(source=source).values_list("external_id", "is_spam"))


def test_each_new_post_gets_a_score_and_a_promotion_is_spam(db):
    source = make_source(make_workspace())

    record_posts(source, [incoming("1", PROMOTION), incoming("2", COMPLAINT)])

    promotion, complaint = Post.objects.filter(source=source).order_by("external_id")
    assert promotion.is_spam
    assert (promotion.spam_score or 0) > 0.9
    assert not complaint.is_spam
    assert (complaint.spam_score or 1) < 0.5
    assert promotion.spam_marked is None


def test_the_same_text_from_four_authors_in_a_week_marks_every_copy(db):
    source = make_source(make_workspace())
    start = timezone.now() - timedelta(days=6)
    record_posts(
        source,
        [
            incoming(
                str(i), COPY + ("!" * i), author=f"acct{i}", created_at=start + timedelta(days=i)
            )
            for i in range(3)
        ],
    )
    assert not any(spam_of(source).values())  # three authors: people may agree

    record_posts(source, [incoming("3", COPY.upper(), author="acct3")])

    assert spam_of(source) == {"0": True, "1": True, "2": True, "3": True}


def test_copies_spread_over_more_than_a_week_or_from_one_author_are_not_spam(db):
    source = make_source(make_workspace())
    start = timezone.now() - timedelta(days=40)
    spread = [
        incoming(str(i), COPY, author=f"acct{i}", created_at=start + timedelta(days=10 * i))
        for i in range(4)
    ]
    same = [incoming(f"s{i}", COPY + " again", author="sam") for i in range(4)]

    record_posts(source, spread + same)

    assert not any(spam_of(source).values())


def test_ten_posts_by_one_author_in_an_hour_are_a_flood(db):
    source = make_source(make_workspace())
    now = timezone.now()
    calm = [
        incoming(
            f"c{i}",
            f"Question number {i} about my bill",
            author="calm",
            created_at=now - timedelta(minutes=7 * i),
        )
        for i in range(9)
    ]
    flood = [
        incoming(
            f"f{i}",
            f"Reply {i}: look at my profile",
            author="flooder",
            created_at=now - timedelta(minutes=5 * i),
        )
        for i in range(10)
    ]

    record_posts(source, calm + flood)

    verdicts = spam_of(source)
    assert not any(verdicts[f"c{i}"] for i in range(9))
    assert all(verdicts[f"f{i}"] for i in range(10))


def test_a_flood_is_found_across_imports(db):
    source = make_source(make_workspace())
    now = timezone.now()
    for i in range(10):
        record_posts(
            source,
            [
                incoming(
                    f"f{i}",
                    f"Post {i} of many",
                    author="flooder",
                    created_at=now - timedelta(minutes=i),
                )
            ],
        )
    assert all(spam_of(source).values())


def test_a_persons_mark_survives_a_reimport(db):
    source = make_source(make_workspace())
    record_posts(source, [incoming("1", PROMOTION)])
    Post.objects.filter(source=source).update(spam_marked=False, is_spam=False)

    record_posts(source, [incoming("1", PROMOTION + " now")])

    post = Post.objects.get(source=source)
    assert post.spam_marked is False
    assert post.is_spam is False
    assert (post.spam_score or 0) > 0.9


def test_a_changed_text_is_judged_again(db):
    source = make_source(make_workspace())
    record_posts(source, [incoming("1", PROMOTION)])

    record_posts(source, [incoming("1", COMPLAINT)])

    assert spam_of(source) == {"1": False}


def brute_force(rows, window, needed, distinct_authors):
    """The rule as written: every stretch of `window` reaching `needed` marks its rows."""
    marked: set[int] = set()
    for end in range(len(rows)):
        stretch = [row for row in rows[: end + 1] if rows[end][1] - row[1] <= window]
        count = len({row[2] for row in stretch}) if distinct_authors else len(stretch)
        if count >= needed:
            marked.update(row[0] for row in stretch if row[3])
    return marked


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 500), st.sampled_from("abcdef"), st.booleans()), max_size=40),
    st.booleans(),
)
def test_the_one_pass_windows_mark_what_every_stretch_would(draws, distinct_authors):
    start = datetime(2026, 3, 1, tzinfo=UTC)
    rows = sorted(
        (
            (n, start + timedelta(minutes=minute), who, open_)
            for n, (minute, who, open_) in enumerate(draws)
        ),
        key=lambda row: row[1],
    )
    window = timedelta(minutes=60)

    found = spam._windows_reaching(rows, window, 3, distinct_authors=distinct_authors)

    assert found == brute_force(rows, window, 3, distinct_authors)
