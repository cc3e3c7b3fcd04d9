"""Train the spam scorer on the labelled sample and measure it, beside the keyword rule.

The evaluation is stratified 5-fold cross-validation on the whole labelled sample: each
fold is scored by a scorer fitted (threshold included) on the other four folds only.
The random draw alone gives the natural base rate: how many ordinary tweets get flagged.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from socialcycle.analysis.encoder import file_sha256
from socialcycle.analysis.registry import ModelCard
from socialcycle.analysis.spam import MODEL, SpamScorer, describe, keyword_rule, stratified_folds
from socialcycle.analysis.spam_data import LABELS_FILE, POOL_FILE, RANDOM_DRAW, read_sample

FOLDS = 5
SEED = 0
LICENCE = "CC BY-NC-SA 4.0 (Customer Support on Twitter, Thought Vector, via Kaggle)"


@dataclass(frozen=True)
class Scores:
    """Precision, recall and F1 of one method, and what it flagged."""

    precision: float
    recall: float
    f1: float
    flagged: int
    true_positives: int


@dataclass
class SpamEvaluation:
    rows: int
    spam: int
    random_rows: int
    random_spam: int
    scorer: Scores
    keywords: Scores
    scorer_random: Scores
    keywords_random: Scores
    thresholds: list[float]
    problems: list[str] = field(default_factory=list)


def scores(predicted: NDArray[np.bool_], truth: NDArray[np.bool_]) -> Scores:
    hits = int(np.sum(predicted & truth))
    flagged = int(np.sum(predicted))
    precision = hits / flagged if flagged else 0.0
    recall = hits / int(np.sum(truth)) if np.sum(truth) else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(round(precision, 3), round(recall, 3), round(f1, 3), flagged, hits)


def evaluate_spam(data_dir: Path, labels_file: Path = LABELS_FILE) -> SpamEvaluation:
    """Cross-validated scores of the scorer and the keyword rule on the labelled sample."""
    sample = read_sample(data_dir, labels_file)
    truth = np.asarray(sample.is_spam, dtype=bool)
    predicted = np.zeros(len(truth), dtype=bool)
    thresholds = []
    for train, held in stratified_folds(truth, FOLDS, SEED):
        scorer = SpamScorer().fit([sample.texts[i] for i in train], truth[train])
        thresholds.append(scorer.threshold_)
        predicted[held] = scorer.predict([sample.texts[i] for i in held])
    baseline = keyword_rule(sample.texts)
    random_rows = np.asarray([draw == RANDOM_DRAW for draw in sample.draws], dtype=bool)
    return SpamEvaluation(
        rows=len(sample),
        spam=int(truth.sum()),
        random_rows=int(random_rows.sum()),
        random_spam=int(truth[random_rows].sum()),
        scorer=scores(predicted, truth),
        keywords=scores(baseline, truth),
        scorer_random=scores(predicted[random_rows], truth[random_rows]),
        keywords_random=scores(baseline[random_rows], truth[random_rows]),
        thresholds=thresholds,
        problems=[str(problem) for problem in sample.problems],
    )


def format_spam_report(evaluation: SpamEvaluation) -> str:
    lines = [
        f"Spam on {evaluation.rows} labelled TWCS tweets ({evaluation.spam} spam), "
        f"stratified {FOLDS}-fold cross-validation, threshold chosen inside each training "
        f"fold ({', '.join(f'{t:.2f}' for t in evaluation.thresholds)})",
        "",
        f"{'method':<28}{'precision':>10}{'recall':>8}{'F1':>7}{'flagged':>9}",
    ]
    for name, result in (
        ("spam scorer", evaluation.scorer),
        ("keywords only (baseline)", evaluation.keywords),
    ):
        lines.append(
            f"{name:<28}{result.precision:>10.3f}{result.recall:>8.3f}{result.f1:>7.3f}"
            f"{result.flagged:>9}"
        )
    lines += [
        "",
        f"Random draw only ({evaluation.random_rows} tweets, {evaluation.random_spam} spam: "
        "the natural base rate)",
    ]
    for name, result in (
        ("spam scorer", evaluation.scorer_random),
        ("keywords only (baseline)", evaluation.keywords_random),
    ):
        precision = f"{result.precision:.3f}" if result.flagged else "n/a"
        lines.append(
            f"{name:<28} flags {result.flagged} of {evaluation.random_rows}, "
            f"{result.true_positives} of them spam (precision {precision})"
        )
    if evaluation.problems:
        lines += ["", f"{len(evaluation.problems)} row(s) skipped:"]
        lines += [f"  {problem}" for problem in evaluation.problems]
    return "\n".join(lines)


def train_spam(
    data_dir: Path,
    version: str,
    corrections: Sequence[tuple[str, bool]] = (),
    labels_file: Path = LABELS_FILE,
) -> tuple[SpamScorer, ModelCard]:
    """Fit the scorer on the whole labelled sample (plus staff's corrections) and its card."""
    evaluation = evaluate_spam(data_dir, labels_file)
    sample = read_sample(data_dir, labels_file)
    texts = [*sample.texts, *(text for text, _ in corrections)]
    truth = [*sample.is_spam, *(is_spam for _, is_spam in corrections)]
    scorer = SpamScorer().fit(texts, truth)
    started = time.perf_counter()
    scorer.predict_proba(texts)
    per_second = len(texts) / max(time.perf_counter() - started, 1e-9)
    pool = data_dir / POOL_FILE
    card = ModelCard(
        model=MODEL,
        version=version,
        task="spam or not (promotions, giveaways, link farms, follow-begging, brand broadcasts)",
        encoder="none (hand-made text features)",
        data={
            "labels": {
                "file": f"socialcycle/analysis/resources/{labels_file.name}",
                "rows": len(sample),
                "spam": int(sum(sample.is_spam)),
                "sha256": file_sha256(labels_file),
            },
            "texts": {"file": str(POOL_FILE), "sha256": file_sha256(pool), "licence": LICENCE},
            "corrections": len(corrections),
        },
        metrics={
            "cross_validated": {
                "precision": evaluation.scorer.precision,
                "recall": evaluation.scorer.recall,
                "f1": evaluation.scorer.f1,
            },
            "keywords_baseline": {
                "precision": evaluation.keywords.precision,
                "recall": evaluation.keywords.recall,
                "f1": evaluation.keywords.f1,
            },
            "random_draw_flagged": evaluation.scorer_random.flagged,
            "threshold": scorer.threshold_,
            "weights": describe(scorer),
        },
        speed={"texts_per_second": round(per_second), "threads": 1},
        trained_at=datetime.now(UTC).isoformat(timespec="seconds"),
        notes="Logistic regression (balanced classes) over standardised text features: "
        "links, link density, capitals, promo phrases, hashtags, mentions, phone numbers, "
        "repeated characters, money signs, length, addressing no one. Threshold by 5-fold "
        "cross-validation on the training data.",
    )
    return scorer, card
