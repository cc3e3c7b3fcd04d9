"""The kinds head trained on real posts: what it learns from, what it records, and that a
bad row is named and skipped rather than stopping the training."""

import numpy as np

from socialcycle.analysis import kinds_training
from socialcycle.analysis.heads import MultiLabelHead
from socialcycle.analysis.kinds_data import KIND_CODES
from socialcycle.analysis.kinds_training import (
    PUBLIC_WEIGHT,
    SEED_WEIGHT,
    evaluation_rows,
    kinds_examples,
    public_training_rows,
    train_kinds,
)
from socialcycle.analysis.tests.labelled_files import POSTS, write_csv
from socialcycle.analysis.training import EmbeddingCache


def data_folder(tmp_path):
    rows = [
        [f"{source}-{n}", text, source, kinds, "random"]
        for source, posts in POSTS.items()
        for n, (text, kinds) in enumerate(posts)
    ]
    rows.append(["bad-1", "", "tweets", "praise", "random"])  # row 17: no text
    write_csv(
        tmp_path / "kinds" / "labelled_train.csv", ["id", "text", "source", "kinds", "draw"], rows
    )
    write_csv(
        tmp_path / "kinds" / "tweet_acts_questions.csv",
        ["text", "kinds", "original_label", "source_id"],
        [
            ("what time does the match start tonight?", "question", "QUE", "tac2019:1"),
            ("just watched the sunset from the pier", "", "STM", "tac2019:2"),
            ("coffee first, then the world", "", "STM", "tac2019:3"),
        ],
    )
    return tmp_path


def test_every_source_is_weighted_and_a_public_row_trains_only_its_own_kind(
    tmp_path, pipeline, monkeypatch
):
    monkeypatch.setattr(kinds_training, "EVALUATION_SAMPLE", 1)  # the rest trains
    cache = EmbeddingCache(pipeline.encoder, tmp_path / "cache")
    examples = kinds_examples(data_folder(tmp_path), cache, progress=lambda line: None)

    labelled = [i for i, group in enumerate(examples.groups) if group]
    assert sorted({examples.groups[i] for i in labelled}) == [
        "airline_reviews",
        "app_reviews",
        "tweets",
    ]
    assert len(labelled) == 15
    assert set(examples.weights[labelled]) == {1.0}
    public = [i for i, text in enumerate(examples.texts) if "sunset" in text]
    (row,) = public
    assert examples.weights[row] == PUBLIC_WEIGHT
    assert examples.known[row].tolist() == [kind == "question" for kind in KIND_CODES]
    assert SEED_WEIGHT in set(examples.weights)
    assert examples.embeddings.shape == (len(examples), 384)
    (problem,) = examples.problems
    assert (problem.row, problem.field) == (17, "text")


def test_the_trained_head_records_its_files_licences_and_grouped_scores(tmp_path, pipeline):
    cache = EmbeddingCache(pipeline.encoder, tmp_path / "cache")
    said: list[str] = []
    trained = train_kinds(
        cache, "kinds-test-1", progress=said.append, data_dir=data_folder(tmp_path)
    )

    card = trained.card
    assert card.data["labelled"]["rows"] == 15
    assert "CC BY-NC-SA" in card.data["labelled"]["licence"]
    assert "BSD-2-Clause" in card.data["tweet_acts_questions.csv"]["licence"]
    assert card.data["tweet_acts_questions.csv"]["kinds"] == ["question"]
    assert set(card.metrics["cross_validated_per_kind"]) == set(KIND_CODES)
    assert set(card.metrics["thresholds"]) == set(KIND_CODES)
    assert any("row 17, field text" in line for line in said)
    assert isinstance(trained.head, MultiLabelHead)
    assert trained.head.labels_ == KIND_CODES
    texts = ["Please add a dark mode", "The app crashes on startup"]
    found = trained.head.predict(trained.features.transform(texts, cache.whole_of_texts(texts)))
    assert len(found) == 2


def test_without_real_posts_the_seed_trains_it_and_random_folds_set_thresholds(tmp_path, pipeline):
    cache = EmbeddingCache(pipeline.encoder, tmp_path / "cache")
    trained = train_kinds(cache, "kinds-test-2", progress=lambda line: None, data_dir=None)
    assert "labelled" not in trained.card.data
    assert trained.card.data["seed"]["weight"] == SEED_WEIGHT
    assert 0.0 < trained.score <= 1.0


def test_the_public_rows_it_trains_on_are_never_the_ones_the_evaluation_scores():
    for total in (500, 2500, 9000):
        scored = set(evaluation_rows(total))
        trained = set(public_training_rows(total))
        assert not scored & trained
        assert len(trained) == min(1500, total - len(scored))
    assert np.array_equal(public_training_rows(9000), public_training_rows(9000))
