"""Posts labelled with feedback kinds, read from the CSV files in `<data>/kinds/`.

`labelled_train.csv` labels every one of the ten kinds on each post (an empty `kinds` means
none of them) and says where each post comes from (`source`) and how it was drawn (`draw`:
`random`, or the keyword rule that drew it). The public sets carry one or two kinds each, in
the same `kinds` column, with a `source_id` instead.

A bad row (no text, a kind that is not one of the ten, no source) is skipped and reported
with file, row and field, so one typo does not stop an evaluation; the report prints them.
Rows are counted as in a spreadsheet: the header is row 1.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from socialcycle.analysis.datasets import DataError
from socialcycle.analysis.labels import FeedbackKind

KIND_CODES = tuple(kind.value for kind in FeedbackKind)
RANDOM_DRAW = "random"


@dataclass(frozen=True)
class RowProblem:
    file: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}, field {self.field}: {self.message}"


@dataclass
class LabelledPosts:
    """The good rows of one file, column by column, and the problems of the bad ones."""

    path: Path
    texts: list[str] = field(default_factory=list)
    kinds: list[tuple[str, ...]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    draws: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    rows_read: int = 0

    def __len__(self) -> int:
        return len(self.texts)

    def is_random(self) -> list[bool]:
        return [draw == RANDOM_DRAW for draw in self.draws]


@dataclass(frozen=True)
class PublicSet:
    file: str
    kinds: tuple[str, ...]
    what: str
    licence: str


# SOURCE.md says which kind each public file speaks for; it says nothing about the others.
PUBLIC_SETS = (
    PublicSet(
        "semeval2019_task9a_suggestions.csv",
        ("idea",),
        "software-forum suggestions",
        "CC BY-NC-SA 4.0 (non-commercial, share-alike)",
    ),
    PublicSet(
        "complaints_preotiuc2019.csv",
        ("complaint",),
        "complaint tweets",
        "none stated (tweets under Twitter's terms)",
    ),
    PublicSet(
        "kotzias2015_review_sentences.csv",
        ("praise", "complaint"),
        "polar review sentences",
        "none in the readme; CC BY 4.0 on the UCI repository page",
    ),
    PublicSet(
        "tweet_acts_questions.csv",
        ("question",),
        "tweet speech acts",
        "BSD-2-Clause repository (tweets under Twitter's terms)",
    ),
    PublicSet(
        "compsent19_brands.csv",
        ("competitive",),
        "brand comparisons (weak proxy)",
        "none stated",
    ),
    PublicSet(
        "negi_c2c_suggestions.csv",
        ("service_tip",),
        "customer-to-customer tips (weak proxy)",
        "academic research only",
    ),
)


LABELLED_LICENCE = (
    "research only: TWCS tweets CC BY-NC-SA 4.0; the app, Alexa and Skytrax reviews are public "
    "posts republished without a licence (kinds/LABELLED_TRAIN.md)"
)


def parse_kinds(value: str) -> tuple[tuple[str, ...], list[str]]:
    """The kinds of a `;`-separated field, and any names that are not kinds."""
    names = [name.strip() for name in value.split(";") if name.strip()]
    unknown = [name for name in names if name not in KIND_CODES]
    return tuple(name for name in names if name in KIND_CODES), unknown


def source_of(row: dict[str, str]) -> str:
    """The domain a post comes from: the `source` column, else `source_id`'s dataset part.

    labelled_train.csv names its five pools in `source` (tweets to brands, SMS-app reviews,
    smart-speaker reviews, airline reviews, language-app reviews); the public sets' ids
    start with their dataset (`complaints2019:apparel:…` is the dataset `complaints2019`).
    """
    source = (row.get("source") or "").strip()
    if source:
        return source
    return (row.get("source_id") or "").split(":", 1)[0].strip()


def read_labelled(path: Path, need_source: bool = False) -> LabelledPosts:
    """The labelled posts of `path`; bad rows are skipped and named in `problems`."""
    if not path.is_file():
        raise DataError(f"{path} is missing")
    posts = LabelledPosts(path)
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns = set(reader.fieldnames or ())
        missing = {"text", "kinds"} - columns
        if need_source and not columns & {"source", "source_id"}:
            missing.add("source")
        if missing:
            raise DataError(f"{path}, row 1: no column {', '.join(sorted(missing))}")
        for row_number, row in enumerate(reader, start=2):
            posts.rows_read += 1
            _add_row(posts, row, row_number, need_source)
    return posts


def _add_row(posts: LabelledPosts, row: dict[str, str], row_number: int, need_source: bool) -> None:
    name = posts.path.name
    text = (row.get("text") or "").strip()
    kinds, unknown = parse_kinds(row.get("kinds") or "")
    source = source_of(row)
    problems = []
    if not text:
        problems.append(RowProblem(name, row_number, "text", "empty"))
    if unknown:
        problems.append(
            RowProblem(
                name,
                row_number,
                "kinds",
                f"{', '.join(map(repr, unknown))} is not one of {', '.join(KIND_CODES)}",
            )
        )
    if need_source and not source:
        problems.append(RowProblem(name, row_number, "source", "empty"))
    if problems:
        posts.problems.extend(problems)
        return
    posts.texts.append(text)
    posts.kinds.append(kinds)
    posts.sources.append(source)
    posts.draws.append((row.get("draw") or "").strip())
