"""Small trained heads on top of text features: fit with scikit-learn, predict with numpy.

A head is a few arrays, so it is saved as one compressed `.npz` file of a few hundred KB
(float16 weights) that predicts without scikit-learn's pickles: nothing executable is
loaded from disk.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

Matrix = Any  # a dense ndarray or a scipy sparse matrix, rows = texts


class LinearHead:
    """Softmax over classes from a linear map of the features (multinomial logistic regression).

    Parameters are set in `__init__`; `fit` learns `classes_`, `coef_` and `intercept_`.
    """

    def __init__(
        self,
        C: float = 1.0,  # noqa: N803
        class_weight: str | None = "balanced",
        solver: str = "lbfgs",
    ) -> None:
        self.C = C
        self.class_weight = class_weight
        # "saga" fits wide sparse n-gram features (no embedding) ten times faster than
        # "lbfgs" to the same validation score (measured on the language heads).
        self.solver = solver
        self.classes_: tuple[str, ...] = ()
        self.coef_: NDArray[np.float32] = np.zeros((0, 0), dtype=np.float32)
        self.intercept_: NDArray[np.float32] = np.zeros(0, dtype=np.float32)

    def fit(self, features: Matrix, labels: Sequence[str]) -> LinearHead:
        from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 (training only)

        model = LogisticRegression(
            C=self.C,
            class_weight=self.class_weight,
            max_iter=3000,
            solver=self.solver,
            tol=1e-3 if self.solver == "saga" else 1e-4,
        )
        model.fit(features, list(labels))
        self.classes_ = tuple(str(label) for label in model.classes_)
        coef, intercept = model.coef_, model.intercept_
        if len(self.classes_) == 2:
            # Binary: sigmoid(w.x + b) equals a softmax over rows (0, 0) and (w, b).
            coef = np.vstack([np.zeros_like(coef), coef])
            intercept = np.concatenate([[0.0], intercept])
        self.coef_ = coef.astype(np.float32)
        self.intercept_ = intercept.astype(np.float32)
        return self

    def predict_proba(self, features: Matrix) -> NDArray[np.float64]:
        logits = np.asarray(features @ self.coef_.T, dtype=np.float64) + self.intercept_
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        result: NDArray[np.float64] = exp / exp.sum(axis=1, keepdims=True)
        return result

    def predict(self, features: Matrix) -> list[str]:
        return [self.classes_[i] for i in self.predict_proba(features).argmax(axis=1)]

    def save(self, path: Path, **meta: Any) -> None:
        save_arrays(
            path,
            {"coef": self.coef_, "intercept": self.intercept_},
            {"kind": "linear", "classes": list(self.classes_), "C": self.C, **meta},
        )

    @classmethod
    def load(cls, path: Path) -> LinearHead:
        arrays, meta = load_arrays(path)
        head = cls(C=float(meta.get("C", 1.0)))
        head.classes_ = tuple(meta["classes"])
        head.coef_ = arrays["coef"].astype(np.float32)
        head.intercept_ = arrays["intercept"].astype(np.float32)
        return head


class MultiLabelHead:
    """One sigmoid per label (one-vs-rest logistic regression), each with its threshold."""

    def __init__(self, C: float = 1.0, threshold: float = 0.5) -> None:  # noqa: N803
        self.C = C
        self.threshold = threshold
        self.labels_: tuple[str, ...] = ()
        self.coef_: NDArray[np.float32] = np.zeros((0, 0), dtype=np.float32)
        self.intercept_: NDArray[np.float32] = np.zeros(0, dtype=np.float32)
        self.thresholds_: NDArray[np.float32] = np.zeros(0, dtype=np.float32)

    def fit(
        self,
        features: Matrix,
        label_sets: Sequence[Sequence[str]],
        known: NDArray[np.bool_] | None = None,
        sample_weight: NDArray[np.float64] | None = None,
        labels: Sequence[str] = (),
    ) -> MultiLabelHead:
        """One logistic regression per label, the two classes weighing the same in total.

        `known` (rows x labels, in `labels` order) marks what each row says something about:
        a row of a public set labelled for one kind only trains that kind's regression (a
        non-suggestion may still be a question). `sample_weight` makes some rows count for
        less (a weak source) before the classes are balanced. `labels` defaults to every
        label seen.
        """
        from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 (training only)

        self.labels_ = tuple(labels) or tuple(
            sorted({label for labels in label_sets for label in labels})
        )
        rows = len(label_sets)
        known = np.ones((rows, len(self.labels_)), dtype=bool) if known is None else known
        weights = np.ones(rows) if sample_weight is None else np.asarray(sample_weight, float)
        coefs, intercepts = [], []
        for column, label in enumerate(self.labels_):
            used = np.flatnonzero(known[:, column])
            target = np.array([label in label_sets[int(i)] for i in used], dtype=np.bool_)
            model = LogisticRegression(C=self.C, max_iter=3000)
            model.fit(features[used], target, sample_weight=_balanced(target, weights[used]))
            coefs.append(model.coef_[0])
            intercepts.append(model.intercept_[0])
        self.coef_ = np.asarray(coefs, dtype=np.float32)
        self.intercept_ = np.asarray(intercepts, dtype=np.float32)
        self.thresholds_ = np.full(len(self.labels_), self.threshold, dtype=np.float32)
        return self

    def set_thresholds(self, thresholds: dict[str, float]) -> None:
        """Per-label thresholds (labels not named keep theirs)."""
        for label, limit in thresholds.items():
            self.thresholds_[self.labels_.index(label)] = limit

    def predict_proba(self, features: Matrix) -> NDArray[np.float64]:
        logits = np.asarray(features @ self.coef_.T, dtype=np.float64) + self.intercept_
        result: NDArray[np.float64] = 1.0 / (1.0 + np.exp(-logits))
        return result

    def predict(self, features: Matrix) -> list[dict[str, float]]:
        """For each text, the labels over their threshold with their probability."""
        return self.labels_over_thresholds(self.predict_proba(features))

    def labels_over_thresholds(self, probabilities: NDArray[np.float64]) -> list[dict[str, float]]:
        return [
            {
                label: round(float(p), 3)
                for label, p, limit in zip(self.labels_, row, self.thresholds_, strict=True)
                if p >= limit
            }
            for row in probabilities
        ]

    def uncertainty(self, probabilities: NDArray[np.float64]) -> NDArray[np.float64]:
        """For each text, how near its most doubtful label came to that label's threshold.

        A label's nearness is 1 minus its distance to the threshold, as a share of the room
        on that side (threshold to 0 below it, threshold to 1 above it): 1 when a probability
        sits on its threshold, 0 when every label is at 0 or 1, as far as it can be.
        """
        limits = self.thresholds_.astype(np.float64)
        room = np.where(probabilities < limits, limits, 1.0 - limits)
        nearness = 1.0 - np.abs(probabilities - limits) / np.maximum(room, 1e-6)
        if nearness.shape[1] == 0:
            return np.zeros(len(probabilities))
        result: NDArray[np.float64] = np.clip(nearness.max(axis=1), 0.0, 1.0)
        return result

    def save(self, path: Path, **meta: Any) -> None:
        save_arrays(
            path,
            {"coef": self.coef_, "intercept": self.intercept_, "thresholds": self.thresholds_},
            {"kind": "multilabel", "labels": list(self.labels_), "C": self.C, **meta},
        )

    @classmethod
    def load(cls, path: Path) -> MultiLabelHead:
        arrays, meta = load_arrays(path)
        head = cls(C=float(meta.get("C", 1.0)))
        head.labels_ = tuple(meta["labels"])
        head.coef_ = arrays["coef"].astype(np.float32)
        head.intercept_ = arrays["intercept"].astype(np.float32)
        head.thresholds_ = arrays["thresholds"].astype(np.float32)
        return head


def _balanced(target: NDArray[np.bool_], weights: NDArray[np.float64]) -> NDArray[np.float64]:
    """Scale the weights so that positives and negatives weigh half the total each."""
    positive, negative = weights[target].sum(), weights[~target].sum()
    if positive == 0 or negative == 0:
        raise ValueError("a label needs both positive and negative examples to be learnt")
    total = positive + negative
    balanced: NDArray[np.float64] = np.where(
        target, weights * total / (2 * positive), weights * total / (2 * negative)
    )
    return balanced


def save_arrays(path: Path, arrays: dict[str, NDArray[Any]], meta: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    stored: dict[str, Any] = {name: array.astype(np.float16) for name, array in arrays.items()}
    stored["meta"] = np.array(json.dumps(meta))
    with path.open("wb") as handle:
        np.savez_compressed(handle, **stored)


def load_arrays(path: Path) -> tuple[dict[str, NDArray[Any]], dict[str, Any]]:
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        arrays = {name: data[name] for name in data.files if name != "meta"}
    return arrays, meta
