"""Baseline detectors for language, named things, urgency and abuse; each takes a batch."""

from __future__ import annotations

import re
from collections.abc import Sequence

from socialcycle.analysis import _words
from socialcycle.analysis.baseline import tokenize
from socialcycle.analysis.types import AnalysisContext, Entity, NamedThing


def detect_languages(texts: Sequence[str]) -> list[str]:
    """Guess en/es/fr/de from common function words; "" when there is too little to tell."""
    return [_language_of(text) for text in texts]


def _language_of(text: str) -> str:
    tokens = set(tokenize(text))
    counts = {lang: len(tokens & markers) for lang, markers in _words.LANGUAGE_MARKERS.items()}
    best = max(counts, key=lambda lang: counts[lang])
    return best if counts[best] >= 2 else ""


def _alias_pattern(thing: NamedThing) -> re.Pattern[str]:
    names = sorted({thing.name, *thing.aliases}, key=len, reverse=True)
    alternatives = "|".join(re.escape(name) for name in names)
    return re.compile(rf"(?<![\w#@])(?:{alternatives})(?!\w)", re.IGNORECASE)


def find_entities(texts: Sequence[str], context: AnalysisContext) -> list[tuple[Entity, ...]]:
    """Find the workspace's products, brands and competitors, by name or alias."""
    patterns = [
        (kind, thing, _alias_pattern(thing))
        for kind, things in (
            ("product", context.products),
            ("brand", context.brands),
            ("competitor", context.competitors),
        )
        for thing in things
    ]
    results = []
    for text in texts:
        found = [
            Entity(kind=kind, name=thing.name, start=match.start(), end=match.end())
            for kind, thing, pattern in patterns
            for match in pattern.finditer(text)
        ]
        results.append(tuple(sorted(found, key=lambda entity: entity.start)))
    return results


URGENCY_CUES = {
    "outage": re.compile(
        r"\b(outage|is down|went down|offline|not responding|stopped working)\b", re.I
    ),
    "safety": re.compile(r"\b(fire|smoke|burn(ed|t|ing)?|shock|overheat(ed|ing)?|sparks?)\b", re.I),
    "legal_threat": re.compile(r"\b(lawyer|lawsuit|sue|suing|legal action|class action)\b", re.I),
    "churn_threat": re.compile(
        r"\b(cancel(l?ing)?|refund|switch(ing)? to|returning it|never buying)\b", re.I
    ),
}


def assess_urgency(
    texts: Sequence[str], sentiment_scores: Sequence[float]
) -> list[tuple[float, tuple[str, ...]]]:
    """Urgency in [0, 1] with the reasons that raised it."""
    results = []
    for text, score in zip(texts, sentiment_scores, strict=True):
        reasons = tuple(name for name, pattern in URGENCY_CUES.items() if pattern.search(text))
        negativity = max(-score, 0.0)
        urgency = min(1.0, 0.3 * len(reasons) + 0.3 * negativity)
        results.append((round(urgency, 3), reasons))
    return results


def score_toxicity(texts: Sequence[str]) -> list[float]:
    """Share of offensive words, stretched so one insult in a short post scores high."""
    scores = []
    for text in texts:
        tokens = tokenize(text)
        hits = sum(token in _words.OFFENSIVE for token in tokens)
        scores.append(round(min(1.0, hits * 4 / max(len(tokens), 4)), 3))
    return scores
