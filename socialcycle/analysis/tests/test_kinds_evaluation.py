"""The kinds evaluation on real posts: bad rows are named and skipped, a source is never
on both sides of a fold, and thresholds come from the training sources only."""

import csv

import numpy as np
import pytest

from socialcycle.analysis.datasets import DataError
from socialcycle.analysis.kinds_data import KIND_CODES, RowProblem, parse_kinds, read_labelled
from socialcycle.analysis.kinds_evaluation import (
    fixed,
    grouped_cross_validation,
    leave_one_source_out,
    score_kinds,
    truth_matrix,
)


def write_csv(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


HEADER = ["id", "text", "source", "kinds", "draw"]


def test_good_rows_are_read_and_bad_rows_are_named_by_file_row_and_field(tmp_path):
    path = write_csv(
        tmp_path / "labelled.csv",
        HEADER,
        [
            ["1", "The app crashes when I open it", "reviews", "early_warning;complaint", "random"],
            ["2", "   ", "reviews", "complaint", "random"],
            ["3", "Love it", "reviews", "praise;delight", "random"],
            ["4", "Nothing to say really", "tweets", "", "keyword:service_tip"],
            ["5", "Where is my parcel?", "", "question", "random"],
            ["6", "Great, thanks", "tweets", " praise ; testimonial ", "random"],
        ],
    )

    posts = read_labelled(path, need_source=True)

    assert posts.texts == [
        "The app crashes when I open it",
        "Nothing to say really",
        "Great, thanks",
    ]
    assert posts.kinds == [("early_warning", "complaint"), (), ("praise", "testimonial")]
    assert posts.sources == ["reviews", "tweets", "tweets"]
    assert posts.is_random() == [True, False, True]
    assert [(p.file, p.row, p.field) for p in posts.problems] == [
        ("labelled.csv", 3, "text"),
        ("labelled.csv", 4, "kinds"),
        ("labelled.csv", 6, "source"),
    ]
    assert "'delight' is not one of idea" in str(posts.problems[1])
    assert str(posts.problems[0]) == "labelled.csv, row 3, field text: empty"
    assert posts.rows_read == 6


def test_the_source_falls_back_to_the_dataset_part_of_source_id(tmp_path):
    path = write_csv(
        tmp_path / "public.csv",
        ["text", "kinds", "original_label", "source_id"],
        [["My order never came", "complaint", "complaint", "complaints2019:retail:42"]],
    )
    assert read_labelled(path, need_source=True).sources == ["complaints2019"]


def test_a_file_without_the_text_or_kinds_column_stops_with_its_name(tmp_path):
    path = write_csv(tmp_path / "odd.csv", ["body", "kinds"], [["hello", ""]])
    with pytest.raises(DataError, match=r"odd.csv, row 1: no column text"):
        read_labelled(path)


def test_kinds_are_split_on_semicolons_and_unknown_names_are_returned():
    assert parse_kinds("idea; question;") == (("idea", "question"), [])
    assert parse_kinds("") == ((), [])
    assert parse_kinds("praise;suggestion") == (("praise",), ["suggestion"])
    assert isinstance(RowProblem("f", 2, "kinds", "x"), RowProblem)


SOURCES = ["tweets"] * 6 + ["reviews"] * 5 + ["forum"] * 4 + ["airline"] * 5


def test_leave_one_source_out_never_puts_a_source_on_both_sides():
    folds = leave_one_source_out(SOURCES)

    assert [source for source, _, _ in folds] == sorted(set(SOURCES))
    tested = np.concatenate([test for _, _, test in folds])
    assert sorted(tested.tolist()) == list(range(len(SOURCES)))  # every row scored once
    for source, train, test in folds:
        assert {SOURCES[i] for i in test} == {source}
        assert source not in {SOURCES[i] for i in train}


def test_no_fit_ever_trains_on_a_source_it_predicts_or_on_the_scored_source():
    rng = np.random.default_rng(1)
    truth = rng.random((len(SOURCES), 2)) < 0.4
    calls = []

    def recording(train, predict):
        calls.append(({SOURCES[i] for i in train}, {SOURCES[i] for i in predict}))
        return rng.random((len(predict), 2))

    result = grouped_cross_validation(SOURCES, truth, recording)

    assert result.fits == len(calls) == 4 + 6  # each source alone, then each pair once
    for trained_on, predicted in calls:
        assert not trained_on & predicted
        assert trained_on | predicted == set(SOURCES)
    assert result.predicted.shape == truth.shape


def test_thresholds_come_from_the_training_sources_not_from_the_scored_one():
    rng = np.random.default_rng(7)
    probabilities = rng.random((len(SOURCES), 1))
    truth = probabilities > 0.55
    held = np.array(SOURCES) == "forum"

    before = grouped_cross_validation(SOURCES, truth, fixed(probabilities))
    relabelled = truth.copy()
    relabelled[held] = ~relabelled[held]  # the scored source's labels say the opposite
    after = grouped_cross_validation(SOURCES, relabelled, fixed(probabilities))

    assert after.thresholds["forum"] == before.thresholds["forum"]
    assert (after.predicted[held] == before.predicted[held]).all()
    # ...while the folds that train on the forum's labels do move with them.
    assert any(after.thresholds[s] != before.thresholds[s] for s in ("tweets", "reviews"))


def test_two_sources_are_not_enough_for_an_inner_split():
    truth = np.zeros((4, 1), dtype=bool)
    with pytest.raises(DataError, match="at least three sources"):
        grouped_cross_validation(["a", "a", "b", "b"], truth, fixed(np.zeros((4, 1))))


def test_precision_at_the_natural_base_rate_counts_only_random_rows():
    gold = [("question",), (), ("question",), ()]
    found = [("question",), ("question",), ("question",), ("question",)]
    is_random = [True, True, False, False]

    scores = score_kinds(truth_matrix(gold), truth_matrix(found), is_random)

    question = scores["question"]
    assert question.precision == pytest.approx(0.5)  # 2 of 4 over every row
    assert question.random_precision == pytest.approx(0.5)
    assert question.random_support == 1
    assert scores["idea"].random_precision is None  # never predicted
    assert set(scores) == set(KIND_CODES)

    only_hits_random = score_kinds(
        truth_matrix(gold), truth_matrix(found), [True, False, True, False]
    )
    assert only_hits_random["question"].random_precision == pytest.approx(1.0)


def test_a_sample_of_a_file_is_cached_apart_and_reported_as_it_goes(tmp_path, pipeline):
    from socialcycle.analysis.training import ENCODE_CHUNK, EmbeddingCache

    path = write_csv(tmp_path / "posts.csv", ["text"], [["a"]])
    texts = [f"post number {n} about the app" for n in range(ENCODE_CHUNK + 3)]
    cache = EmbeddingCache(pipeline.encoder, tmp_path / "cache")
    reported: list[int] = []

    first = cache.of_file(path, texts, variant="sample70", advance=reported.append)
    again = cache.of_file(path, texts, variant="sample70", advance=reported.append)

    assert reported == [ENCODE_CHUNK, 3, len(texts)]  # in chunks, then all at once from disk
    assert np.array_equal(first, again)
    assert np.allclose(first, pipeline.encoder.encode(texts))
    (stored,) = (tmp_path / "cache").iterdir()
    assert "-sample70-" in stored.name
