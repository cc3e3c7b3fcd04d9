"""Topics: clusters found, named by their distinctive words, new texts placed or left out."""

import numpy as np

from socialcycle.analysis.stopwords import STOP_WORDS
from socialcycle.analysis.topic_evaluation import label_problems
from socialcycle.analysis.topics import NO_TOPIC, TopicModel, class_keywords, terms_of, topic_label


def blobs(centres, per_centre, scale=0.05, seed=0, dims=8):
    """Unit vectors scattered around each centre, in order."""
    rng = np.random.default_rng(seed)
    rows = []
    for centre, count in zip(centres, per_centre, strict=True):
        for _ in range(count):
            vector = centre + rng.normal(scale=scale, size=dims).astype(np.float32)
            rows.append(vector / np.linalg.norm(vector))
    return np.vstack(rows).astype(np.float32)


def clustered(n_per_topic=40, seed=0):
    words = [
        "battery drains overnight battery charger",
        "delivery courier parcel late delivery",
        "invoice billing charged twice refund invoice",
    ]
    texts = [f"{words[k]} case {i}" for k in range(3) for i in range(n_per_topic)]
    return texts, blobs(np.eye(8, dtype=np.float32)[:3], [n_per_topic] * 3, seed=seed)


def test_three_planted_topics_are_found_with_their_words():
    texts, embeddings = clustered()
    model = TopicModel(min_cluster_size=10, max_share=1.0).fit(texts, embeddings)
    assert len(model.topics_) == 3
    found = [{w for term in topic.keywords[:3] for w in term.split()} for topic in model.topics_]
    for subject in ["battery", "delivery", "invoice"]:
        assert sum(subject in words for words in found) == 1, found
    assert sum(topic.size for topic in model.topics_) <= len(texts)


def test_new_posts_join_the_nearest_topic_or_none():
    texts, embeddings = clustered()
    model = TopicModel(min_cluster_size=10, max_share=1.0).fit(texts, embeddings)
    far = np.zeros((1, 8), dtype=np.float32)
    far[0, 7] = 1.0
    placed = model.assign(np.vstack([embeddings[:1], far]))
    assert placed[0] != NO_TOPIC
    assert placed[1] == NO_TOPIC


def test_too_few_texts_give_no_topics_rather_than_noise():
    texts, embeddings = clustered(n_per_topic=3)
    assert TopicModel(min_cluster_size=10, max_share=1.0).fit(texts, embeddings).topics_ == []


def test_keywords_prefer_words_distinctive_of_the_group():
    ranked = class_keywords(
        [["app crash crash login", "app crash"], ["app price price", "app price"]]
    )
    assert "crash" in ranked[0][0].split()
    assert "price" in ranked[1][0].split()
    assert ranked[0][0] != "app"


# A small generated corpus written the way customers write to a brand on social media:
# handles, links, numbers, the brand's own names and plenty of stop words.
LUGGAGE = [
    "@SkyBlue my luggage is lost again!! http://t.co/abc123 flight SB{n} from Oslo",
    "@SkyBlue lost luggage at the airport, nobody at the desk https://skyblue.example/help",
    "Hey @SkyBlue_Help where is my lost luggage?? 2 days now #SkyBlue",
    "SkyBlue Airways lost my luggage on flight {n}, what do I do with no clothes",
    "Still no news about my lost luggage @SkyBlue, it was on SB{n} www.skyblue.example",
]
REFUND = [
    "@SkyBlue I want a refund for the cancelled flight {n} http://t.co/x",
    "Cancelled flight and no refund yet from SkyBlue, it has been {n} days",
    "@SkyBlue_Help refund request for cancelled flight SB{n} still pending",
    "How long does a refund take after a cancelled flight? @SkyBlue {n}",
    "SkyBlue Airways owes me a refund for my cancelled flight, booking {n}",
]
BRAND = ["SkyBlue", "SkyBlue Airways", "@SkyBlue_Help"]


def airline_corpus(per_template=8):
    texts = [t.format(n=400 + i) for t in LUGGAGE for i in range(per_template)]
    texts += [t.format(n=500 + i) for t in REFUND for i in range(per_template)]
    return texts


def test_labels_have_no_handles_links_numbers_stop_words_or_own_names():
    texts = airline_corpus()
    half = len(texts) // 2
    embeddings = blobs(np.eye(8, dtype=np.float32)[:2], [half, half], seed=3)
    model = TopicModel(exclude=BRAND).fit(texts, embeddings)
    labels = sorted(topic.label for topic in model.topics_)
    assert labels
    assert [label for label in labels if label_problems(label)] == []
    for label in labels:
        words = [w for term in label.split(" / ") for w in term.split()]
        assert 2 <= len(words) <= 4, label
        assert not {w for w in words if "skyblue" in w or w in {"http", "com", "help"}}
        assert len({w.rstrip("s") for w in words}) == len(words)  # no word twice
        assert not set(words) & STOP_WORDS
    assert any("lost luggage" in label for label in labels), labels  # a pair people say
    assert any("refund" in label for label in labels), labels


def test_terms_leave_out_links_handles_numbers_and_break_pairs_there():
    terms = terms_of(
        "@Acme my order A1234 never came http://t.co/x order tracking, 3 times!", frozenset()
    )
    assert "order tracking" in terms
    assert "order" in terms
    assert not [t for t in terms if any(c.isdigit() for c in t) or "acme" in t or "http" in t]
    assert "came order" not in terms  # the link between them breaks the pair


def test_a_label_is_two_to_four_words_and_never_repeats_a_word():
    assert topic_label(["exchange rate", "currency", "fees"]) == "exchange rate / currency"
    assert topic_label(["lost luggage", "missing bags", "refund"]) == "lost luggage / missing bags"
    assert topic_label([]) == "(no words)"


def test_a_giant_topic_is_split_until_none_holds_more_than_the_share():
    # One subject holds 70% of the texts, itself made of three nearby sub-subjects.
    base = np.eye(8, dtype=np.float32)
    near = [base[0] + 0.35 * base[k] for k in (5, 6, 7)]
    centres = [*near, base[1], base[2]]
    sizes = [70, 70, 70, 45, 45]
    texts = [f"word{k} text" for k, size in enumerate(sizes) for _ in range(size)]
    embeddings = blobs(centres, sizes, scale=0.12, seed=5)
    wide = TopicModel(cut=0.6, min_cluster_size=10, max_share=1.0).fit(texts, embeddings)
    assert max(topic.size for topic in wide.topics_) > 0.5 * len(texts)  # it is a giant
    model = TopicModel(cut=0.6, min_cluster_size=10, max_share=0.2).fit(texts, embeddings)
    sizes_found = [topic.size for topic in model.topics_]
    assert max(sizes_found) <= 0.2 * len(texts) + 1
    assert sum(sizes_found) >= 0.9 * len(texts)  # split, not dropped
