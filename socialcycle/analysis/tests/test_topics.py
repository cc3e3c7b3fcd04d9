"""Topics: clusters found, named by their distinctive words, new texts placed or left out."""

import numpy as np

from socialcycle.analysis.topics import NO_TOPIC, TopicModel, class_keywords


def clustered(n_per_topic=40, seed=0):
    rng = np.random.default_rng(seed)
    centres = np.eye(8, dtype=np.float32)[:3]
    rows, texts = [], []
    words = [
        "battery drains overnight battery charger",
        "delivery courier parcel late delivery",
        "invoice billing charged twice refund invoice",
    ]
    for k, centre in enumerate(centres):
        for i in range(n_per_topic):
            vector = centre + rng.normal(scale=0.05, size=8).astype(np.float32)
            rows.append(vector / np.linalg.norm(vector))
            texts.append(f"{words[k]} case {i}")
    return texts, np.vstack(rows).astype(np.float32)


def test_three_planted_topics_are_found_with_their_words():
    texts, embeddings = clustered()
    model = TopicModel(min_cluster_size=10).fit(texts, embeddings)
    assert len(model.topics_) == 3
    first_words = sorted(topic.keywords[0] for topic in model.topics_)
    assert first_words == ["battery", "delivery", "invoice"]
    assert sum(topic.size for topic in model.topics_) <= len(texts)


def test_new_posts_join_the_nearest_topic_or_none():
    texts, embeddings = clustered()
    model = TopicModel(min_cluster_size=10).fit(texts, embeddings)
    far = np.zeros((1, 8), dtype=np.float32)
    far[0, 7] = 1.0
    placed = model.assign(np.vstack([embeddings[:1], far]))
    assert placed[0] != NO_TOPIC
    assert placed[1] == NO_TOPIC


def test_too_few_texts_give_no_topics_rather_than_noise():
    texts, embeddings = clustered(n_per_topic=3)
    assert TopicModel(min_cluster_size=10).fit(texts, embeddings).topics_ == []


def test_keywords_prefer_words_distinctive_of_the_group():
    ranked = class_keywords(
        [["app crash crash login", "app crash"], ["app price price", "app price"]]
    )
    assert ranked[0][0] == "crash"
    assert ranked[1][0] == "price"
