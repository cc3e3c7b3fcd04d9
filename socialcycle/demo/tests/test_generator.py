"""The demo generator: deterministic, consistent, varied, and its four stories are really there.

Pure Python: no Django, no database. Tone is judged by a small word list of this file's own,
so the stories are proven from the words a reader sees, not from the generator's intentions.
"""

import random
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from types import ModuleType
from typing import Any

import pytest

from socialcycle.demo import _phrases, _reviews, _stories, _talk
from socialcycle.demo._writing import Writer
from socialcycle.demo.generator import DemoDataset, DemoPost, generate_demo_dataset

Posts = dict[tuple[str, str], DemoPost]

END = datetime(2026, 3, 1, tzinfo=UTC)

POSITIVE = frozenset(
    """love loved loves great brilliant reliable easy perfect perfectly recommend happy
    impressed excellent solid best smooth fast fantastic thanks thank awesome amazing helpful
    lifesaver painless glad intuitive stable superb enjoy worth nice wonderful star
    encanta excelente genial contento parfait super génial bravo toll prima zufrieden""".split()
)
NEGATIVE = frozenset(
    """down offline broken broke useless frustrating frustrated disappointed disappointing
    disappointing terrible unacceptable fail failed fails failing failure crash crashes slow
    worst awful stuck refund annoying annoyed ridiculous waste nightmare dead poor horrible
    bug bugs buggy error unreachable outage problem mess junk regret drains dropping
    malo fatal desastre nul panne déçu kaputt schlecht genervt""".split()
)
NEGATIONS = frozenset("not no never don't isn't can't cannot won't nothing".split())
WORD = re.compile(r"[\w']+")

# Function words that give a language away; two or more of them make a post that language.
LANGUAGE_MARKERS = {
    "es": frozenset("el la los que de es muy mi con se lo otra cada".split()),
    "fr": frozenset("le la les est très je de du ne pas une avec".split()),
    "de": frozenset("der die das ist sehr ich mit nicht ob den am wie".split()),
}


def tone(text: str) -> str:
    """'positive', 'negative' or 'neutral' by counting words, flipping after a negation."""
    score = 0
    words = WORD.findall(text.lower())
    for index, word in enumerate(words):
        polarity = (word in POSITIVE) - (word in NEGATIVE)
        if polarity and index and words[index - 1] in NEGATIONS:
            polarity = -polarity
        score += polarity
    return "positive" if score > 0 else "negative" if score < 0 else "neutral"


def language(text: str) -> str:
    words = set(WORD.findall(text.lower()))
    counts = {lang: len(words & markers) for lang, markers in LANGUAGE_MARKERS.items()}
    best = max(counts, key=lambda lang: counts[lang])
    return best if counts[best] >= 2 else "en"


@pytest.fixture(scope="module")
def dataset() -> DemoDataset:
    return generate_demo_dataset(seed=7, end=END)


@pytest.fixture(scope="module")
def by_id(dataset: DemoDataset) -> Posts:
    return {(post.channel, post.external_id): post for post in dataset.posts}


def daily(posts: Iterable[DemoPost]) -> Counter[date]:
    return Counter(post.created_at.date() for post in posts)


# Determinism and sizes ------------------------------------------------------------------------
def test_the_same_seed_and_end_give_the_same_dataset(dataset: DemoDataset) -> None:
    again = generate_demo_dataset(seed=7, end=END)
    assert again.posts == dataset.posts
    assert again.votes == dataset.votes
    assert again.participants == dataset.participants
    assert again == dataset


def test_another_seed_gives_other_posts_and_people(dataset: DemoDataset) -> None:
    other = generate_demo_dataset(seed=8, end=END)
    assert [p.text for p in other.posts] != [p.text for p in dataset.posts]
    assert [p.display_name for p in other.participants] != [
        p.display_name for p in dataset.participants
    ]


