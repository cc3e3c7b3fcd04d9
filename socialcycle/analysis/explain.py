"""Why a head said what it said: the words that pushed a linear head's decision.

For the sentiment head, each word or word pair of the text gets its weight towards
positive minus its weight towards negative (hashed n-gram weight x idf). The embedding's
share cannot be split into words and is left out, so this shows the evidence in the words,
not the whole decision.
"""

from __future__ import annotations

from dataclasses import dataclass

from socialcycle.analysis.features import TOKENS, TextFeatures
from socialcycle.analysis.heads import LinearHead
from socialcycle.analysis.stopwords import STOP_WORDS


@dataclass(frozen=True)
class Evidence:
    term: str
    weight: float  # > 0 pushed towards positive, < 0 towards negative


def sentiment_evidence(
    text: str,
    features: TextFeatures,
    head: LinearHead,
    top: int = 3,
    towards: str | None = None,
) -> list[Evidence]:
    """The strongest positive and negative word evidence in `text`, strongest first; with
    `towards` ("positive" or "negative": the decision), only the evidence that pushed that
    way, so a reader sees why it was decided and not the words it was decided against.
    Words too common to mean anything alone ("by", "of the") are never evidence."""
    if not features.ngrams or features.idf_ is None or not text.strip():
        return []
    from sklearn.feature_extraction.text import HashingVectorizer  # noqa: PLC0415
    from sklearn.utils import murmurhash3_32  # noqa: PLC0415

    words = HashingVectorizer(ngram_range=(1, 2), token_pattern=TOKENS).build_analyzer()
    chars = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()
    direction = (
        head.coef_[head.classes_.index("positive")] - head.coef_[head.classes_.index("negative")]
    )
    buckets = 2**features.hash_bits

    def weight(term: str, offset: int) -> float:
        index = offset + abs(murmurhash3_32(term, positive=False)) % buckets
        return float(direction[index] * features.idf_[index])  # type: ignore[index]

    weights = {}
    for term in set(words(text)):
        if not readable(term):
            continue
        # A word's evidence: the word itself plus the character pieces it is made of.
        pieces = chars(term) if " " not in term else []
        weights[term] = weight(term, 0) + sum(weight(piece, buckets) for piece in pieces)
    ranked = sorted(weights.items(), key=lambda item: -abs(item[1]))
    positive = [Evidence(t, round(w, 3)) for t, w in ranked if w > 0][:top]
    negative = [Evidence(t, round(w, 3)) for t, w in ranked if w < 0][:top]
    if towards == "positive":
        negative = []
    elif towards == "negative":
        positive = []
    return sorted(positive + negative, key=lambda evidence: -abs(evidence.weight))


def readable(term: str) -> bool:
    """Whether a word or word pair says something to a reader: no punctuation in it
    ("answers ,"), and not only words too common to mean anything alone ("by", "of the",
    "a")."""
    pieces = term.split()
    if any(not any(character.isalnum() for character in piece) for piece in pieces):
        return False
    return not all(piece in STOP_WORDS or len(piece) == 1 for piece in pieces)


def as_rows(evidence: list[Evidence]) -> list[dict[str, object]]:
    return [{"term": item.term, "weight": item.weight} for item in evidence]
