"""File importers, one class per format behind one interface, chosen by name or by sniffing.

A new format is a module here with an Importer subclass, added to IMPORTERS.
"""

from __future__ import annotations

from pathlib import Path

from socialcycle.listening.importers import dates
from socialcycle.listening.importers.base import (
    Importer,
    ImportProblem,
    RawRecord,
    UnreadableFileError,
)
from socialcycle.listening.importers.csv_files import CsvImporter
from socialcycle.listening.importers.email_files import EmailImporter, MboxImporter
from socialcycle.listening.importers.json_files import JsonImporter, JsonLinesImporter

IMPORTERS: dict[str, Importer] = {
    importer.name: importer
    for importer in (
        CsvImporter(),
        JsonImporter(),
        JsonLinesImporter(),
        EmailImporter(),
        MboxImporter(),
    )
}
EMAIL_HEADERS = (b"received:", b"from:", b"message-id:", b"return-path:", b"delivered-to:")


def get_importer(name: str) -> Importer:
    if name not in IMPORTERS:
        raise KeyError(f"no importer named {name!r}; known formats: {', '.join(IMPORTERS)}")
    return IMPORTERS[name]


def detect_format(path: Path, head: bytes) -> str:
    """Guess the format from the extension, else from the first bytes."""
    suffix = path.suffix.lower()
    for importer in IMPORTERS.values():
        if suffix in importer.extensions:
            return importer.name
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"From "):
        return "mbox"
    if start.lower().startswith(EMAIL_HEADERS):
        return "eml"
    if start.startswith(b"["):
        return "json"
    if start.startswith(b"{"):
        first_line = start.split(b"\n", 1)[0].strip()
        return "jsonl" if first_line.endswith(b"}") and b"\n{" in start else "json"
    return "csv"


__all__ = [
    "IMPORTERS",
    "ImportProblem",
    "Importer",
    "RawRecord",
    "UnreadableFileError",
    "dates",
    "detect_format",
    "get_importer",
]