def test_end_defaults_to_the_last_utc_midnight() -> None:
    before = datetime.combine(datetime.now(UTC).date(), time.min, tzinfo=UTC)
    generated = generate_demo_dataset(days=30, n_participants=200, n_posts=1000)
    after = datetime.combine(datetime.now(UTC).date(), time.min, tzinfo=UTC)
    assert generated.end in {before, after}
    assert generated.start == generated.end - timedelta(days=30)


@pytest.mark.parametrize(
    ("n_posts", "n_participants", "days"),
    [(5000, 300, 90), (1200, 200, 40), (8000, 450, 120)],
)
def test_sizes_stay_within_three_percent_of_the_targets(
    n_posts: int, n_participants: int, days: int
) -> None:
    generated = generate_demo_dataset(
        seed=3, end=END, days=days, n_participants=n_participants, n_posts=n_posts
    )
    assert abs(len(generated.posts) - n_posts) <= 0.03 * n_posts
    assert len(generated.participants) == n_participants
    assert generated.end - generated.start == timedelta(days=days)


@pytest.mark.parametrize(
    ("sizes", "problem"),
    [
        ({"days": 10}, "days must be at least 30"),
        ({"n_participants": 50}, "n_participants must be at least 200"),
        ({"n_posts": 100}, "n_posts must be at least 1000"),
        ({"end": datetime(2026, 3, 1)}, "end must be timezone-aware"),  # noqa: DTZ001
    ],
)
def test_sizes_too_small_for_the_stories_and_naive_ends_are_refused(
    sizes: dict[str, Any], problem: str
) -> None:
    with pytest.raises(ValueError, match=problem):
        generate_demo_dataset(**sizes)


# Consistency ----------------------------------------------------------------------------------
def test_external_ids_are_unique_per_channel_and_urls_point_at_each_post(
    dataset: DemoDataset,
) -> None:
    keys = [(post.channel, post.external_id) for post in dataset.posts]
    assert len(set(keys)) == len(keys)
    assert len({post.url for post in dataset.posts}) == len(dataset.posts)
    for post in dataset.posts:
        assert post.external_id.startswith(f"{post.channel}-")
        assert post.url.startswith("https://")


def test_every_reply_has_an_earlier_parent_in_the_same_channel(
    dataset: DemoDataset, by_id: Posts
) -> None:
    replies = [post for post in dataset.posts if post.parent_external_id]
    assert len(replies) > 0.15 * len(dataset.posts)
    for post in replies:
        parent = by_id[(post.channel, post.parent_external_id)]
        assert parent.created_at < post.created_at


def test_votes_are_on_community_ideas_or_reviews_after_the_post_and_never_twice(
    dataset: DemoDataset, by_id: Posts
) -> None:
    seen = set()
    for vote in dataset.votes:
        post = by_id[("community", vote.post_external_id)]
        assert post.title
        assert not post.parent_external_id
        assert post.kind == {"idea": "idea", "helpful": "review"}[vote.kind]
        assert vote.participant != post.author
        assert post.created_at < vote.created_at
        assert (vote.post_external_id, vote.participant) not in seen
        seen.add((vote.post_external_id, vote.participant))


def test_all_times_are_aware_inside_the_window_and_posts_come_in_time_order(
    dataset: DemoDataset,
) -> None:
    times = [post.created_at for post in dataset.posts] + [v.created_at for v in dataset.votes]
    assert all(when.utcoffset() == timedelta(0) for when in times)
    assert all(dataset.start <= when < dataset.end for when in times)
    created = [post.created_at for post in dataset.posts]
    assert created == sorted(created)


def test_authors_and_voters_have_handles_where_they_speak(dataset: DemoDataset) -> None:
    people = {person.key: person for person in dataset.participants}
    assert all(post.channel in people[post.author].handles for post in dataset.posts)
    assert all("community" in people[vote.participant].handles for vote in dataset.votes)


def test_reviews_have_titles_and_ratings_that_mostly_agree_with_their_words(
    dataset: DemoDataset,
) -> None:
    reviews = [p for p in dataset.posts if p.channel in {"starreview", "appstore"}]
    reviews += community_reviews(dataset)
    others = [p for p in dataset.posts if p not in reviews]
    assert all(p.title and p.rating in {1, 2, 3, 4, 5} for p in reviews)
    assert all(p.rating is None for p in others)
    ratings = {
        judged: [p.rating or 0 for p in reviews if tone(f"{p.title}. {p.text}") == judged]
        for judged in ("positive", "negative")
    }
    assert statistics.mean(ratings["positive"]) >= statistics.mean(ratings["negative"]) + 2


