"""The demo generator: deterministic, consistent, varied, and its stories are really there."""

import statistics
from collections import Counter
from datetime import UTC, datetime

import pytest

from socialcycle.analysis import analyze
from socialcycle.demo.generator import generate_demo_dataset

END = datetime(2026, 3, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def dataset():
    return generate_demo_dataset(seed=7, end=END)


def test_same_seed_gives_the_same_dataset(dataset):
    assert generate_demo_dataset(seed=7, end=END) == dataset


def test_another_seed_gives_other_posts(dataset):
    other = generate_demo_dataset(seed=8, end=END)
    assert [p.text for p in other.posts] != [p.text for p in dataset.posts]


def test_sizes(dataset):
    assert abs(len(dataset.posts) - 5000) <= 150
    assert len(dataset.participants) == 300
    assert {c.key for c in dataset.channels} == {"chirper", "starreview", "appstore", "community"}


def test_ids_times_threads_and_votes_are_consistent(dataset):
    keys = [(p.channel, p.external_id) for p in dataset.posts]
    assert len(set(keys)) == len(keys)
    by_id = {(p.channel, p.external_id): p for p in dataset.posts}
    for post in dataset.posts:
        assert post.created_at.tzinfo is not None
        assert dataset.start <= post.created_at < dataset.end
        assert post.rating is None or 1 <= post.rating <= 5
        if post.parent_external_id:
            parent = by_id[(post.channel, post.parent_external_id)]
            assert parent.created_at < post.created_at
    seen = set()
    for vote in dataset.votes:
        post = by_id[("community", vote.post_external_id)]
        assert post.created_at < vote.created_at < dataset.end
        assert (vote.post_external_id, vote.participant) not in seen
        seen.add((vote.post_external_id, vote.participant))
    people = {p.key: p for p in dataset.participants}
    assert all(post.channel in people[post.author].handles for post in dataset.posts)
    assert all("community" in people[vote.participant].handles for vote in dataset.votes)


def test_reviews_carry_ratings_and_other_channels_do_not(dataset):
    for post in dataset.posts:
        assert (post.rating is not None) == (post.channel in {"starreview", "appstore"})


def test_texts_vary_and_some_are_not_english(dataset):
    texts = [p.text for p in dataset.posts]
    assert len(set(texts)) >= 0.95 * len(texts)
    languages = Counter(a.language for a in analyze(texts))
    assert languages["es"] + languages["fr"] + languages["de"] >= 50


def test_outage_days_spike_negative_posts(dataset):
    texts = [p.text for p in dataset.posts]
    negative_per_day = Counter(
        post.created_at.date()
        for post, result in zip(dataset.posts, analyze(texts), strict=True)
        if result.sentiment == "negative"
    )
    others = [n for day, n in negative_per_day.items() if day not in dataset.outage_days]
    baseline = statistics.median(others)
    for day in dataset.outage_days:
        assert negative_per_day[day] >= 4 * baseline


def test_the_popular_idea_gathers_by_far_the_most_votes(dataset):
    votes = Counter(vote.post_external_id for vote in dataset.votes)
    (top, top_votes), (_, runner_up) = votes.most_common(2)
    assert top == dataset.popular_idea_external_id
    assert top_votes >= 120
    assert runner_up <= 30
    assert len({v.participant for v in dataset.votes if v.post_external_id == top}) == top_votes


def test_advocates_post_positively_often_and_get_shared(dataset):
    assert len(dataset.advocate_keys) == 4
    people = {p.key: p for p in dataset.participants}
    median_shares = statistics.median(p.shares for p in dataset.posts)
    for key in dataset.advocate_keys:
        posts = [p for p in dataset.posts if p.author == key]
        results = analyze([p.text for p in posts])
        positive = sum(r.sentiment == "positive" for r in results)
        assert len(posts) >= 15
        assert positive >= 0.8 * len(posts)
        assert statistics.median(p.shares for p in posts) > 5 * max(median_shares, 1)
        assert people[key].audience > 5000
        assert any(p.parent_external_id and p.channel == "community" for p in posts)


def test_the_promotion_week_triples_competitor_mentions(dataset):
    first, last = dataset.promotion_days
    mentions = Counter(
        post.created_at.date() for post in dataset.posts if "homearc" in post.text.lower()
    )
    during = [n for day, n in mentions.items() if first <= day <= last]
    outside = sum(n for day, n in mentions.items() if not first <= day <= last)
    days_outside = (dataset.end - dataset.start).days - 7
    assert statistics.mean(during) >= 3 * outside / days_outside
    assert not set(dataset.outage_days) & {first, last}


def test_too_few_participants_is_refused_with_a_reason():
    with pytest.raises(ValueError, match="at least 150 participants"):
        generate_demo_dataset(n_participants=20)
