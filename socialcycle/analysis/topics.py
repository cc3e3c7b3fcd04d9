"""Topics discovered from the posts themselves.

`TopicModel.fit` clusters sentence embeddings with HDBSCAN (a sample, reduced to 20
dimensions with PCA, so that it stays fast on a large workspace and finds more than one
giant cluster), names each cluster by its most distinctive words (class-based
TF-IDF: words frequent in this cluster and rare in the others) and keeps one centroid per
topic. `assign` then places new posts on the nearest centroid, or on none when nothing is
close enough, without clustering everything again.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from socialcycle.analysis.stopwords import STOP_WORDS

WORD = re.compile(r"[a-zA-Z][a-zA-Z'-]{2,}")
NO_TOPIC = -1


@dataclass(frozen=True)
class FoundTopic:
    keywords: tuple[str, ...]
    centroid: NDArray[np.float32]
    size: int

    @property
    def label(self) -> str:
        return " / ".join(self.keywords[:3]) or "(no words)"


class TopicModel:
    """Cluster, describe and assign. Parameters in `__init__`; `fit` learns `topics_`."""

    def __init__(
        self,
        min_cluster_size: int = 15,
        max_sample: int = 5000,
        assign_threshold: float = 0.45,
        keywords: int = 8,
        reduce_to: int = 20,
        random_state: int = 0,
    ) -> None:
        self.min_cluster_size = min_cluster_size
        self.reduce_to = reduce_to
        self.max_sample = max_sample
        self.assign_threshold = assign_threshold
        self.keywords = keywords
        self.random_state = random_state
        self.topics_: list[FoundTopic] = []

    def fit(self, texts: Sequence[str], embeddings: NDArray[np.float32]) -> TopicModel:
        """Discover topics in the texts (embeddings: one L2-normalised row per text)."""
        from sklearn.cluster import HDBSCAN  # noqa: PLC0415 (only when discovering)

        rows = self._sample(len(texts))
        if len(rows) < max(2 * self.min_cluster_size, 4):
            self.topics_ = []
            return self
        sample = embeddings[rows]
        clusterer = HDBSCAN(
            min_cluster_size=self.min_cluster_size,
            min_samples=max(2, self.min_cluster_size // 3),
            metric="euclidean",  # on unit vectors this orders neighbours as cosine does
            cluster_selection_method="leaf",
            copy=True,
        )
        labels = clusterer.fit_predict(self._reduced(sample))
        members = [np.flatnonzero(labels == k) for k in range(int(labels.max()) + 1)]
        words = class_keywords([[texts[rows[i]] for i in group] for group in members])
        self.topics_ = [
            FoundTopic(tuple(words[k][: self.keywords]), _centroid(sample[group]), len(group))
            for k, group in enumerate(members)
        ]
        return self

    def _reduced(self, sample: NDArray[np.float32]) -> NDArray[np.float32]:
        """The sample in fewer dimensions: density clustering works poorly in 384 of them.

        Measured on the demo's posts: in 384 dimensions HDBSCAN found 2 to 5 topics, one of
        them most of the posts; in 20 (PCA), 40 readable topics, and 20 times faster.
        Centroids and assignment stay in the full space.
        """
        from sklearn.decomposition import PCA  # noqa: PLC0415

        dims = min(self.reduce_to, sample.shape[1], sample.shape[0] - 1)
        if dims >= sample.shape[1]:
            return sample
        reduced = PCA(dims, random_state=self.random_state).fit_transform(sample)
        norms = np.clip(np.linalg.norm(reduced, axis=1, keepdims=True), 1e-12, None)
        result: NDArray[np.float32] = (reduced / norms).astype(np.float32)
        return result

    def assign(self, embeddings: NDArray[np.float32]) -> list[int]:
        """Index into `topics_` of the nearest topic for each row, or NO_TOPIC."""
        return assign_to_centroids(
            embeddings, [topic.centroid for topic in self.topics_], self.assign_threshold
        )

    def _sample(self, count: int) -> NDArray[np.int64]:
        if count <= self.max_sample:
            return np.arange(count)
        rng = np.random.default_rng(self.random_state)
        return np.sort(rng.choice(count, size=self.max_sample, replace=False))


def assign_to_centroids(
    embeddings: NDArray[np.float32], centroids: Sequence[NDArray[np.float32]], threshold: float
) -> list[int]:
    """Nearest centroid by cosine similarity when it reaches `threshold`, else NO_TOPIC."""
    if not centroids or len(embeddings) == 0:
        return [NO_TOPIC] * len(embeddings)
    similarity = embeddings @ np.vstack(centroids).T
    best = similarity.argmax(axis=1)
    return [int(k) if similarity[i, k] >= threshold else NO_TOPIC for i, k in enumerate(best)]


def class_keywords(groups: Sequence[Sequence[str]]) -> list[list[str]]:
    """For each group of texts, its words ranked by class-based TF-IDF."""
    counts = [Counter(word for text in group for word in _words(text)) for group in groups]
    if not counts:
        return []
    average_words = sum(sum(c.values()) for c in counts) / len(counts) or 1.0
    frequency: Counter[str] = Counter()
    for c in counts:
        frequency.update(c)
    ranked = []
    for c in counts:
        total = sum(c.values()) or 1
        scores = {
            word: (n / total) * math.log(1 + average_words / frequency[word])
            for word, n in c.items()
            if n >= 2 or len(c) < 20
        }
        ranked.append(sorted(scores, key=lambda word: (-scores[word], word)))
    return ranked


def _words(text: str) -> list[str]:
    return [w for w in (m.lower() for m in WORD.findall(text)) if w not in STOP_WORDS]


def _centroid(rows: NDArray[np.float32]) -> NDArray[np.float32]:
    mean = rows.mean(axis=0)
    norm = float(np.linalg.norm(mean)) or 1.0
    centroid: NDArray[np.float32] = (mean / norm).astype(np.float32)
    return centroid
