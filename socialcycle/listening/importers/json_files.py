"""JSON files: one array of objects (or an object holding one), and JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from socialcycle.listening.importers.base import (
    Importer,
    ImportProblem,
    RawRecord,
    UnreadableFileError,
)
from socialcycle.listening.importers.text import read_text

DECODER = json.JSONDecoder()
# Keys under which exports commonly wrap their list of items.
WRAPPER_KEYS = ("data", "items", "results", "records", "posts", "tickets", "reviews", "children")


class JsonLinesImporter(Importer):
    name = "jsonl"
    label = "JSON Lines (one object per line)"
    extensions = (".jsonl", ".ndjson")

    def read(self, path: Path, data: bytes) -> Iterator[RawRecord | ImportProblem]:
        text = read_text(path, data)
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            where = f"line {number}"
            try:
                value = json.loads(line)
            except json.JSONDecodeError as error:
                yield ImportProblem(path.name, where, "", f"is not valid JSON ({error.msg})")
                continue
            yield _as_record(path, value, number, where)


class JsonImporter(Importer):
    name = "json"
    label = "JSON (an array of objects)"
    extensions = (".json",)

    def read(self, path: Path, data: bytes) -> Iterator[RawRecord | ImportProblem]:
        text = read_text(path, data)
        start = _array_start(path, text)
        yield from _array_items(path, text, start)


def _array_start(path: Path, text: str) -> int:
    """Where the list of items begins: the top-level array, or the array inside a wrapper."""
    stripped = text.lstrip()
    offset = len(text) - len(stripped)
    if stripped.startswith("["):
        return offset
    if stripped.startswith("{"):
        try:
            whole = json.loads(text)
        except json.JSONDecodeError as error:
            raise UnreadableFileError(
                ImportProblem(
                    path.name, f"line {error.lineno}", "", f"is not valid JSON ({error.msg})"
                )
            ) from None
        for key in WRAPPER_KEYS:
            if isinstance(whole.get(key), list):
                return text.index("[", text.index(f'"{key}"'))
        raise UnreadableFileError(
            ImportProblem(
                path.name,
                message="holds one object, not a list of "
                f"items (looked for a list under {', '.join(WRAPPER_KEYS)})",
            )
        )
    raise UnreadableFileError(
        ImportProblem(path.name, message="does not start with a JSON array or object")
    )


def _array_items(path: Path, text: str, start: int) -> Iterator[RawRecord | ImportProblem]:
    """Decode items one by one, so a malformed item costs only itself."""
    position, number = start + 1, 0
    while True:
        position = _skip(text, position, " \t\r\n,")
        if position >= len(text) or text[position] == "]":
            return
        number += 1
        where = f"item {number}"
        try:
            value, position = DECODER.raw_decode(text, position)
        except json.JSONDecodeError as error:
            end = _end_of_item(text, position)
            if end is None:
                yield ImportProblem(
                    path.name, where, "", "the file ends inside this item; is it cut short?"
                )
                return
            line = text.count("\n", 0, error.pos) + 1
            yield ImportProblem(
                path.name, where, "", f"is not valid JSON ({error.msg} on line {line})"
            )
            position = end
            continue
        yield _as_record(path, value, number, where)


def _skip(text: str, position: int, characters: str) -> int:
    while position < len(text) and text[position] in characters:
        position += 1
    return position


def _end_of_item(text: str, position: int) -> int | None:
    """Just past the object or array starting at `position`, honouring strings; None if open."""
    opening = text[position] if position < len(text) else ""
    if opening not in "{[":
        comma = text.find(",", position)
        return None if comma < 0 else comma
    depth, in_string, escaped = 0, False, False
    for index in range(position, len(text)):
        char = text[index]
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                return index + 1
    return None


def _as_record(path: Path, value: Any, number: int, where: str) -> RawRecord | ImportProblem:
    if not isinstance(value, dict):
        return ImportProblem(
            path.name, where, "", f"is a JSON {type(value).__name__}, not an object"
        )
    return RawRecord(number, where, value)
