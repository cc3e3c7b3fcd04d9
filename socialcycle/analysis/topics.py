"""Topics discovered from the posts themselves.

`TopicModel.fit` clusters sentence embeddings (a sample, so that it stays fast on a large
workspace) by average-linkage agglomeration on cosine distance, cut where the posts of a
cluster are on average no further apart than `cut`. Clusters too small to be a subject are
dissolved; their posts join the nearest cluster when close enough, else stay unplaced. A
cluster holding more than `max_share` of the posts is split again, recursively. Each topic
is named by its most distinctive words and word pairs (class-based TF-IDF: frequent in
this cluster, rare in the others) and keeps one centroid. `assign` places new posts on the
nearest centroid, or on none when nothing is close enough, without clustering again.

Why this and not HDBSCAN (used until 2026-12): on Banking77 held-out queries HDBSCAN left
half the queries as noise and, with them placed afterwards, scored ARI 0.45 against
KMeans-told-k's 0.48; the average-linkage cut scores 0.50 and needs no k (docs/models.md).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

from socialcycle.analysis.stopwords import STOP_WORDS

NO_TOPIC = -1
APOSTROPHE = "\u2019"  # as phones type it
LABEL_MAX_WORDS = 4
LABEL_MAX_TERMS = 3

# What never names a topic: links, handles, placeholders such as __company__, e-mail
# addresses. They are cut out before the words are read, and break word pairs.
_NOT_WORDS = re.compile(
    r"(?:https?://|www\.)\S+|\S+@\S+\.\S+|[@#]?\w*__\w*|@\w+|&\w+;", re.IGNORECASE
)
_PIECES = re.compile(r"\w*\d\w*|[^\W\d_]+(?:['\u2019][^\W\d_]+)*|[.!?;:,()\[\]\"“”|/]+")


@dataclass(frozen=True)
class FoundTopic:
    keywords: tuple[str, ...]
    centroid: NDArray[np.float32]
    size: int

    @property
    def label(self) -> str:
        return topic_label(self.keywords)


class TopicModel:
    """Cluster, describe and assign. Parameters in `__init__`; `fit` learns `topics_`.

    `exclude` holds names that must not name a topic (the workspace's own brand and
    products: nearly every post says them, so they tell one subject from another badly).
    """

    def __init__(
        self,
        cut: float = 0.45,
        min_cluster_size: int | None = None,
        max_sample: int = 5000,
        assign_threshold: float = 0.45,
        max_share: float = 0.2,
        keywords: int = 8,
        exclude: Iterable[str] = (),
        random_state: int = 0,
    ) -> None:
        self.cut = cut
        self.min_cluster_size = min_cluster_size
        self.max_sample = max_sample
        self.assign_threshold = assign_threshold
        self.max_share = max_share
        self.keywords = keywords
        self.exclude = tuple(exclude)
        self.random_state = random_state
        self.topics_: list[FoundTopic] = []
        self.sample_: NDArray[np.int64] = np.arange(0)
        self.sample_topics_: list[int] = []

    def fit(self, texts: Sequence[str], embeddings: NDArray[np.float32]) -> TopicModel:
        """Discover topics in the texts (embeddings: one L2-normalised row per text).

        `sample_` holds the rows clustered and `sample_topics_` the topic of each (or
        NO_TOPIC); texts outside the sample are for `assign`.
        """
        rows = self._sample(len(texts))
        self.sample_ = rows
        min_size = self.min_cluster_size or default_cluster_size(len(rows))
        if len(rows) < max(2 * min_size, 4):
            self.topics_, self.sample_topics_ = [], [NO_TOPIC] * len(rows)
            return self
        sample = embeddings[rows]
        labels = _agglomerate(sample, self.cut, min_size)
        labels = _place_leftovers(sample, labels, self.assign_threshold)
        limit = max(self.max_share * len(rows), 2 * min_size)
        labels = _split_giants(sample, labels, limit, self.cut, min_size, self.random_state)
        members = [np.flatnonzero(labels == k) for k in range(int(labels.max()) + 1)]
        members = [group for group in members if len(group)]
        terms = class_keywords(
            [[texts[rows[i]] for i in group] for group in members], exclude=self.exclude
        )
        self.topics_ = [
            FoundTopic(tuple(terms[k][: self.keywords]), _centroid(sample[group]), len(group))
            for k, group in enumerate(members)
        ]
        placed = np.full(len(rows), NO_TOPIC)
        for k, group in enumerate(members):
            placed[group] = k
        self.sample_topics_ = [int(k) for k in placed]
        return self

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


def default_cluster_size(count: int) -> int:
    """The fewest posts that make a topic: 10 from 1,500 posts up, never below 5."""
    return max(5, min(10, count // 150))


def _agglomerate(rows: NDArray[np.float32], cut: float, min_size: int) -> NDArray[np.int64]:
    """Cluster labels 0..k-1 from an average-linkage tree cut at `cut`; NO_TOPIC for the
    rows of clusters smaller than `min_size`."""
    from scipy.cluster.hierarchy import fcluster, linkage  # noqa: PLC0415 (only when fitting)

    if len(rows) < 2:
        return np.full(len(rows), NO_TOPIC)
    tree = linkage(rows.astype(np.float64), method="average", metric="cosine")
    found = fcluster(tree, cut, criterion="distance") - 1
    sizes = np.bincount(found)
    kept = np.flatnonzero(sizes >= min_size)
    renumber = np.full(len(sizes), NO_TOPIC)
    renumber[kept] = np.arange(len(kept))
    labels: NDArray[np.int64] = renumber[found]
    return labels


def _place_leftovers(
    rows: NDArray[np.float32], labels: NDArray[np.int64], threshold: float
) -> NDArray[np.int64]:
    """Rows of dissolved clusters join the nearest cluster when close enough to it."""
    if labels.max(initial=NO_TOPIC) < 0:
        return labels
    centroids = [_centroid(rows[labels == k]) for k in range(int(labels.max()) + 1)]
    leftover = np.flatnonzero(labels == NO_TOPIC)
    placed = labels.copy()
    placed[leftover] = assign_to_centroids(rows[leftover], centroids, threshold)
    return placed


def _split_giants(
    rows: NDArray[np.float32],
    labels: NDArray[np.int64],
    limit: float,
    cut: float,
    min_size: int,
    random_state: int,
    depth: int = 0,
) -> NDArray[np.int64]:
    """Split every cluster of more than `limit` rows into tighter ones, recursively."""
    result = labels.copy()
    next_label = int(labels.max(initial=NO_TOPIC)) + 1
    for k in range(next_label):
        members = np.flatnonzero(labels == k)
        if len(members) <= limit:
            continue
        parts = _split_one(rows[members], cut * 0.85, min_size, random_state, depth)
        parts = _split_giants(
            rows[members], parts, limit, cut * 0.85, min_size, random_state, depth + 1
        )
        for part in range(1, int(parts.max()) + 1):
            result[members[parts == part]] = next_label
            next_label += 1
        result[members[parts == NO_TOPIC]] = NO_TOPIC
    return result


def _split_one(
    rows: NDArray[np.float32], cut: float, min_size: int, random_state: int, depth: int
) -> NDArray[np.int64]:
    """Labels 0.. for the rows of one giant cluster; every row keeps a part if it can."""
    parts = _agglomerate(rows, cut, min_size) if depth < 4 else np.full(len(rows), NO_TOPIC)
    if parts.max(initial=NO_TOPIC) < 1:  # one part or none: halve it instead
        from sklearn.cluster import KMeans  # noqa: PLC0415

        halves: NDArray[np.int64] = KMeans(
            n_clusters=2, n_init=2, random_state=random_state
        ).fit_predict(rows)
        return halves
    centroids = [_centroid(rows[parts == k]) for k in range(int(parts.max()) + 1)]
    leftover = np.flatnonzero(parts == NO_TOPIC)
    parts[leftover] = assign_to_centroids(rows[leftover], centroids, -1.0)
    return parts


def assign_to_centroids(
    embeddings: NDArray[np.float32], centroids: Sequence[NDArray[np.float32]], threshold: float
) -> list[int]:
    """Nearest centroid by cosine similarity when it reaches `threshold`, else NO_TOPIC."""
    if not centroids or len(embeddings) == 0:
        return [NO_TOPIC] * len(embeddings)
    similarity = embeddings @ np.vstack(centroids).T
    best = similarity.argmax(axis=1)
    return [int(k) if similarity[i, k] >= threshold else NO_TOPIC for i, k in enumerate(best)]


def class_keywords(groups: Sequence[Sequence[str]], exclude: Iterable[str] = ()) -> list[list[str]]:
    """For each group of texts, its words and word pairs ranked by class-based TF-IDF.

    A term counts once per text (one text repeating a word does not make a subject).
    A word pair takes its word's place when it holds at least 40% of the word's uses.
    """
    excluded = excluded_terms(exclude)
    counts = [
        Counter(term for text in group for term in set(terms_of(text, excluded)))
        for group in groups
    ]
    if not counts:
        return []
    average_texts = sum(len(group) for group in groups) / len(groups) or 1.0
    frequency: Counter[str] = Counter()
    for c in counts:
        frequency.update(c)
    ranked = []
    for group, c in zip(groups, counts, strict=True):
        size = len(group) or 1
        least = 2 if size >= 10 else 1
        scores = {
            term: (n / size) * math.log(1 + average_texts / frequency[term])
            for term, n in c.items()
            if n >= least
        }
        ranked.append(_prefer_pairs(sorted(scores, key=lambda t: (-scores[t], t)), c))
    return ranked


def _prefer_pairs(ranked: list[str], counts: Counter[str]) -> list[str]:
    """Move a pair up to its word's place when the pair holds at least 40% of the word's
    uses ("card arrival" rather than "arrival"), and drop what repeats a word already in,
    in any form ("delays" after "delayed")."""
    result: list[str] = []
    used: set[str] = set()
    pairs = [term for term in ranked if " " in term]
    for term in ranked:
        if " " not in term:
            better = [
                pair
                for pair in pairs
                if term in pair.split() and counts[pair] >= 0.4 * counts[term]
            ]
            if better:
                term = better[0]
        stems = [stem(word) for word in term.split()]
        if any(_repeats(s, used) for s in stems):
            continue
        result.append(term)
        used.update(stems)
    return result


def _repeats(root: str, used: set[str]) -> bool:
    """The same root, or one run into another ("deltaairlines" after "delta")."""
    return any(
        root == other
        or (min(len(root), len(other)) >= 4 and (root.startswith(other) or other.startswith(root)))
        for other in used
    )


_SUFFIXES = ("ing", "ed", "es", "s", "ly", "er")


def stem(word: str) -> str:
    """A crude common root, enough to see that "delayed", "delays" and "delay" repeat one
    word; never shown to anyone."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)].rstrip("e")
    return word.rstrip("e")


