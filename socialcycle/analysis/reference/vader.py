"""Reference models measured beside ours in the same run (never used to analyse posts)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

VADER_THRESHOLD = 0.05  # the cut-off VADER's authors recommend for its compound score


def vader_sentiment(texts: Sequence[str]) -> list[str]:
    """VADER's label for each text: positive, negative or neutral from its compound score."""
    analyser = _vader()
    labels = []
    for text in texts:
        compound = analyser.polarity_scores(text)["compound"]
        if compound >= VADER_THRESHOLD:
            labels.append("positive")
        elif compound <= -VADER_THRESHOLD:
            labels.append("negative")
        else:
            labels.append("neutral")
    return labels


@lru_cache(maxsize=1)
def _vader() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # noqa: PLC0415

    return SentimentIntensityAnalyzer()
