"""Model versions: the packaged head by default, an activated one when there is one."""

import numpy as np
import pytest

from socialcycle.analysis.encoder import encoder_version
from socialcycle.analysis.features import TextFeatures
from socialcycle.analysis.heads import LinearHead, MultiLabelHead
from socialcycle.analysis.registry import (
    HEAD_FILE,
    ModelCard,
    activate,
    active_folder,
    load_bundle,
    packaged_folder,
    write_bundle,
)


def small_head():
    features = np.array([[0.0, 1.0], [1.0, 0.0], [0.1, 0.9], [0.9, 0.2]], dtype=np.float32)
    return LinearHead().fit(features, ["a", "b", "a", "b"])


def card(version):
    return ModelCard(model="sentiment", version=version, task="t", encoder="e", data={}, metrics={})


def test_without_an_activated_version_the_packaged_head_is_used(tmp_path):
    assert active_folder("sentiment", tmp_path) == packaged_folder("sentiment")


def test_an_activated_version_is_used_and_its_card_records_the_sha256(tmp_path):
    folder = tmp_path / "sentiment" / "sentiment-2"
    written = write_bundle(folder, TextFeatures(), small_head(), card("sentiment-2"))
    activate("sentiment", tmp_path, "sentiment-2")

    assert active_folder("sentiment", tmp_path) == folder
    _, head, loaded_card = load_bundle(folder, LinearHead)
    assert loaded_card.version == "sentiment-2"
    assert loaded_card.sha256 == written.sha256
    assert head.classes_ == ("a", "b")


def test_a_head_file_that_does_not_match_its_card_is_refused(tmp_path):
    folder = tmp_path / "sentiment" / "sentiment-3"
    write_bundle(folder, TextFeatures(), small_head(), card("sentiment-3"))
    (folder / HEAD_FILE).write_bytes((folder / HEAD_FILE).read_bytes() + b"x")
    with pytest.raises(ValueError, match="retrain it"):
        load_bundle(folder, LinearHead)


def test_every_committed_head_has_a_card_with_data_metrics_and_checksum():
    for model in ("sentiment", "offensive", "emotion", "kinds"):
        folder = packaged_folder(model)
        if model == "kinds":
            _, _, model_card = load_bundle(folder, MultiLabelHead)
        else:
            _, _, model_card = load_bundle(folder, LinearHead)
        assert model_card.sha256
        assert model_card.metrics
        assert model_card.data
        assert (folder / HEAD_FILE).stat().st_size < 8_000_000


def test_a_retrained_head_that_read_another_encoder_is_passed_over(tmp_path):
    old = ModelCard(
        model="sentiment",
        version="sentiment-4",
        task="t",
        encoder="all-MiniLM-L6-v2-before-the-upgrade",
        data={},
        metrics={},
    )
    write_bundle(tmp_path / "sentiment" / "sentiment-4", TextFeatures(), small_head(), old)
    activate("sentiment", tmp_path, "sentiment-4")
    assert active_folder("sentiment", tmp_path) == packaged_folder("sentiment")

    current = ModelCard(**{**old.__dict__, "version": "sentiment-5", "encoder": encoder_version()})
    write_bundle(tmp_path / "sentiment" / "sentiment-5", TextFeatures(), small_head(), current)
    activate("sentiment", tmp_path, "sentiment-5")
    assert active_folder("sentiment", tmp_path) == tmp_path / "sentiment" / "sentiment-5"
