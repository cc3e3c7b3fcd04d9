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


def test_multilabel_uncertainty_is_how_near_the_most_doubtful_label_is_to_its_threshold():
    head = MultiLabelHead()
    head.labels_ = ("a", "b")
    head.thresholds_ = np.array([0.5, 0.2], dtype=np.float32)
    probabilities = np.array(
        [
            [0.5, 0.9],  # a on its threshold
            [0.0, 1.0],  # both as far as they can be
            [0.75, 0.1],  # a halfway up to 1; b halfway down to 0
            [0.99, 0.22],  # b just over its threshold
        ]
    )
    doubt = head.uncertainty(probabilities)
    np.testing.assert_allclose(doubt, [1.0, 0.0, 0.5, 1 - 0.02 / 0.8], atol=1e-6)
    assert head.labels_over_thresholds(probabilities)[3] == {"a": 0.99, "b": 0.22}


def test_a_row_trains_only_the_labels_it_speaks_for(data):
    features, labels = data
    sets = [(label,) for label in labels]
    # Rows 0-99 speak only for "up": as if a public set labelled that kind and no other.
    known = np.ones((len(sets), 3), dtype=bool)
    known[:100, 1] = known[:100, 2] = False
    head = MultiLabelHead().fit(features, sets, known=known, labels=("up", "side", "down"))

    alone = MultiLabelHead().fit(features[100:], sets[100:], labels=("up", "side", "down"))
    everything = MultiLabelHead().fit(features, sets, labels=("up", "side", "down"))

    np.testing.assert_allclose(head.coef_[1:], alone.coef_[1:], atol=1e-4)
    np.testing.assert_allclose(head.coef_[0], everything.coef_[0], atol=1e-4)
    assert not np.allclose(head.coef_[1:], everything.coef_[1:], atol=1e-3)


def test_a_row_of_weight_zero_counts_as_absent_and_the_classes_stay_balanced(data):
    features, labels = data
    sets = [(label,) for label in labels]
    weights = np.ones(len(sets))
    weights[:50] = 0.0
    weighted = MultiLabelHead().fit(features, sets, sample_weight=weights)
    without = MultiLabelHead().fit(features[50:], sets[50:])
    np.testing.assert_allclose(weighted.coef_, without.coef_, atol=1e-3)
    reference = LogisticRegression(class_weight="balanced", max_iter=3000).fit(
        features, [label == "side" for label in labels]
    )
    plain = MultiLabelHead().fit(features, sets)
    np.testing.assert_allclose(
        plain.coef_[plain.labels_.index("side")], reference.coef_[0], atol=1e-3
    )


def test_a_label_with_no_negative_example_cannot_be_learnt(data):
    features, _ = data
    with pytest.raises(ValueError, match="both positive and negative"):
        MultiLabelHead().fit(features[:3], [("up",), ("up",), ("up",)])
