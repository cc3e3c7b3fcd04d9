"""Heads predict with numpy exactly what scikit-learn learnt, and survive a save and load."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from socialcycle.analysis.heads import LinearHead, MultiLabelHead


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    features = rng.normal(size=(300, 6)).astype(np.float32)
    labels = np.where(features[:, 0] + features[:, 1] > 0, "up", "down")
    labels = np.where(features[:, 2] > 1.2, "side", labels)
    return features, list(labels)


def test_multiclass_probabilities_match_scikit_learn(data):
    features, labels = data
    head = LinearHead(C=1.0).fit(features, labels)
    reference = LogisticRegression(C=1.0, class_weight="balanced", max_iter=3000).fit(
        features, labels
    )
    np.testing.assert_allclose(
        head.predict_proba(features), reference.predict_proba(features), atol=1e-4
    )


def test_binary_heads_match_scikit_learn_too(data):
    features, labels = data
    binary = ["side" if label == "side" else "other" for label in labels]
    head = LinearHead().fit(features, binary)
    reference = LogisticRegression(class_weight="balanced", max_iter=3000).fit(features, binary)
    assert head.classes_ == ("other", "side")
    np.testing.assert_allclose(
        head.predict_proba(features), reference.predict_proba(features), atol=1e-4
    )


def test_a_saved_head_predicts_the_same_after_loading(data, tmp_path):
    features, labels = data
    head = LinearHead().fit(features, labels)
    head.save(tmp_path / "head.npz", version="t-1")
    loaded = LinearHead.load(tmp_path / "head.npz")
    assert loaded.classes_ == head.classes_
    assert loaded.predict(features) == head.predict(features)  # float16 storage is enough
    np.testing.assert_allclose(
        loaded.predict_proba(features), head.predict_proba(features), atol=5e-3
    )


def test_multilabel_heads_give_each_label_its_own_probability(data, tmp_path):
    features, labels = data
    label_sets = [(label,) if label != "side" else ("side", "up") for label in labels]
    head = MultiLabelHead().fit(features, label_sets)
    head.save(tmp_path / "kinds.npz")
    loaded = MultiLabelHead.load(tmp_path / "kinds.npz")
    predicted = loaded.predict(features)
    assert head.labels_ == ("down", "side", "up")
    side_rows = [i for i, labels in enumerate(label_sets) if "side" in labels]
    assert sum("side" in predicted[i] for i in side_rows) >= 0.8 * len(side_rows)
    assert all(0.5 <= p <= 1 for row in predicted for p in row.values())
