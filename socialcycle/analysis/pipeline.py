"""`analyze`: the whole pipeline over a batch of texts.

Stages, each usable alone: prepare (control characters out, length bounded, is there
anything to read?) -> language -> encode -> sentiment, emotion, offensive language, kinds
(heads on the shared encoder) -> topic -> entities -> urgency -> abuse. A text the models
cannot read (empty, no words, an unsupported language) gets `not_analysed` with the
reason and no guessed labels; one bad text never fails its batch.

Posts in Arabic, French, German, Hindi (in Latin letters), Italian, Portuguese and Spanish
skip the encoder: their language's n-gram head gives their sentiment, and `not_analysed`
says that kinds, emotion, topic and offensive language were not read (those heads read
English only).
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from socialcycle.analysis import _words
from socialcycle.analysis.encoder import Encoder, encoder_version, load_encoder, whole_text
from socialcycle.analysis.entities import find_entities
from socialcycle.analysis.features import (
    WHOLE_TEXT,
    NgramCounts,
    TextFeatures,
    no_embeddings,
)
from socialcycle.analysis.heads import LinearHead, MultiLabelHead
from socialcycle.analysis.kinds import apply_rules, choose_primary_kind
from socialcycle.analysis.labels import FeedbackKind
from socialcycle.analysis.language import detect_languages, has_devanagari, is_english
from socialcycle.analysis.registry import ModelCard, active_folder, load_bundle
from socialcycle.analysis.sentiment_languages import LANGUAGES, SentimentLanguage, language_for
from socialcycle.analysis.topics import NO_TOPIC, assign_to_centroids
from socialcycle.analysis.types import Analysis, AnalysisContext
from socialcycle.analysis.urgency import assess_urgency

PIPELINE_VERSION = "pipeline-2"
MODEL_CHARS = 2000  # the encoder reads 128 tokens; n-grams need no more than this
SCAN_CHARS = 20_000  # entities and urgency cues are looked for in this much text
ABUSE_THRESHOLD = 0.6
TOPIC_THRESHOLD = 0.45
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
LINKS_AND_HANDLES = re.compile(r"https?://\S+|www\.\S+|[@#]\w+", re.IGNORECASE)
WORD = re.compile(r"[^\W_]", re.UNICODE)
NO_WORDS = "no words to read (only links, mentions, emoji or symbols)"
READ_LANGUAGES = "English, " + ", ".join(lang.name.title() for lang in LANGUAGES)


def default_model_dir() -> Path:
    """Where prepared and retrained models live when the caller names no folder."""
    configured = os.environ.get("SOCIALCYCLE_MODEL_DIR")
    return Path(configured) if configured else Path.home() / ".cache" / "socialcycle" / "models"


@dataclass(frozen=True)
class Prepared:
    text: str  # what the models read
    scan: str  # what entity and cue matching reads
    reason: str  # why the models will not read it ("" when they will)


def prepare(texts: Sequence[str]) -> list[Prepared]:
    """Clean each text for the models and decide whether there is anything to read."""
    prepared = []
    for raw in texts:
        text = CONTROL.sub(" ", str(raw or ""))
        words = LINKS_AND_HANDLES.sub(" ", text)
        if not text.strip():
            reason = "empty text"
        elif not WORD.search(words):
            reason = NO_WORDS
        else:
            reason = ""
        prepared.append(Prepared(text[:MODEL_CHARS], text[:SCAN_CHARS], reason))
    return prepared


class Pipeline:
    """The loaded models; `analyze` runs every stage over a batch."""

    def __init__(self, model_dir: Path | None = None, threads: int | None = None) -> None:
        self.model_dir = model_dir or default_model_dir()
        self.threads = threads
        self.sentiment = _load(self.model_dir, "sentiment")
        self.emotion = _load(self.model_dir, "emotion")
        self.offensive = _load(self.model_dir, "offensive")
        self.kinds = _load_kinds(self.model_dir)
        self.languages = {lang.code: _load(self.model_dir, lang.model) for lang in LANGUAGES}

    @property
    def encoder(self) -> Encoder:
        return load_encoder(self.model_dir, self.threads)

    @property
    def versions(self) -> dict[str, str]:
        return {
            "pipeline": PIPELINE_VERSION,
            "encoder": encoder_version(),
            "sentiment": self.sentiment.card.version,
            "emotion": self.emotion.card.version,
            "offensive": self.offensive.card.version,
            "kinds": self.kinds.card.version,
        }

    def with_kinds(self, kinds: LoadedKinds) -> Pipeline:
        """This pipeline reading kinds with another head; the other models are shared."""
        other = copy.copy(self)
        other.kinds = kinds
        return other

    def with_sentiment(self, sentiment: LoadedHead) -> Pipeline:
        """This pipeline reading English sentiment with another head (the language heads and
        the other models are shared)."""
        other = copy.copy(self)
        other.sentiment = sentiment
        return other

    def sentiment_head(self, language: str) -> LoadedHead:
        """The head that gives a post in `language` its sentiment (English for the rest)."""
        found = _language_head(language)
        return self.languages[found.code] if found else self.sentiment

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        return self.encoder.encode([item.text for item in prepare(texts)])

    def analyze(
        self,
        texts: Sequence[str],
        context: AnalysisContext | None = None,
        audiences: Sequence[int] | None = None,
    ) -> list[Analysis]:
        context = context or AnalysisContext()
        prepared = prepare(texts)
        languages = detect_languages([item.text for item in prepared])
        reasons = [
            _reason(item, language) for item, language in zip(prepared, languages, strict=True)
        ]
        heads = [
            _language_head(language) if not reasons[i] else None
            for i, language in enumerate(languages)
        ]
        readable = [i for i, reason in enumerate(reasons) if not reason and heads[i] is None]
        model_texts = [prepared[i].text for i in readable]
        embeddings = self.encoder.encode(model_texts)
        counts = NgramCounts(model_texts, self._hash_bits())
        sentiment = self.sentiment.proba(model_texts, embeddings, counts)
        emotion = self.emotion.proba(model_texts, embeddings, counts)
        offensive = self.offensive.proba(model_texts, embeddings, counts)
        kinds, doubts = self.kinds.predict_with_uncertainty(
            model_texts, self.kinds.embeddings(self.encoder, model_texts, embeddings), counts
        )
        topics = _topics(embeddings, context)
        scans = [item.scan for item in prepared]
        entities = find_entities(scans, context)
        labels = [""] * len(texts)
        scores = [0.0] * len(texts)
        for row, i in enumerate(readable):
            labels[i], scores[i] = _sentiment_of(self.sentiment.head.classes_, sentiment[row])
        versions = [self.versions] * len(texts)
        for i, read in self._read_other_languages(prepared, heads).items():
            labels[i], scores[i], versions[i] = read
            reasons[i] = _sentiment_only(heads[i])
        for i, item in enumerate(prepared):
            emoji = _emoji_sentiment(item.text) if reasons[i] == NO_WORDS else None
            if emoji is not None:  # "😍😍" says something even without words
                labels[i], scores[i] = emoji
                reasons[i] = ""
        urgencies = assess_urgency(scans, scores, audiences, context.influential_audience)
        results = []
        positions = {i: row for row, i in enumerate(readable)}
        for i in range(len(texts)):
            position = positions.get(i)
            found = kinds[position] if position is not None else {}
            toxicity = _class_probability(self.offensive.head, offensive, position, "offensive")
            results.append(
                Analysis(
                    language=languages[i],
                    not_analysed=reasons[i],
                    sentiment=labels[i],
                    sentiment_score=round(scores[i], 4),
                    emotion=_top_class(self.emotion.head, emotion, position),
                    kinds=found,
                    kinds_uncertainty=doubts[position] if position is not None else None,
                    primary_kind=choose_primary_kind(found, labels[i])
                    if position is not None
                    else "",
                    topic=topics[position] if position is not None else None,
                    entities=entities[i],
                    urgency=urgencies[i][0],
                    urgency_reasons=urgencies[i][1],
                    toxicity=round(toxicity, 3),
                    is_abusive=toxicity >= ABUSE_THRESHOLD,
                    model_versions=versions[i],
                )
            )
        return results

    def _hash_bits(self) -> list[int]:
        """The n-gram widths the English heads read (their counts are hashed once)."""
        heads = (self.sentiment, self.emotion, self.offensive, self.kinds)
        return [head.features.hash_bits for head in heads if head.features.ngrams]

    def _read_other_languages(
        self, prepared: Sequence[Prepared], heads: Sequence[SentimentLanguage | None]
    ) -> dict[int, tuple[str, float, dict[str, str]]]:
        """Sentiment of the texts a language head reads: label, score and versions by index."""
        found = {}
        for language in LANGUAGES:
            rows = [i for i, head in enumerate(heads) if head == language]
            if not rows:
                continue
            loaded = self.languages[language.code]
            texts = [prepared[i].text for i in rows]
            probabilities = loaded.proba(texts, no_embeddings(len(texts)))
            versions = {"pipeline": PIPELINE_VERSION, "sentiment": loaded.card.version}
            for row, i in enumerate(rows):
                label, score = _sentiment_of(loaded.head.classes_, probabilities[row])
                found[i] = (label, score, versions)
        return found


@dataclass(frozen=True)
class LoadedHead:
    """A single-label head (sentiment, emotion, offensive) with what it reads."""

    features: TextFeatures
    head: LinearHead
    card: ModelCard

    def proba(
        self,
        texts: Sequence[str],
        embeddings: NDArray[np.float32],
        counts: NgramCounts | None = None,
    ) -> NDArray[np.float64]:
        """Class probabilities; `counts` shares the texts' n-gram hashing with other heads."""
        if not texts:
            return np.zeros((0, len(self.head.classes_)))
        return self.head.predict_proba(
            self.features.transform(texts, embeddings, _at(counts, self.features))
        )


