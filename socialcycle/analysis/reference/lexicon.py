"""A rule-based sentiment baseline: word lists with negation. `socialcycle evaluate`
prints it beside the trained model (the product's first version used it)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from socialcycle.analysis import _words
from socialcycle.analysis.labels import Sentiment

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
