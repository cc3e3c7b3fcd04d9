"""The labelled spam sample: which pool tweets were read, how they were drawn, their label.

`resources/spam_labels.csv` holds `source_id,label,draw` only (label `spam` or `ham`; draw
`random` or `rule`); the texts stay in `<data>/kinds/pool_twcs.csv` (TWCS, CC BY-NC-SA 4.0)
and are joined on `source_id` when the sample is read, so no tweet is copied into the repo.

The sample was drawn by `draw_sample`: RANDOM_SIZE tweets at random (seed DRAW_SEED), for
the natural base rate, and RULE_SIZE more among the tweets CANDIDATE_RULE matches, because
spam is too rare in the pool for a random draw to hold enough of it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from socialcycle.analysis.datasets import DataError
from socialcycle.analysis.kinds_data import RowProblem

LABELS_FILE = Path(__file__).parent / "resources" / "spam_labels.csv"
# Every pool tweet the packaged scorer flags outside the sample above, labelled by hand
# (source_id,label): the scorer's precision at the pool's natural base rate.
FLAGGED_FILE = Path(__file__).parent / "resources" / "spam_flagged_labels.csv"
POOL_FILE = Path("kinds") / "pool_twcs.csv"
RANDOM_DRAW = "random"
RULE_DRAW = "rule"
DRAW_SEED = 18
RANDOM_SIZE = 400
RULE_SIZE = 250
LABELS = ("spam", "ham")
# Spam-like: a link, a promotion or giveaway word, a request to follow, money-making,
# or four or more mentions (broadcasts to many accounts).
CANDIDATE_RULE = re.compile(
    r"https?://|www\.|giveaway|competition|\bwin\b|\bprize|sweepstake|discount code"
    r"|promo code|coupon|% off|limited (?:time )?offer|use code|follow (?:me|back|us)"
    r"|\bdm (?:me|for)\b|retweet|\brt to\b|crypto|bitcoin|make money|\bearn \$"
    r"|(?:@\w+.*){4,}",
    re.IGNORECASE,
)


@dataclass
class SpamSample:
    """The labelled tweets that were found in the pool, and the rows that were not usable."""

    texts: list[str] = field(default_factory=list)
    is_spam: list[bool] = field(default_factory=list)
    draws: list[str] = field(default_factory=list)
    source_ids: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.texts)


def read_pool(data_dir: Path) -> dict[str, str]:
    """The pool's text by source_id."""
    path = data_dir / POOL_FILE
    if not path.is_file():
        raise DataError(f"{path} does not exist; pass --data with the folder holding kinds/")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if not {"text", "source_id"} <= set(reader.fieldnames or ()):
            raise DataError(f"{path} needs the columns text and source_id")
        return {row["source_id"]: row["text"] for row in reader if row.get("source_id")}


def draw_sample(pool: dict[str, str]) -> list[tuple[str, str]]:
    """(source_id, draw) of the tweets to label: a random draw, then a rule-matched one."""
    ids = sorted(pool)
    rng = np.random.default_rng(DRAW_SEED)
    random_ids = [ids[i] for i in rng.choice(len(ids), RANDOM_SIZE, replace=False)]
    taken = set(random_ids)
    candidates = [i for i in ids if i not in taken and CANDIDATE_RULE.search(pool[i])]
    rule_ids = [candidates[i] for i in rng.choice(len(candidates), RULE_SIZE, replace=False)]
    return [(i, RANDOM_DRAW) for i in random_ids] + [(i, RULE_DRAW) for i in rule_ids]


def read_sample(data_dir: Path, labels_file: Path = LABELS_FILE) -> SpamSample:
    """The labelled sample joined with the pool's texts; bad rows are skipped and named."""
    pool = read_pool(data_dir)
    sample = SpamSample()
    for number, row in _rows(labels_file, {"source_id", "label", "draw"}):
        problem = _problem(row, pool)
        if problem:
            sample.problems.append(RowProblem(labels_file.name, number, *problem))
            continue
        sample.source_ids.append(row["source_id"])
        sample.texts.append(pool[row["source_id"]])
        sample.is_spam.append(row["label"] == "spam")
        sample.draws.append(row["draw"])
    return sample


def _rows(path: Path, columns: set[str]) -> list[tuple[int, dict[str, str]]]:
    """(row number, row) of a CSV file that must have `columns`."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = columns - set(reader.fieldnames or ())
        if missing:
            raise DataError(f"{path} lacks the column(s) {', '.join(sorted(missing))}")
        return list(enumerate(reader, start=2))


def read_flagged(path: Path = FLAGGED_FILE) -> tuple[dict[str, bool], list[RowProblem]]:
    """The hand labels of flagged pool tweets (source_id -> is spam); bad rows named."""
    labels: dict[str, bool] = {}
    problems = []
    for number, row in _rows(path, {"source_id", "label"}):
        source_id = (row.get("source_id") or "").strip()
        label = row.get("label")
        if not source_id:
            problems.append(RowProblem(path.name, number, "source_id", "is empty"))
        elif label not in LABELS:
            message = f"{label!r} is not one of {', '.join(LABELS)}"
            problems.append(RowProblem(path.name, number, "label", message))
        else:
            labels[source_id] = label == "spam"
    return labels, problems


def _problem(row: dict[str, str], pool: dict[str, str]) -> tuple[str, str] | None:
    source_id = (row.get("source_id") or "").strip()
    if not source_id:
        return "source_id", "is empty"
    if source_id not in pool:
        return "source_id", f"{source_id!r} is not in {POOL_FILE}"
    if row.get("label") not in LABELS:
        return "label", f"{row.get('label')!r} is not one of {', '.join(LABELS)}"
    if row.get("draw") not in (RANDOM_DRAW, RULE_DRAW):
        return "draw", f"{row.get('draw')!r} is not {RANDOM_DRAW} or {RULE_DRAW}"
    return None