@dataclass(frozen=True)
class LoadedKinds:
    features: TextFeatures
    head: MultiLabelHead
    card: ModelCard

    def embeddings(
        self, encoder: Encoder, texts: Sequence[str], first: NDArray[np.float32]
    ) -> NDArray[np.float32]:
        """What this head reads: `first` (every head's), or the whole-text embedding."""
        if self.features.pooling == WHOLE_TEXT:
            return whole_text(encoder, texts, first)
        return first

    def predict(
        self, texts: Sequence[str], embeddings: NDArray[np.float32]
    ) -> list[dict[str, float]]:
        return self.predict_with_uncertainty(texts, embeddings)[0]

    def predict_with_uncertainty(
        self,
        texts: Sequence[str],
        embeddings: NDArray[np.float32],
        counts: NgramCounts | None = None,
    ) -> tuple[list[dict[str, float]], list[float]]:
        """The kinds found in each text, and how unsure the head was of them (0..1)."""
        if not texts:
            return [], []
        features = self.features.transform(texts, embeddings, _at(counts, self.features))
        probabilities = self.head.predict_proba(features)
        uncertainty = self.head.uncertainty(probabilities)
        found = self.head.labels_over_thresholds(probabilities)
        if FeedbackKind.QUESTION in self.head.labels_:
            column = self.head.labels_.index(FeedbackKind.QUESTION)
            found = apply_rules(texts, found, probabilities[:, column])
        return found, [round(float(value), 4) for value in uncertainty]