def test_app_store_reviews_name_an_app_version_and_a_phone(dataset: DemoDataset) -> None:
    devices = _phrases.SLOTS["device"]
    for post in (p for p in dataset.posts if p.channel == "appstore"):
        assert re.search(r"\bv3\.\d\.\d\b", post.text), post.text
        assert any(device in post.text for device in devices), post.text


def test_titles_belong_to_reviews_and_community_threads_only(dataset: DemoDataset) -> None:
    for post in dataset.posts:
        if post.channel == "chirper" or post.parent_external_id:
            assert post.title == ""
        else:
            assert post.title


# People ---------------------------------------------------------------------------------------
def test_participants_look_like_a_real_crowd(dataset: DemoDataset) -> None:
    people = dataset.participants
    assert [p.key for p in people] == [f"p{n:04d}" for n in range(1, len(people) + 1)]
    assert all(1 <= len(p.handles) <= 3 for p in people)
    audiences = [p.audience for p in people]
    assert sum(a < 500 for a in audiences) >= 0.8 * len(people)
    assert sum(a > 10_000 for a in audiences) >= 3
    assert len({p.display_name for p in people}) >= 0.6 * len(people)
    assert sum(not p.display_name.isascii() for p in people) >= 10
    personas = Counter(p.persona for p in people)
    assert personas["advocate"] == 4
    assert personas["detractor"] >= 10
    assert personas["lurker"] >= 30


def test_some_people_share_one_email_across_channels_and_many_give_none(
    dataset: DemoDataset,
) -> None:
    emails = [p.email for p in dataset.participants if p.email]
    assert len(emails) == len(set(emails))
    assert len(emails) <= 0.6 * len(dataset.participants)
    on_several = [p for p in dataset.participants if p.email and len(p.handles) >= 2]
    assert len(on_several) >= 10


# Realism --------------------------------------------------------------------------------------
def test_texts_vary_in_wording_and_length(dataset: DemoDataset) -> None:
    texts = [post.text for post in dataset.posts]
    assert len(set(texts)) >= 0.95 * len(texts)
    lengths = [len(text.split()) for text in texts]
    assert min(lengths) <= 4
    assert max(lengths) >= 40


def test_posts_carry_the_noise_of_social_media(dataset: DemoDataset) -> None:
    chirps = [p.text for p in dataset.posts if p.channel == "chirper"]
    share = {
        "hashtag": sum("#lumio" in t.lower() or "#smarthome" in t for t in chirps) / len(chirps),
        "mention": sum("@LumioSupport" in t for t in chirps) / len(chirps),
        "link": sum("https://" in t for t in chirps) / len(chirps),
        "shouting": sum(t.isupper() for t in chirps) / len(chirps),
        "question": sum("?" in t for t in chirps) / len(chirps),
    }
    assert share["hashtag"] > 0.15
    assert share["mention"] > 0.05
    assert 0 < share["link"] < 0.15
    assert 0 < share["shouting"] < 0.05
    assert share["question"] > 0.1


def test_products_competitors_and_their_aliases_are_all_mentioned(dataset: DemoDataset) -> None:
    text = " ".join(post.text for post in dataset.posts)
    for name in ("Lumio Hub", "the hub", "LumioHub", "Lumio App", "the app", "Lumio mobile app"):
        assert name in text
    for name in ("Brightnest", "Bright Nest", "HomeArc", "Home Arc"):
        assert name in text


def test_about_five_percent_of_posts_are_in_spanish_french_or_german(dataset: DemoDataset) -> None:
    languages = Counter(language(post.text) for post in dataset.posts)
    foreign = languages["es"] + languages["fr"] + languages["de"]
    assert 0.03 * len(dataset.posts) <= foreign <= 0.08 * len(dataset.posts)
    assert min(languages["es"], languages["fr"], languages["de"]) >= 20


