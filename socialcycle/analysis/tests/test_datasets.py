"""Training data with a bad row stops with file, row and field named."""

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


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("label,text\npositive,great\nhappy,awful\n", "row 3, field label: 'happy'"),
        ("label,text\npositive,\n", "row 2, field text: empty"),
        ("text\ngreat\n", "row 1: no column label"),
        ("label,text\n", "has no rows"),
    ],
)
def test_bad_rows_are_named(tmp_path, content, message):
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