def topic_label(terms: Sequence[str]) -> str:
    """Two to four words from the top terms, joined by " / " (no word twice)."""
    chosen: list[str] = []
    words = 0
    for term in terms[: LABEL_MAX_TERMS * 3]:
        length = len(term.split())
        if words + length > LABEL_MAX_WORDS:
            continue
        chosen.append(term)
        words += length
        if words >= 3 or len(chosen) == LABEL_MAX_TERMS:
            break
    return " / ".join(chosen) or "(no words)"


def excluded_terms(names: Iterable[str]) -> frozenset[str]:
    """Words and pairs that stand for the given names: each name as written (lower case,
    a pair if two words), run together ("lumioapp"), and a one-word name's word."""
    terms: set[str] = set()
    for name in names:
        words = [w for w in re.findall(r"[^\W_]+", name.lower()) if w]
        if not words:
            continue
        terms.add("".join(words))
        if len(words) == 1:
            terms.add(words[0])
        if len(words) == 2:
            terms.add(" ".join(words))
    return frozenset(terms)


def terms_of(text: str, excluded: frozenset[str] = frozenset()) -> list[str]:
    """The words (three letters or more, no stop words, numbers, handles or links) of a
    text, and its pairs of words written side by side ("exchange rate", "lost luggage")."""
    runs: list[list[str]] = [[]]
    for piece in _PIECES.findall(_NOT_WORDS.sub(" | ", text)):
        if not piece.replace("'", "").replace(APOSTROPHE, "").isalpha():
            runs.append([])
            continue
        word = piece.lower().replace(APOSTROPHE, "'")
        word = word.removesuffix("'s")
        if word in STOP_WORDS or len(word) < 3 or "'" in word or word in excluded:
            runs.append([])
            continue
        runs[-1].append(word)
    terms = [word for run in runs for word in run]
    for run in runs:
        terms += [f"{a} {b}" for a, b in pairwise(run) if a != b and f"{a} {b}" not in excluded]
    return terms


def _centroid(rows: NDArray[np.float32]) -> NDArray[np.float32]:
    mean = rows.mean(axis=0)
    norm = float(np.linalg.norm(mean)) or 1.0
    centroid: NDArray[np.float32] = (mean / norm).astype(np.float32)
    return centroid
