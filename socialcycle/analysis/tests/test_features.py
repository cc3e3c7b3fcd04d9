"""N-gram counts: hashed once per batch and shared, yet exactly what each head would hash."""

import numpy as np
import pytest
from scipy.sparse import hstack
from sklearn.feature_extraction.text import HashingVectorizer

from socialcycle.analysis.features import TOKENS, NgramCounts, fold_counts, hashed_counts

TEXTS = [
    "I love the hub, it works great!!! :)",
    "The hub is down AGAIN   and support never answers 😡😡",
    "ΟΔΟΣ ΣΟΦΙΑΣ: final sigma depends on the word around it",
    "İSTANBUL'da ǅemal ﬁne Straße",
    "tabs\tand\u00a0no-break\u2003spaces  and\n\nnew lines",
    "x" * 400,
    "kya baat hai bhai, the hub is the best",
    "a b c",
]


def scikit_learn_counts(texts, hash_bits):
    """What hashed_counts computed before it hashed each word once: two vectorizers."""
    options = {"n_features": 2**hash_bits, "alternate_sign": False, "norm": None}
    words = HashingVectorizer(ngram_range=(1, 2), token_pattern=TOKENS, **options)
    chars = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 5), **options)
    return hstack([words.transform(texts), chars.transform(texts)], format="csr")


def assert_same_counts(ours, theirs):
    assert ours.shape == theirs.shape
    assert ours.dtype == theirs.dtype
    assert np.array_equal(ours.indptr, theirs.indptr)
    assert np.array_equal(ours.indices, theirs.indices)
    assert np.array_equal(ours.data, theirs.data)


@pytest.mark.parametrize("hash_bits", [15, 18])
def test_hashing_each_word_once_gives_scikit_learns_counts(hash_bits):
    assert_same_counts(hashed_counts(TEXTS, hash_bits), scikit_learn_counts(TEXTS, hash_bits))


def test_texts_of_white_space_only_have_no_counts():
    assert_same_counts(hashed_counts([" ", "\t\n"], 15), scikit_learn_counts([" ", "\t\n"], 15))


def test_counts_folded_to_fewer_bits_equal_counts_hashed_at_those_bits():
    assert_same_counts(fold_counts(hashed_counts(TEXTS, 18), 15), hashed_counts(TEXTS, 15))


def test_counts_cannot_be_folded_to_more_bits():
    with pytest.raises(ValueError, match="cannot be folded to 18 bits"):
        fold_counts(hashed_counts(TEXTS, 15), 18)


def test_shared_counts_hash_once_and_serve_every_width():
    counts = NgramCounts(TEXTS, [18, 18, 15])
    widest = counts.at(18)
    assert counts.at(18) is widest  # the second head of 18 bits reuses the first's
    assert_same_counts(counts.at(15), hashed_counts(TEXTS, 15))
    assert_same_counts(widest, hashed_counts(TEXTS, 18))
