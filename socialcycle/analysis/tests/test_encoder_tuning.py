"""Fine-tuning the encoder: what it learns from (never the real posts `evaluate kinds`
scores), what its card records, and that the committed graph is checked before use."""

import json

import numpy as np
import pytest

from socialcycle.analysis import encoder, kinds_training
from socialcycle.analysis.encoder_tuning import (
    UNKNOWN,
    TuningSettings,
    batches,
    train_encoder,
    tuning_tasks,
)
from socialcycle.analysis.kinds_data import KIND_CODES
from socialcycle.analysis.tests.labelled_files import write_csv

TINY = TuningSettings(
    max_tokens=16,
    batch_size=4,
    sentiment_rows=12,
    emotion_rows=8,
    offensive_rows=8,
    public_rows=4,
    seed_rows=8,
    threads=1,
)
TWEETS = {
    "sentiment": ["negative", "neutral", "positive"],
    "emotion": ["anger", "joy", "optimism", "sadness"],
    "offensive": ["not-offensive", "offensive"],
}


@pytest.fixture(autouse=True)
def _score_few_public_rows(monkeypatch):
    monkeypatch.setattr(kinds_training, "EVALUATION_SAMPLE", 4)  # the rest may train


def data_folder(tmp_path):
    for task, labels in TWEETS.items():
        rows = [(labels[n % len(labels)], f"{task} tweet number {n} @user") for n in range(15)]
        for split in ("train", "val"):
            write_csv(tmp_path / f"tweeteval_{task}" / f"{split}.csv", ["label", "text"], rows)
    write_csv(
        tmp_path / "kinds" / "tweet_acts_questions.csv",
        ["text", "kinds", "original_label", "source_id"],
        [(f"is the shop open on day {n}?", "question", "QUE", f"t:{n}") for n in range(6)]
        + [(f"sunny on the pier, day {n}", "", "STM", f"s:{n}") for n in range(6)],
    )
    write_csv(
        tmp_path / "kinds" / "labelled_train.csv",
        ["id", "text", "source", "kinds", "draw"],
        [("r1", "the real post nobody may train the encoder on", "tweets", "praise", "random")],
    )
    return tmp_path


def test_a_public_row_teaches_only_its_own_kinds_and_real_posts_teach_nothing(tmp_path):
    tasks = {task.name: task for task in tuning_tasks(data_folder(tmp_path), TINY, print)}

    kinds = tasks["kinds"]
    assert not any("nobody may train" in text for task in tasks.values() for text in task.texts)
    public = [i for i, text in enumerate(kinds.texts) if "day" in text]
    assert public  # the rows `evaluate kinds` does not score
    question = KIND_CODES.index("question")
    for row in public:
        assert kinds.targets[row][question] in (0.0, 1.0)
        others = np.delete(kinds.targets[row], question)
        assert set(others.tolist()) == {UNKNOWN}
    seed = [i for i in range(len(kinds.texts)) if i not in public]
    assert len(seed) == TINY.seed_rows
    assert UNKNOWN not in kinds.targets[seed]  # a written example speaks for every kind
    assert len(tasks["sentiment"].texts) == TINY.sentiment_rows


def test_every_row_is_in_one_batch_of_one_task(tmp_path):
    tasks = tuning_tasks(data_folder(tmp_path), TINY, print)
    plan = batches(tasks, TINY)

    for index, task in enumerate(tasks):
        rows = sorted(row for owner, batch in plan if owner == index for row in batch)
        assert rows == list(range(len(task.texts)))
    assert max(len(batch) for _, batch in plan) == TINY.batch_size
    assert plan == batches(tasks, TINY)  # the same seed, the same epoch


def test_a_tuned_encoder_is_exported_with_its_card_and_embeds(tmp_path):
    folder = tmp_path / "encoder"
    card = train_encoder(data_folder(tmp_path), folder, TINY, progress=lambda line: None)

    assert card["sha256"] == encoder.file_sha256(folder / encoder.TUNED_GRAPH)
    assert json.loads((folder / encoder.TUNED_CARD).read_text()) == card
    assert card["version"] == encoder.encoder_version(folder) != encoder.BASE_VERSION
    assert set(card["data"]) == {
        "sentiment",
        "emotion",
        "offensive",
        "seed",
        "tweet_acts_questions.csv",
    }
    assert all("licence" in described for described in card["data"].values())
    graph = encoder.tuned_graph(folder)
    assert graph is not None
    assert graph == folder / encoder.TUNED_GRAPH
    embeddings = encoder.Encoder(graph, version=card["version"]).encode(["the app crashes", "ok"])
    np.testing.assert_allclose(np.linalg.norm(embeddings, axis=1), 1.0, atol=1e-5)


def test_a_tuned_graph_that_does_not_match_its_card_refuses_to_load(tmp_path):
    (tmp_path / encoder.TUNED_GRAPH).write_bytes(b"not the graph the card describes")
    (tmp_path / encoder.TUNED_CARD).write_text(json.dumps({"version": "v", "sha256": "0" * 64}))
    with pytest.raises(encoder.EncoderError, match="restore it from the repository"):
        encoder.tuned_graph(tmp_path)


def test_without_a_committed_graph_the_base_encoder_is_named(tmp_path):
    assert encoder.tuned_graph(tmp_path) is None
    assert encoder.encoder_version(tmp_path) == encoder.BASE_VERSION
