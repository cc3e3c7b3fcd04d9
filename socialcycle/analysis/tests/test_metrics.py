"""Our metrics agree with scikit-learn's on the same predictions."""

import random

import pytest
from sklearn.metrics import f1_score, recall_score

from socialcycle.analysis.metrics import macro_f1, macro_recall, per_label_sets

LABELS = ["negative", "neutral", "positive"]


def test_macro_recall_and_f1_match_scikit_learn():
    rng = random.Random(3)
    gold = [rng.choice(LABELS) for _ in range(500)]
    predicted = [g if rng.random() < 0.6 else rng.choice(LABELS) for g in gold]
    assert macro_recall(gold, predicted, LABELS) == pytest.approx(
        recall_score(gold, predicted, average="macro")
    )
    assert macro_f1(gold, predicted, LABELS) == pytest.approx(
        f1_score(gold, predicted, average="macro")
    )


def test_a_label_never_predicted_scores_zero_not_an_error():
    assert macro_recall(["a", "b"], ["a", "a"], ["a", "b"]) == 0.5


def test_multi_label_precision_and_recall():
    (idea,) = per_label_sets(
        [("idea",), ("idea", "praise"), ()], [("idea",), (), ("idea",)], ["idea"]
    )
    assert (idea.precision, idea.recall, idea.support) == (0.5, 0.5, 2)
