"""Rule-based baselines: sentiment from word lists, feedback kinds from cue phrases.

They need no training and explain themselves, which makes them the reference every
trained model must beat. Each takes a list of texts and returns a list (batch-first).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from socialcycle.analysis import _words
from socialcycle.analysis.labels import FeedbackKind, Sentiment

APOSTROPHE = "\u2019"
TOKEN = re.compile(rf"[\w'{APOSTROPHE}*]+", re.UNICODE)


def tokenize(text: str) -> list[str]:
    return [token.lower().replace(APOSTROPHE, "'") for token in TOKEN.findall(text)]


class LexiconSentimentClassifier:
    """Counts positive and negative words, flipping after a negation; score in [-1, 1]."""

    version = "lexicon-1"

    def __init__(self, threshold: float = 0.2) -> None:
        self.threshold = threshold

    def score(self, texts: Sequence[str]) -> list[float]:
        return [self._score_one(text) for text in texts]

    def predict(self, texts: Sequence[str]) -> list[str]:
        return [self._label(score) for score in self.score(texts)]

    def _label(self, score: float) -> str:
        if score >= self.threshold:
            return Sentiment.POSITIVE
        if score <= -self.threshold:
            return Sentiment.NEGATIVE
        return Sentiment.NEUTRAL

    def _score_one(self, text: str) -> float:
        tokens = tokenize(text)
        total = 0.0
        for index, token in enumerate(tokens):
            polarity = (token in _words.POSITIVE) - (token in _words.NEGATIVE)
            if not polarity:
                continue
            window = tokens[max(0, index - 3) : index]
            if any(word in _words.NEGATIONS for word in window):
                polarity = -polarity
            weight = 1.5 if window and window[-1] in _words.INTENSIFIERS else 1.0
            total += polarity * weight
        total += sum(char in _words.POSITIVE_EMOJI for char in text)
        total -= sum(char in _words.NEGATIVE_EMOJI for char in text)
        if text.count("!") >= 3 and total < 0:
            total -= 1
        # Dividing by the square root of the length keeps long reviews from saturating.
        return math.tanh(total / math.sqrt(max(len(tokens), 1)) * 1.5)


KIND_CUES: dict[str, tuple[str, ...]] = {
    FeedbackKind.IDEA: (
        r"\bwould (be )?(love|nice|great)\b",
        r"\bplease add\b",
        r"\bfeature request\b",
        r"\bwish (it|you|there)\b",
        r"\bidea\b",
        r"\bcould you (add|make|let)\b",
        r"\bit would help\b",
        r"\bsuggest",
    ),
    FeedbackKind.EARLY_WARNING: (
        r"\b(is|are|went) (down|offline)\b",
        r"\boutage\b",
        r"\bnot (working|responding|connecting)\b",
        r"\bstopped working\b",
        r"\bafter the (latest )?(update|firmware)\b",
        r"\bkeeps? (crashing|disconnecting|dropping)\b",
        r"\banyone else\b",
    ),
    FeedbackKind.TESTIMONIAL: (
        r"\bhighly recommend\b",
        r"\bbest (purchase|smart home|thing)\b",
        r"\bchanged (my|our) (life|home|routine)\b",
        r"\bcan't imagine\b",
        r"\bmy (favourite|favorite)\b",
    ),
    FeedbackKind.MARKET_EXPANSION: (
        r"\b(we|i) use (it|the hub|lumio) (in|for|at)\b",
        r"\b(classroom|hotel|airbnb|office|clinic|nursing home|elderly|grandma|grandpa)\b",
        r"\bfor (my|our) (business|shop|store|school|tenants)\b",
    ),
    FeedbackKind.SERVICE_TIP: (
        r"\b(tip|pro tip|workaround)\b",
        r"\bwhat worked for me\b",
        r"\btry (resetting|unplugging|turning|holding)\b",
        r"\bhere'?s how\b",
        r"\byou (can|need to) (go to|open|hold|reset)\b",
    ),
    FeedbackKind.PUBLIC_POLICY: (
        r"\b(law|legislation|regulation|regulator|government|congress|parliament)\b",
        r"\bright to repair\b",
        r"\b(gdpr|privacy law|rebate|subsid)",
    ),
    FeedbackKind.COMPETITIVE: (
        r"\bswitch(ed|ing)? to\b",
        r"\b(better|cheaper) than\b",
        r"\bcompared to\b",
        r"\bvs\.?\b",
    ),
    FeedbackKind.QUESTION: (
        r"\?\s*$",
        r"^(how|what|why|does|can|is|where|when) ",
        r"\banyone know\b",
    ),
    FeedbackKind.COMPLAINT: (r"\brefund\b", r"\bunacceptable\b", r"\bwaste of money\b"),
    FeedbackKind.PRAISE: (r"\bthank(s| you)\b", r"\blove\b", r"\bgreat job\b"),
}

COMPILED_CUES = {
    kind: tuple(re.compile(pattern, re.IGNORECASE | re.MULTILINE) for pattern in patterns)
    for kind, patterns in KIND_CUES.items()
}


class KeywordKindClassifier:
    """Finds feedback kinds by cue phrases; several kinds may apply to one text."""

    version = "cues-1"

    def predict_proba(self, texts: Sequence[str]) -> list[dict[str, float]]:
        return [self._kinds_of(text) for text in texts]

    def _kinds_of(self, text: str) -> dict[str, float]:
        found: dict[str, float] = {}
        for kind, patterns in COMPILED_CUES.items():
            hits = sum(1 for pattern in patterns if pattern.search(text))
            if hits:
                found[kind] = round(min(0.5 + 0.2 * hits, 0.95), 2)
        return found