def test_everyday_talk_is_about_a_third_negative_neutral_and_positive(dataset: DemoDataset) -> None:
    tones = Counter(tone(post.text) for post in dataset.posts if not post.story)
    total = sum(tones.values())
    assert 0.22 <= tones["negative"] / total <= 0.38
    assert 0.27 <= tones["neutral"] / total <= 0.45
    assert 0.27 <= tones["positive"] / total <= 0.43


def test_weekdays_are_busier_than_weekends_and_volume_grows(dataset: DemoDataset) -> None:
    per_day = daily(post for post in dataset.posts if not post.story)
    weekday = [n for day, n in per_day.items() if day.weekday() < 5]
    weekend = [n for day, n in per_day.items() if day.weekday() >= 5]
    assert statistics.mean(weekday) > 1.2 * statistics.mean(weekend)
    days = sorted(per_day)
    assert sum(per_day[d] for d in days[-30:]) > 1.1 * sum(per_day[d] for d in days[:30])


def test_the_community_has_ideas_questions_with_answers_and_thanks(
    dataset: DemoDataset, by_id: Posts
) -> None:
    community = [p for p in dataset.posts if p.channel == "community"]
    roots = [p for p in community if not p.parent_external_id]
    answered = {p.parent_external_id for p in community if p.parent_external_id}
    questions = [p for p in roots if p.title.endswith("?")]
    assert len(questions) >= 100
    assert sum(q.external_id in answered for q in questions) >= 0.6 * len(questions)
    voted = {vote.post_external_id for vote in dataset.votes}
    assert len(voted) >= 50
    thanks = [p for p in community if p.parent_external_id and "thank" in p.text.lower()]
    assert any(p.author == by_id[("community", p.parent_external_id)].author for p in thanks)


def community_reviews(dataset: DemoDataset) -> list[DemoPost]:
    return [p for p in dataset.posts if p.channel == "community" and p.kind == "review"]


def test_community_reviews_rate_each_product_once_per_person_as_their_words_say(
    dataset: DemoDataset,
) -> None:
    reviews = community_reviews(dataset)
    assert len(reviews) >= 30
    assert {p.product for p in reviews} == {name for name, _ in dataset.products}
    assert all(not p.parent_external_id and p.title and p.story == "" for p in reviews)
    reviewers = [(p.author, p.product) for p in reviews]
    assert len(reviewers) == len(set(reviewers))
    judged = {
        words: [p.rating or 0 for p in reviews if tone(f"{p.title}. {p.text}") == words]
        for words in ("positive", "negative")
    }
    assert set(judged["negative"]) <= {1, 2}
    assert sum(rating >= 3 for rating in judged["positive"]) >= 0.9 * len(judged["positive"])
    helpful = Counter(v.post_external_id for v in dataset.votes if v.kind == "helpful")
    assert sum(p.external_id in helpful for p in reviews) >= 0.5 * len(reviews)


@pytest.mark.parametrize("n_posts", [5000, 20000])
def test_community_thread_titles_repeat_at_most_twice(n_posts: int) -> None:
    generated = generate_demo_dataset(seed=11, end=END, n_posts=n_posts)
    roots = [p for p in generated.posts if p.channel == "community" and not p.parent_external_id]
    titles = Counter(p.title for p in roots)
    assert max(titles.values()) <= 2, titles.most_common(3)
    assert len(titles) >= 0.6 * len(roots)
    # Used-up titles thin the community a little, not away.
    assert len(roots) >= 0.1 * n_posts


def test_accepted_answers_answer_questions_by_someone_else_once_per_question(
    dataset: DemoDataset, by_id: Posts
) -> None:
    community = [p for p in dataset.posts if p.channel == "community"]
    questions = {p.external_id: p for p in community if p.kind == "question"}
    answered = {p.parent_external_id for p in community if p.parent_external_id in questions}
    accepted = [p for p in community if p.accepted]
    assert all(p.parent_external_id in questions for p in accepted)
    assert all(p.author != questions[p.parent_external_id].author for p in accepted)
    assert all("following" not in p.text.lower() for p in accepted)
    solved = Counter(p.parent_external_id for p in accepted)
    assert max(solved.values()) == 1
    assert 0.3 * len(answered) <= len(solved) <= 0.8 * len(answered)
    assert all(by_id[("community", p.parent_external_id)].kind == "question" for p in accepted)


