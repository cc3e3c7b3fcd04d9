"""Reviews: stars per product, one helpful-vote per person, staff replies under them."""

import pytest

from socialcycle.accounts.models import TrackedName
from socialcycle.accounts.services import track_name
from socialcycle.community import reviews
from socialcycle.community.models import Contribution, Vote
from socialcycle.community.posting import PostingError
from socialcycle.listening.models import EngagementEvent
from socialcycle.responding.replies import reply
from socialcycle.testing.members import make_member

from .helpers import ABUSE, make_product, review


def test_a_product_page_counts_averages_and_spreads_the_stars(cast):
    lamp = make_product(cast.workspace)
    for handle, stars in [("ann", 5), ("ben", 4), ("cat", 4), ("dan", 1)]:
        review(make_member(cast.workspace, handle), lamp, stars)
    page = reviews.product_reviews(cast.workspace, lamp)
    assert page.count == 4
    assert page.average == pytest.approx(3.5)
    assert page.distribution == {5: 1, 4: 2, 3: 0, 2: 0, 1: 1}
    assert page.bars[1] == (4, 2, 50)
    [summary] = reviews.summaries(cast.workspace)
    assert (summary.product, summary.count, summary.average) == (lamp, 4, 3.5)


def test_a_rating_is_a_curation_step_and_the_review_a_listening_post(cast):
    ann = make_member(cast.workspace, "ann")
    made = review(ann, make_product(cast.workspace), 5)
    assert made.type == Contribution.Type.REVIEW
    assert made.post.rating == 5
    assert made.post.channel == "community"
    assert made.post.author == ann.participant
    assert EngagementEvent.objects.filter(
        participant=ann.participant, stage="curation", action="rating"
    ).exists()


def test_bad_reviews_are_refused_with_the_field_to_fix(cast):
    ann = make_member(cast.workspace, "ann")
    lamp = make_product(cast.workspace)
    with pytest.raises(PostingError) as stars:
        reviews.post_review(ann, lamp, 6, "Great")
    assert stars.value.field == "rating"
    with pytest.raises(PostingError) as empty:
        reviews.post_review(ann, lamp, 4, "   ")
    assert empty.value.field == "text"
    brand = track_name(cast.workspace, kind=TrackedName.Kind.BRAND, name="Lumio")
    foreign = make_product(cast.other_workspace, "Their Lamp")
    for product in (brand, foreign):
        with pytest.raises(PostingError) as wrong:
            reviews.post_review(ann, product, 4, "Great")
        assert wrong.value.field == "product"
    assert not Contribution.objects.exists()


def test_one_review_per_person_and_product(cast):
    ann = make_member(cast.workspace, "ann")
    lamp = make_product(cast.workspace)
    review(ann, lamp, 5)
    with pytest.raises(PostingError, match="already reviewed"):
        review(ann, lamp, 1)
    review(ann, make_product(cast.workspace, "Lumio Hub"), 3)


def test_one_helpful_vote_per_person_which_can_be_withdrawn(cast):
    lamp = make_product(cast.workspace)
    made = review(make_member(cast.workspace, "ann"), lamp)
    ben = make_member(cast.workspace, "ben")
    assert reviews.mark_helpful(ben, made) is True
    assert reviews.mark_helpful(ben, made) is False
    assert Vote.objects.filter(post=made.post, kind=Vote.Kind.HELPFUL).count() == 1
    [row] = reviews.product_reviews(cast.workspace, lamp, reader=ben).rows
    assert (row.helpful, row.marked_helpful, row.is_own) == (1, True, False)
    assert EngagementEvent.objects.filter(
        participant=ben.participant, action="vote:helpful"
    ).exists()
    assert reviews.withdraw_helpful(ben, made) is True
    assert reviews.withdraw_helpful(ben, made) is False
    assert not Vote.objects.filter(post=made.post).exists()
    assert not EngagementEvent.objects.filter(
        participant=ben.participant, action="vote:helpful"
    ).exists()


def test_nobody_marks_their_own_review_helpful(cast):
    ann = make_member(cast.workspace, "ann")
    made = review(ann, make_product(cast.workspace))
    with pytest.raises(reviews.ReviewError, match="your own"):
        reviews.mark_helpful(ann, made)
    assert not Vote.objects.exists()


def test_a_member_of_another_community_cannot_vote_here(cast):
    made = review(make_member(cast.workspace, "ann"), make_product(cast.workspace))
    stranger = make_member(cast.other_workspace, "zed")
    with pytest.raises(reviews.ReviewError):
        reviews.mark_helpful(stranger, made)


def test_most_helpful_reviews_come_first_with_staff_replies_under_them(cast):
    lamp = make_product(cast.workspace)
    first = review(make_member(cast.workspace, "ann"), lamp, 2)
    second = review(make_member(cast.workspace, "ben"), lamp, 5)
    reviews.mark_helpful(make_member(cast.workspace, "cat"), first)
    reply(first.post, "Sorry about that, a fix ships Monday.", by=cast.admin)
    rows = reviews.product_reviews(cast.workspace, lamp).rows
    assert [row.contribution for row in rows] == [first, second]
    assert [r.text for r in rows[0].replies] == ["Sorry about that, a fix ships Monday."]
    assert rows[1].replies == []


def test_held_reviews_are_never_listed_or_counted(cast):
    lamp = make_product(cast.workspace)
    held = reviews.post_review(make_member(cast.workspace, "troll"), lamp, 1, ABUSE)
    assert held.state == Contribution.State.HELD
    page = reviews.product_reviews(cast.workspace, lamp)
    assert (page.count, page.rows, page.average) == (0, [], None)
    with pytest.raises(reviews.ReviewError):
        reviews.mark_helpful(make_member(cast.workspace, "ben"), held)
