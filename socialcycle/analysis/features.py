"""What the heads read: the sentence embedding, optionally beside word and character
n-grams (hashed, so there is no vocabulary to store; TF-IDF weights learnt in `fit`).

Embeddings carry meaning; n-grams carry the exact words, emoticons and spellings that
embeddings blur. The model card of each head says which it uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from socialcycle.analysis.heads import load_arrays, save_arrays
from socialcycle.analysis.kind_cues import cue_features

# Words, and runs of punctuation or emoji (":)", "!!!", "😡") as tokens of their own.
TOKENS = r"(?u)\b\w+\b|[^\w\s]+"


def no_embeddings(count: int) -> NDArray[np.float32]:
    """For heads that read n-grams only: an embedding of width zero per text."""
    return np.zeros((count, 0), dtype=np.float32)


FIRST_PASSAGE = "first"  # the embedding of the text's first 128 tokens
WHOLE_TEXT = "whole"  # the mean of the embeddings of its passages (encoder.whole_text)


class TextFeatures:
    """Embeddings (scaled by `embedding_weight`) plus, when `ngrams`, TF-IDF of n-grams and,
    when `cues`, the feedback-kind phrase cues (kind_cues.py, scaled by `cue_weight`).

    `pooling` says which embedding the head was trained on: the first passage's, which every
    head shares, or the whole text's, which costs one more encoding per extra passage of a
    long post; the pipeline hands each head the one it names.
    """

    def __init__(
        self,
        ngrams: bool = False,
        embedding_weight: float = 1.0,
        hash_bits: int = 18,
        cues: bool = False,
        cue_weight: float = 1.0,
        pooling: str = FIRST_PASSAGE,
    ) -> None:
        self.ngrams = ngrams
        self.embedding_weight = embedding_weight
        self.hash_bits = hash_bits
        self.cues = cues
        self.cue_weight = cue_weight
        self.pooling = pooling
        self.idf_: NDArray[np.float32] | None = None

    def fit(self, texts: Sequence[str], counts: Any = None) -> TextFeatures:
        """Learn the n-grams' weights; `counts` = `hashed_counts(texts)` when already known."""
        if self.ngrams:
            if counts is None:
                counts = hashed_counts(texts, self.hash_bits)
            document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
            n = counts.shape[0]
            self.idf_ = (np.log((1 + n) / (1 + document_frequency)) + 1).astype(np.float32)
        return self

    def transform(
        self, texts: Sequence[str], embeddings: NDArray[np.float32], counts: Any = None
    ) -> Any:
        dense = embeddings * self.embedding_weight
        if self.cues:
            dense = np.hstack([dense, cue_features(texts) * self.cue_weight])
        if not self.ngrams:
            return dense
        if self.idf_ is None:
            raise RuntimeError("TextFeatures.fit must run before transform when ngrams=True")
        from scipy.sparse import csr_matrix, hstack  # noqa: PLC0415

        counts = hashed_counts(texts, self.hash_bits) if counts is None else counts.copy()
        counts.data = np.log1p(counts.data)  # sublinear term frequency
        weighted = counts.multiply(self.idf_).tocsr()
        norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1))).ravel()
        norms[norms == 0] = 1.0
        weighted = weighted.multiply(1 / norms[:, None]).tocsr()
        return hstack([weighted, csr_matrix(dense)], format="csr")

    def save(self, path: Path) -> None:
        arrays = {} if self.idf_ is None else {"idf": self.idf_}
        save_arrays(
            path,
            arrays,
            {
                "ngrams": self.ngrams,
                "embedding_weight": self.embedding_weight,
                "hash_bits": self.hash_bits,
                "cues": self.cues,
                "cue_weight": self.cue_weight,
                "pooling": self.pooling,
            },
        )

    @classmethod
    def load(cls, path: Path) -> TextFeatures:
        arrays, meta = load_arrays(path)
        features = cls(
            ngrams=bool(meta["ngrams"]),
            embedding_weight=float(meta["embedding_weight"]),
            hash_bits=int(meta.get("hash_bits", 18)),
            cues=bool(meta.get("cues", False)),
            cue_weight=float(meta.get("cue_weight", 1.0)),
            pooling=str(meta.get("pooling", FIRST_PASSAGE)),
        )
        if "idf" in arrays:
            features.idf_ = arrays["idf"].astype(np.float32)
        return features