def test_an_asker_thanks_after_the_answer_they_accept(dataset: DemoDataset) -> None:
    community = [p for p in dataset.posts if p.channel == "community"]
    askers = {p.external_id: p.author for p in community if p.kind == "question"}
    accepted = {p.parent_external_id: p for p in community if p.accepted}
    thanks = [
        p
        for p in community
        if p.parent_external_id in accepted
        and askers[p.parent_external_id] == p.author
        and "thank" in p.text.lower()
    ]
    assert len(thanks) >= 20
    assert all(p.created_at > accepted[p.parent_external_id].created_at for p in thanks)


# The four planted stories ---------------------------------------------------------------------
def test_the_outage_is_two_days_of_at_least_four_times_the_usual_negative_posts(
    dataset: DemoDataset,
) -> None:
    first, second = dataset.outage_days
    assert second - first == timedelta(days=1)
    assert 55 <= (first - dataset.start.date()).days <= 60
    assert outage_excess(dataset) >= 4


def test_outage_posts_say_the_hub_is_offline_and_sit_on_the_outage_days(
    dataset: DemoDataset,
) -> None:
    outage = [post for post in dataset.posts if post.story == "outage"]
    assert len(outage) >= 100
    assert {post.created_at.date() for post in outage} <= set(dataset.outage_days)
    texts = " ".join(post.text.lower() for post in outage)
    for phrase in ("offline", "is the hub down?", "not responding", "status page"):
        assert phrase in texts
    assert sum(tone(post.text) == "negative" for post in outage) >= 0.75 * len(outage)


def test_the_popular_idea_gathers_by_far_the_most_votes_over_weeks(
    dataset: DemoDataset, by_id: Posts
) -> None:
    idea = by_id[("community", dataset.popular_idea_external_id)]
    assert idea.story == "idea"
    assert idea.title
    assert not idea.parent_external_id
    votes = [vote for vote in dataset.votes if vote.post_external_id == idea.external_id]
    voters = [vote.participant for vote in votes]
    assert len(voters) >= 120
    assert len(set(voters)) == len(voters)
    assert idea.author not in voters
    assert all(vote.created_at > idea.created_at for vote in votes)
    assert runner_up_votes(dataset) <= 30
    delays = [vote.created_at - idea.created_at for vote in votes]
    assert max(delays) - min(delays) >= timedelta(days=21)
    assert sum(delay > timedelta(days=14) for delay in delays) >= 0.25 * len(delays)


def test_the_popular_idea_draws_supportive_replies(dataset: DemoDataset) -> None:
    replies = [p for p in dataset.posts if p.parent_external_id == dataset.popular_idea_external_id]
    assert len(replies) >= 20
    assert all(p.story == "idea" for p in replies)
    assert sum("+1" in p.text or "please" in p.text.lower() for p in replies) >= 5
    assert len({p.author for p in replies}) >= 0.9 * len(replies)


def test_advocates_post_positively_and_often_help_others_and_get_shared(
    dataset: DemoDataset, by_id: Posts
) -> None:
    people = {person.key: person for person in dataset.participants}
    assert len(dataset.advocate_keys) == 4
    median_shares = statistics.median(post.shares for post in dataset.posts)
    for key in dataset.advocate_keys:
        assert people[key].persona == "advocate"
        assert people[key].audience > 5_000
        posts = [post for post in dataset.posts if post.author == key]
        assert len(posts) >= 15
        assert sum(tone(post.text) == "positive" for post in posts) >= 0.8 * len(posts)
        assert all(post.story == "advocate" for post in posts)
        answers = [
            post
            for post in posts
            if post.channel == "community"
            and post.parent_external_id
            and by_id[("community", post.parent_external_id)].author != key
        ]
        assert len(answers) >= 2
        assert statistics.median(post.shares for post in posts) > 5 * max(median_shares, 1)
        posting_days = sorted({post.created_at.date() for post in posts})
        assert (posting_days[-1] - posting_days[0]).days >= 60


