"""Scores of a classifier against gold labels (plain numpy, no training library needed)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ClassScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


def per_class(
    gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]
) -> list[ClassScore]:
    scores = []
    for label in labels:
        true_positive = sum(g == label and p == label for g, p in zip(gold, predicted, strict=True))
        predicted_count = sum(p == label for p in predicted)
        support = sum(g == label for g in gold)
        scores.append(_score(label, true_positive, predicted_count, support))
    return scores


def per_label_sets(
    gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]], labels: Sequence[str]
) -> list[ClassScore]:
    """Precision and recall of each label of a multi-label task."""
    scores = []
    for label in labels:
        pairs = list(zip(gold, predicted, strict=True))
        true_positive = sum(label in g and label in p for g, p in pairs)
        predicted_count = sum(label in p for _, p in pairs)
        support = sum(label in g for g, _ in pairs)
        scores.append(_score(label, true_positive, predicted_count, support))
    return scores


def macro_recall(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> float:
    """TweetEval's sentiment metric: recall averaged over classes, each weighing the same."""
    scores = per_class(gold, predicted, labels)
    return sum(score.recall for score in scores) / len(scores)


def macro_f1(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> float:
    scores = per_class(gold, predicted, labels)
    return sum(score.f1 for score in scores) / len(scores)


def metric(
    name: str, gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]
) -> float:
    if name == "macro_recall":
        return macro_recall(gold, predicted, labels)
    if name == "macro_f1":
        return macro_f1(gold, predicted, labels)
    raise ValueError(f"unknown metric {name!r}")


def _score(label: str, true_positive: int, predicted_count: int, support: int) -> ClassScore:
    precision = true_positive / predicted_count if predicted_count else 0.0
    recall = true_positive / support if support else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return ClassScore(label, precision, recall, f1, support)
