"""`analyze`: the whole pipeline over a batch of texts."""

from __future__ import annotations

from collections.abc import Sequence

from socialcycle.analysis.baseline import KeywordKindClassifier, LexiconSentimentClassifier
from socialcycle.analysis.labels import FeedbackKind, Sentiment
from socialcycle.analysis.signals import (
    assess_urgency,
    detect_languages,
    find_entities,
    score_toxicity,
)
from socialcycle.analysis.types import Analysis, AnalysisContext

ABUSE_THRESHOLD = 0.5
PIPELINE_VERSION = "baseline-1"


def analyze(texts: Sequence[str], context: AnalysisContext | None = None) -> list[Analysis]:
    """Analyse a batch of texts; one text is a batch of one."""
    context = context or AnalysisContext()
    sentiment_model = LexiconSentimentClassifier()
    kind_model = KeywordKindClassifier()
    scores = sentiment_model.score(texts)
    labels = sentiment_model.predict(texts)
    kinds = kind_model.predict_proba(texts)
    languages = detect_languages(texts)
    entities = find_entities(texts, context)
    urgencies = assess_urgency(texts, scores)
    toxicities = score_toxicity(texts)
    versions = {
        "pipeline": PIPELINE_VERSION,
        "sentiment": sentiment_model.version,
        "kinds": kind_model.version,
    }
    return [
        Analysis(
            language=languages[i],
            sentiment=labels[i],
            sentiment_score=round(scores[i], 4),
            kinds=kinds[i],
            primary_kind=choose_primary_kind(kinds[i], labels[i]),
            entities=entities[i],
            urgency=urgencies[i][0],
            urgency_reasons=urgencies[i][1],
            toxicity=toxicities[i],
            is_abusive=toxicities[i] >= ABUSE_THRESHOLD,
            model_versions=versions,
        )
        for i in range(len(texts))
    ]


def choose_primary_kind(kinds: dict[str, float], sentiment: str) -> str:
    """The most confident kind; without any cue, complaint or praise by sentiment, else ""."""
    if kinds:
        return max(
            kinds, key=lambda kind: (kinds[kind], -list(FeedbackKind).index(FeedbackKind(kind)))
        )
    if sentiment == Sentiment.NEGATIVE:
        return FeedbackKind.COMPLAINT
    if sentiment == Sentiment.POSITIVE:
        return FeedbackKind.PRAISE
    return ""