def test_detractors_are_mostly_negative_and_some_are_influential(dataset: DemoDataset) -> None:
    detractors = [p for p in dataset.participants if p.persona == "detractor"]
    keys = {p.key for p in detractors}
    posts = [p for p in dataset.posts if p.author in keys and not p.parent_external_id]
    assert sum(tone(post.text) == "negative" for post in posts) >= 0.6 * len(posts)
    assert any(p.audience > 10_000 for p in detractors)


def test_the_homearc_promotion_triples_its_mentions_for_a_week(dataset: DemoDataset) -> None:
    first, last = dataset.promotion_days
    assert last - first == timedelta(days=6)
    promotion_week = {first + timedelta(days=offset) for offset in range(7)}
    assert not promotion_week & set(dataset.outage_days)
    assert promotion_excess(dataset) >= 3
    promotion = [p for p in dataset.posts if p.story == "promotion"]
    assert all(first <= p.created_at.date() <= last for p in promotion)
    assert sum("switch" in p.text.lower() for p in promotion) >= 5


@pytest.mark.parametrize(
    "sizes",
    [
        {"days": 30, "n_participants": 200, "n_posts": 1000},
        {"days": 120, "n_participants": 450, "n_posts": 8000},
    ],
)
def test_the_stories_stand_out_at_other_sizes_too(sizes: dict[str, int]) -> None:
    generated = generate_demo_dataset(seed=11, end=END, **sizes)
    assert outage_excess(generated) >= 4
    assert promotion_excess(generated) >= 3
    popular = [
        v for v in generated.votes if v.post_external_id == generated.popular_idea_external_id
    ]
    assert len(popular) >= 120
    assert runner_up_votes(generated) <= 30


def outage_excess(dataset: DemoDataset) -> float:
    """The quieter outage day's negative posts, in multiples of a usual day's median."""
    negative = daily(post for post in dataset.posts if tone(post.text) == "negative")
    usual = statistics.median(n for day, n in negative.items() if day not in dataset.outage_days)
    return min(negative[day] for day in dataset.outage_days) / usual


def promotion_excess(dataset: DemoDataset) -> float:
    """Daily posts naming HomeArc during the promotion, in multiples of the rest of the time."""
    first, last = dataset.promotion_days
    mentions = daily(
        p for p in dataset.posts if "homearc" in p.text.lower() or "home arc" in p.text.lower()
    )
    during = sum(n for day, n in mentions.items() if first <= day <= last) / 7
    days_outside = (dataset.end - dataset.start).days - 7
    outside = sum(n for day, n in mentions.items() if not first <= day <= last) / days_outside
    assert outside > 0, "HomeArc should come up in everyday talk as well"
    return during / outside


def runner_up_votes(dataset: DemoDataset) -> int:
    others = Counter(
        v.post_external_id
        for v in dataset.votes
        if v.post_external_id != dataset.popular_idea_external_id
    )
    return max(others.values())


# Phrase banks ---------------------------------------------------------------------------------
def templates_in(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from templates_in(item)
    elif isinstance(value, tuple):
        for item in value:
            yield from templates_in(item)


@pytest.mark.parametrize("module", [_talk, _reviews, _stories, _phrases])
def test_every_template_fills_without_unknown_slots(module: ModuleType) -> None:
    writer = Writer(random.Random(0))
    # Handle styles use their own fields, filled by the participant maker, not the writer.
    banks = [
        value
        for name, value in vars(module).items()
        if name.isupper() and name not in {"HANDLE_STYLES", "NAMES_BY_CULTURE"}
    ]
    templates = [t for bank in banks for t in templates_in(bank)]
    assert templates
    for template in templates:
        filled = writer.fill(template, {"name": "Ana"})
        assert "{" not in filled, template