def _at(counts: NgramCounts | None, features: TextFeatures) -> Any:
    """The shared counts at the width `features` hashes to (None: it hashes its own)."""
    if counts is None or not features.ngrams:
        return None
    return counts.at(features.hash_bits)


def _load(model_dir: Path, model: str) -> LoadedHead:
    features, head, card = load_bundle(_folder(model_dir, model), LinearHead)
    return LoadedHead(features, head, card)


def _load_kinds(model_dir: Path) -> LoadedKinds:
    features, head, card = load_bundle(_folder(model_dir, "kinds"), MultiLabelHead)
    return LoadedKinds(features, head, card)


def _folder(model_dir: Path, model: str) -> Path:
    folder = active_folder(model, model_dir)
    if not (folder / "head.npz").is_file():
        raise FileNotFoundError(
            f"the {model} model is missing from {folder}; run `socialcycle train --base`"
        )
    return folder


def _emoji_sentiment(text: str) -> tuple[str, float] | None:
    positive = sum(text.count(e) for e in _words.POSITIVE_EMOJI)
    negative = sum(text.count(e) for e in _words.NEGATIVE_EMOJI)
    if positive == negative:
        return None
    score = (positive - negative) / (positive + negative)
    return ("positive" if score > 0 else "negative"), score


def _reason(item: Prepared, language: str) -> str:
    if item.reason:
        return item.reason
    if is_english(language):
        return ""
    head = language_for(language)
    if head is None:
        return f"language {language!r} is not one the models read ({READ_LANGUAGES})"
    if head.latin_only and has_devanagari(item.text):
        return (
            f"language {language!r} in its own script is not one the models read (the "
            f"{head.name.title()} model learnt from {head.name.title()} typed in Latin letters)"
        )
    return ""


