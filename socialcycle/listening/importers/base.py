"""What every importer shares: records read from a file, and problems found in them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class RawRecord:
    """One row or object as read, before any mapping; `where` is "row 7", "line 3", "item 2"."""

    number: int
    where: str
    fields: dict[str, Any]


@dataclass(frozen=True)
class ImportProblem:
    """Something a user must fix, said as a sentence naming file, place and field."""

    file: str
    where: str = ""
    field: str = ""
    message: str = ""

    def __str__(self) -> str:
        place = ", ".join(part for part in (self.file, self.where) if part)
        if self.field:
            place += f", field {self.field}"
        return f"{place}: {self.message}"

    def as_row(self) -> dict[str, str]:
        return {
            "file": self.file,
            "where": self.where,
            "field": self.field,
            "problem": self.message,
        }


class UnreadableFileError(Exception):
    """The whole file cannot be read (empty, binary, no usable header)."""

    def __init__(self, problem: ImportProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class Importer:
    """Reads one file format into records; mapping them to posts is done elsewhere.

    `read` yields a RawRecord for every readable row and an ImportProblem for every row that
    could not be read, so one bad row never hides the good ones beside it.
    """

    name: str = ""
    label: str = ""
    extensions: tuple[str, ...] = ()

    def read(self, path: Path, data: bytes) -> Iterator[RawRecord | ImportProblem]:
        raise NotImplementedError
