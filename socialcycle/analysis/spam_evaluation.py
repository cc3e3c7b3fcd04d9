"""Train the spam scorer on the labelled sample and measure it, beside the keyword rule.

The evaluation is stratified 5-fold cross-validation on the whole labelled sample: each
fold is scored by a scorer fitted (threshold included) on the other four folds only.
The random draw alone gives the natural base rate: how many ordinary tweets get flagged.
It holds too little spam to say how precise the flags are, so `check_pool` runs the scorer
in use over the whole pool and reads the hand labels of every tweet it flags outside the
sample (`resources/spam_flagged_labels.csv`): its precision at the stream's own base rate.
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
from socialcycle.analysis.spam_data import (
    FLAGGED_FILE,
    LABELS_FILE,
    POOL_FILE,
    RANDOM_DRAW,
    read_flagged,
    read_pool,
    read_sample,
)

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


@dataclass(frozen=True)
class PoolCheck:
    """What the scorer in use flags in the whole pool, and how much of it is spam."""

    pool: int
    flagged: int
    in_sample: int  # flagged tweets of the training sample: left out of the precision
    spam: int  # flagged, outside the sample, labelled spam
    ham: int  # flagged, outside the sample, labelled not spam
    unlabelled: int  # flagged, outside the sample, with no label yet
    problems: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        labelled = self.spam + self.ham
        return round(self.spam / labelled, 3) if labelled else None


def check_pool(
    data_dir: Path,
    scorer: SpamScorer,
    labels_file: Path = LABELS_FILE,
    flagged_file: Path = FLAGGED_FILE,
) -> PoolCheck:
    """`scorer` over every pool tweet, its flags read against the hand labels."""
    pool = read_pool(data_dir)
    ids = sorted(pool)
    flags = scorer.predict([pool[i] for i in ids])
    flagged = [source_id for source_id, flag in zip(ids, flags, strict=True) if flag]
    in_sample = set(read_sample(data_dir, labels_file).source_ids)
    labels, problems = read_flagged(flagged_file)
    outside = [source_id for source_id in flagged if source_id not in in_sample]
    verdicts = [labels.get(source_id) for source_id in outside]
    return PoolCheck(
        pool=len(ids),
        flagged=len(flagged),
        in_sample=len(flagged) - len(outside),
        spam=verdicts.count(True),
        ham=verdicts.count(False),
        unlabelled=verdicts.count(None),
        problems=[str(problem) for problem in problems],
    )


def format_pool_check(check: PoolCheck) -> str:
    outside = check.flagged - check.in_sample
    lines = [
        f"The scorer in use over the whole pool ({check.pool:,} tweets, the natural base rate): "
        f"flags {check.flagged}, {check.in_sample} of them in the labelled sample (left out)",
    ]
    if check.precision is not None:
        lines.append(
            f"  of the other {outside}, labelled by hand: {check.spam} spam, {check.ham} not "
            f"(precision {check.precision:.3f}; {check.ham / check.pool:.3%} of the pool "
            "hidden wrongly)"
        )
    if check.unlabelled:
        lines.append(
            f"  {check.unlabelled} flagged tweet(s) have no label yet: add them to "
            f"{FLAGGED_FILE.name} to measure this scorer's precision"
        )
    lines += [f"  skipped {problem}" for problem in check.problems]
    return "\n".join(lines)


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