def _language_head(language: str) -> SentimentLanguage | None:
    """The language head that reads a text in `language`; None for English (or unknown)."""
    return None if is_english(language) else language_for(language)


def _sentiment_only(language: SentimentLanguage | None) -> str:
    name = language.name.title() if language else "its language's"
    return (
        f"read for sentiment only, by the {name} model: feedback kinds, emotion, topic and "
        "offensive language are read in English only"
    )


def _sentiment_of(classes: Sequence[str], probabilities: NDArray[np.float64]) -> tuple[str, float]:
    index = {label: k for k, label in enumerate(classes)}
    score = float(probabilities[index["positive"]] - probabilities[index["negative"]])
    return classes[int(probabilities.argmax())], max(-1.0, min(1.0, score))


def _top_class(head: LinearHead, probabilities: NDArray[np.float64], row: int | None) -> str:
    if row is None:
        return ""
    return head.classes_[int(probabilities[row].argmax())]


def _class_probability(
    head: LinearHead, probabilities: NDArray[np.float64], row: int | None, label: str
) -> float:
    if row is None:
        return 0.0
    return float(probabilities[row][head.classes_.index(label)])


def _topics(embeddings: NDArray[np.float32], context: AnalysisContext) -> list[int | None]:
    if context.topic_centroids is None or not context.topic_ids:
        return [None] * len(embeddings)
    centroids = list(np.asarray(context.topic_centroids, dtype=np.float32))
    found = assign_to_centroids(embeddings, centroids, TOPIC_THRESHOLD)
    return [None if k == NO_TOPIC else context.topic_ids[k] for k in found]


@lru_cache(maxsize=4)
def shared_pipeline(model_dir: Path | None = None) -> Pipeline:
    """One loaded pipeline per model folder and process."""
    return Pipeline(model_dir)


def reset_shared_pipeline() -> None:
    """Forget loaded models, so that a newly activated version is read on next use."""
    shared_pipeline.cache_clear()


def analyze(
    texts: Sequence[str],
    context: AnalysisContext | None = None,
    *,
    audiences: Sequence[int] | None = None,
    model_dir: Path | None = None,
) -> list[Analysis]:
    """Analyse a batch of texts; one text is a batch of one."""
    return shared_pipeline(model_dir).analyze(texts, context, audiences)
