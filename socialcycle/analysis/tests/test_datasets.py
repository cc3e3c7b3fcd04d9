"""Training data: a bad row is named with file, row and field and left out; a file with
no usable row, or without its columns, stops with its name."""

import pytest

from socialcycle.analysis.datasets import SENTIMENT, DataError, load_split
from socialcycle.analysis.kinds import load_examples


def write(tmp_path, content):
    folder = tmp_path / "tweeteval_sentiment"
    folder.mkdir()
    (folder / "train.csv").write_text(content, encoding="utf-8")
    return tmp_path


def test_a_good_file_loads(tmp_path):
    split = load_split(
        write(tmp_path, "label,text\npositive,great\nnegative,awful\n"), SENTIMENT, "train"
    )
    assert split.labels == ["positive", "negative"]


def test_bad_rows_are_named_and_the_rest_is_kept(tmp_path):
    split = load_split(
        write(tmp_path, "label,text\npositive,great\nhappy,awful\nnegative,\nnegative,meh\n"),
        SENTIMENT,
        "train",
    )
    assert split.texts == ["great", "meh"]
    assert split.labels == ["positive", "negative"]
    assert len(split.problems) == 2
    assert "train.csv, row 3, field label: 'happy' is not one of" in split.problems[0]
    assert "train.csv, row 4, field text: empty; row skipped" in split.problems[1]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("label,text\nhappy,great\n", "has no usable rows"),
        ("text\ngreat\n", "row 1: no column label"),
        ("label,text\n", "has no usable rows"),
    ],
)
def test_a_file_with_nothing_to_learn_stops_with_its_name(tmp_path, content, message):
    with pytest.raises(DataError, match=message):
        load_split(write(tmp_path, content), SENTIMENT, "train")


def test_a_missing_split_says_which(tmp_path):
    with pytest.raises(DataError, match=r"tweeteval_sentiment/val\.csv is missing"):
        load_split(tmp_path, SENTIMENT, "val")


def test_the_seed_examples_cover_every_kind_forty_times():
    examples = load_examples()
    counts: dict[str, int] = {}
    for example in examples:
        for kind in example.kinds:
            counts[kind] = counts.get(kind, 0) + 1
    assert len(counts) == 10
    assert min(counts.values()) >= 40


def test_a_seed_row_with_an_unknown_kind_is_named(tmp_path):
    path = tmp_path / "seed.csv"
    path.write_text("text,kinds\nnice,praise\nhmm,rant\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"seed\.csv, row 3"):
        load_examples(path)
