"""Delimited text: CSV, TSV and semicolon files with a header row."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from socialcycle.listening.importers.base import (
    Importer,
    ImportProblem,
    RawRecord,
    UnreadableFileError,
)
from socialcycle.listening.importers.text import read_text

# Large enough to read a pathological field and reject it with a message, instead of the
# csv module failing the whole file.
csv.field_size_limit(64 * 1024 * 1024)


def sniff_delimiter(sample: str) -> str:
    """The delimiter of the header line: tab, semicolon or comma (the default)."""
    header = sample.split("\n", 1)[0]
    counts = {delimiter: header.count(delimiter) for delimiter in ("\t", ";", ",")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


class CsvImporter(Importer):
    name = "csv"
    label = "CSV or TSV with a header row"
    extensions = (".csv", ".tsv", ".txt")

    def read(self, path: Path, data: bytes) -> Iterator[RawRecord | ImportProblem]:
        text = read_text(path, data)
        reader = csv.reader(
            io.StringIO(text, newline=""), delimiter=sniff_delimiter(text[:4096]), strict=True
        )
        header = _header(path, reader)
        row_number = 1
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                row_number += 1
                yield ImportProblem(
                    path.name,
                    f"row {row_number}",
                    "",
                    f"cannot be read as CSV ({error}); is the file cut short?",
                )
                continue
            row_number += 1
            if not any(value.strip() for value in values):
                continue
            yield _record(path, header, values, row_number)


def _header(path: Path, reader: Iterator[list[str]]) -> list[str]:
    try:
        header = [name.strip() for name in next(reader)]
    except (StopIteration, csv.Error):
        raise UnreadableFileError(ImportProblem(path.name, "row 1", "", "no header row")) from None
    if not any(header):
        raise UnreadableFileError(ImportProblem(path.name, "row 1", "", "the header row is blank"))
    return header


def _record(
    path: Path, header: list[str], values: list[str], number: int
) -> RawRecord | ImportProblem:
    where = f"row {number}"
    if len(values) < len(header):
        return ImportProblem(
            path.name,
            where,
            "",
            f"has {len(values)} of {len(header)} columns; "
            "is the file cut short or a quote left open?",
        )
    if len(values) > len(header) and any(value.strip() for value in values[len(header) :]):
        return ImportProblem(
            path.name,
            where,
            "",
            f"has {len(values)} columns but the header "
            f"names {len(header)}; is a delimiter missing its quotes?",
        )
    return RawRecord(number, where, dict(zip(header, values, strict=False)))