class NgramCounts:
    """One batch's hashed n-gram counts, hashed once and shared by every head that reads them.

    The hashing is the dear part of n-gram features (a Python loop over every character
    n-gram), and the sentiment, emotion and offensive heads read the same texts. A head of
    fewer `hash_bits` gets the counts folded from the widest: a hash's column modulo 2**b is
    its column modulo 2**B modulo 2**b, so folding gives exactly what hashing at b bits gives.
    """

    def __init__(self, texts: Sequence[str], hash_bits: Sequence[int]) -> None:
        self.texts = texts
        self.widest = max(hash_bits, default=0)
        self._counts: dict[int, Any] = {}

    def at(self, hash_bits: int) -> Any:
        """The counts hashed into 2 x 2**hash_bits columns (as `hashed_counts` gives them)."""
        if hash_bits not in self._counts:
            if hash_bits >= self.widest:
                self._counts[hash_bits] = hashed_counts(self.texts, hash_bits)
            else:
                self._counts[hash_bits] = fold_counts(self.at(self.widest), hash_bits)
        return self._counts[hash_bits]


def fold_counts(counts: Any, hash_bits: int) -> Any:
    """`hashed_counts` at more bits folded to `hash_bits` (the same counts, exactly)."""
    from scipy.sparse import csr_matrix  # noqa: PLC0415

    width = counts.shape[1] // 2  # each half (words, then characters) is 2**bits wide
    if width & (width - 1) or width < 2**hash_bits:
        raise ValueError(f"counts of width {counts.shape[1]} cannot be folded to {hash_bits} bits")
    half = counts.indices >= width
    low = counts.indices & (2**hash_bits - 1)
    indices = np.where(half, low + 2**hash_bits, low).astype(counts.indices.dtype)
    folded = csr_matrix(
        (counts.data.copy(), indices, counts.indptr.copy()),
        shape=(counts.shape[0], 2 * 2**hash_bits),
    )
    folded.sum_duplicates()  # also sorts each row's columns, as hashing leaves them
    return folded


def hashed_counts(texts: Sequence[str], hash_bits: int) -> Any:
    """Word 1-2-gram and character 2-5-gram counts, hashed into 2 x 2**hash_bits columns."""
    from scipy.sparse import hstack  # noqa: PLC0415
    from sklearn.feature_extraction.text import HashingVectorizer  # noqa: PLC0415

    options: dict[str, Any] = {
        "n_features": 2**hash_bits,
        "alternate_sign": False,
        "norm": None,
        "lowercase": True,
    }
    words = HashingVectorizer(ngram_range=(1, 2), token_pattern=TOKENS, **options)
    chars = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 5), **options)
    return hstack([words.transform(texts), _char_counts(chars, texts)], format="csr")


def _char_counts(chars: Any, texts: Sequence[str]) -> Any:
    """`chars.transform(texts)`, hashing each distinct word once rather than every time.

    Character n-grams (`char_wb`) never cross a word's edge: a text's counts are the sum of
    its words' (the lowercased text split on white space, as scikit-learn splits it), so the
    batch's distinct words are hashed as texts of their own and added up per text.
    """
    from scipy.sparse import csr_matrix  # noqa: PLC0415

    vocabulary: dict[str, int] = {}
    columns: list[int] = []
    indptr = [0]
    for text in texts:
        for word in text.lower().split():
            columns.append(vocabulary.setdefault(word, len(vocabulary)))
        indptr.append(len(columns))
    if not vocabulary:  # white space only: no n-grams at all
        return csr_matrix((len(texts), chars.n_features), dtype=np.float64)
    occurrences = csr_matrix(
        (np.ones(len(columns)), np.asarray(columns, dtype=np.int64), np.asarray(indptr)),
        shape=(len(texts), len(vocabulary)),
    )
    by_word = chars.set_params(lowercase=False).transform(list(vocabulary))
    counts = (occurrences @ by_word).tocsr()
    counts.sum_duplicates()  # sorted columns, as hashing leaves them
    return counts
