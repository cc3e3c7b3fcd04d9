"""The labelled data the heads learn from: TweetEval splits read from a data folder.

Each task's folder holds `train.csv` and `val.csv` with columns `label` and `text`
(TweetEval as laid out in ../shared/data). A bad row stops loading with file, row and
field named: a silently skipped row would change what a model is measured on.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Task:
    name: str
    folder: str
    labels: tuple[str, ...]
    metric: str  # "macro_recall" | "macro_f1"
    # Published TweetEval test-set figures, printed beside ours for orientation.
    published: tuple[tuple[str, float], ...] = ()


SENTIMENT = Task(
    "sentiment",
    "tweeteval_sentiment",
    ("negative", "neutral", "positive"),
    "macro_recall",
    (("RoBERTa-base", 71.3), ("BERTweet", 73.4), ("TimeLMs-2021", 73.7)),
)
OFFENSIVE = Task(
    "offensive",
    "tweeteval_offensive",
    ("not-offensive", "offensive"),
    "macro_f1",
    (("FastText", 73.4), ("RoBERTa-base", 79.5), ("TimeLMs-2021", 82.2)),
)
EMOTION = Task(
    "emotion",
    "tweeteval_emotion",
    ("anger", "joy", "optimism", "sadness"),
    "macro_f1",
    (("RoBERTa-base", 76.1), ("BERTweet", 79.3), ("TimeLMs-2021", 80.2)),
)
TASKS = {task.name: task for task in (SENTIMENT, OFFENSIVE, EMOTION)}


class DataError(ValueError):
    """A data file is missing or malformed; the message names file, row and field."""


@dataclass(frozen=True)
class Split:
    texts: list[str]
    labels: list[str]
    path: Path
    problems: tuple[str, ...] = ()  # one sentence per bad row left out (file, row, field)


def load_split(data_dir: Path, task: Task, split: str) -> Split:
    """A TweetEval split's good rows; each bad row is named in `problems` and left out."""
    path = data_dir / task.folder / f"{split}.csv"
    found, problems = load_rows_skipping_bad(
        path, task.labels, f"TweetEval's {task.name} {split} split"
    )
    return Split(found.texts, found.labels, path, tuple(problems))


def load_rows_skipping_bad(
    path: Path, labels: tuple[str, ...], description: str
) -> tuple[Split, list[str]]:
    """A `label,text` file's good rows, and one sentence per bad row (file, row, field).

    A bad row (unknown label, empty text) is left out and named; a missing file, missing
    columns or a file with no good row stop with a DataError.
    """
    if not path.is_file():
        raise DataError(f"{path} is missing (expected {description})")
    texts, found, problems = [], [], []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = {"label", "text"} - set(reader.fieldnames or ())
        if missing:
            raise DataError(f"{path}, row 1: no column {', '.join(sorted(missing))}")
        for row_number, row in enumerate(reader, start=2):
            label, text = (row.get("label") or "").strip(), row.get("text") or ""
            if label not in labels:
                problems.append(
                    f"{path}, row {row_number}, field label: {label!r} is not one of "
                    f"{', '.join(labels)}; row skipped"
                )
            elif not text.strip():
                problems.append(f"{path}, row {row_number}, field text: empty; row skipped")
            else:
                texts.append(text)
                found.append(label)
    if not texts:
        raise DataError(f"{path} has no usable rows")
    return Split(texts, found, path), problems
