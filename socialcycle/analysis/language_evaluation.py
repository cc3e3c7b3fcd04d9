"""`socialcycle evaluate languages`: each language head's validation macro-F1, beside what
the whole pipeline gives the same posts, the English head on them, and XLM-T's published
test-set figures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from socialcycle.analysis.features import no_embeddings
from socialcycle.analysis.language_training import load_language_split
from socialcycle.analysis.metrics import metric
from socialcycle.analysis.pipeline import Pipeline
from socialcycle.analysis.sentiment_languages import (
    LABELS,
    LANGUAGES,
    METRIC,
    SentimentLanguage,
)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class LanguageReport:
    language: SentimentLanguage
    version: str
    posts: int
    head: float  # its head alone, every validation post
    pipeline: float  # `analyze` on the same posts: language found first; unread = wrong
    reached: float  # share of the posts the language identifier sends to the head
    english_head: float  # the English sentiment head on the same posts


def evaluate_languages(
    pipeline: Pipeline, data_dir: Path, progress: Progress = print
) -> list[LanguageReport]:
    reports = []
    for language in LANGUAGES:
        progress(f"evaluating {language.model} on {language.file('val')}")
        val, problems = load_language_split(data_dir, language, "val")
        for problem in problems:
            progress(problem)
        loaded = pipeline.languages[language.code]
        probabilities = loaded.proba(val.texts, no_embeddings(len(val.texts)))
        head = [loaded.head.classes_[int(row.argmax())] for row in probabilities]
        analysed = pipeline.analyze(val.texts)
        english = pipeline.sentiment.proba(val.texts, pipeline.encoder.encode(val.texts))
        english_labels = [pipeline.sentiment.head.classes_[int(row.argmax())] for row in english]
        reports.append(
            LanguageReport(
                language=language,
                version=loaded.card.version,
                posts=len(val.texts),
                head=metric(METRIC, val.labels, head, LABELS),
                pipeline=metric(METRIC, val.labels, [a.sentiment for a in analysed], LABELS),
                reached=float(
                    np.mean(
                        [a.model_versions.get("sentiment") == loaded.card.version for a in analysed]
                    )
                ),
                english_head=metric(METRIC, val.labels, english_labels, LABELS),
            )
        )
    return reports


def format_language_report(reports: list[LanguageReport]) -> str:
    lines = [
        "Sentiment in other languages: macro-F1 on each language's validation tweets "
        "(XLM-T's UMSAB);",
        "published figures are on UMSAB's test split, for orientation only.",
        "",
        f"{'language':<11} {'version':<20} {'posts':>5} {'head':>6} {'pipeline':>8} "
        f"{'reached':>7} {'English head':>12} {'FastText':>8} {'XLM-T':>6}",
    ]
    for r in reports:
        lines.append(
            f"{r.language.name:<11} {r.version:<20} {r.posts:>5} {r.head:>6.3f} "
            f"{r.pipeline:>8.3f} {r.reached:>7.0%} {r.english_head:>12.3f} "
            f"{r.language.fasttext / 100:>8.3f} {r.language.xlm_t / 100:>6.3f}"
        )
    if reports:
        mean = {
            name: float(np.mean([getattr(r, name) for r in reports]))
            for name in ("head", "pipeline", "reached", "english_head")
        }
        fasttext = float(np.mean([r.language.fasttext for r in reports])) / 100
        xlm_t = float(np.mean([r.language.xlm_t for r in reports])) / 100
        lines.append(
            f"{'mean':<11} {'':<20} {'':>5} {mean['head']:>6.3f} {mean['pipeline']:>8.3f} "
            f"{mean['reached']:>7.0%} {mean['english_head']:>12.3f} {fasttext:>8.3f} "
            f"{xlm_t:>6.3f}"
        )
    lines += [
        "",
        "head: the language's head on every post; pipeline: `analyze` on the same posts, the",
        "language found first (a post it reads in English or leaves unread counts as it does);",
        "reached: posts the language identifier sends to the head; English head: the English",
        "sentiment model on the same posts, as if the language were ignored.",
    ]
    return "\n".join(lines)
