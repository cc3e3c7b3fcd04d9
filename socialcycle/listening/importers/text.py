"""Turn a file's bytes into text: find the encoding, refuse what is not text at all."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from socialcycle.listening.importers.base import ImportProblem, UnreadableFileError

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Windows-1252 is what spreadsheet programs write when they do not write UTF-8.
FALLBACK_ENCODING = "cp1252"


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


class NotTextError(ValueError):
    """The bytes are not text in any encoding we would guess."""


def decode(data: bytes) -> DecodedText:
    """Decode by BOM, else as UTF-8, else as Windows-1252 (then Latin-1)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return DecodedText(data.decode(encoding, errors="replace"), encoding)
    if _looks_binary(data[:65536]):
        raise NotTextError("it looks like a binary file, not text (CSV, JSON or e-mail)")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return DecodedText(data.decode(FALLBACK_ENCODING), FALLBACK_ENCODING)
    except UnicodeDecodeError:
        return DecodedText(data.decode("latin-1"), "latin-1")


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    return len(head) > 0 and controls / len(head) > 0.05


def read_text(path: Path, data: bytes) -> str:
    """The file's text, or UnreadableFileError when it is empty or not text at all."""
    if not data.strip():
        raise UnreadableFileError(ImportProblem(path.name, message="the file is empty"))
    try:
        return decode(data).text
    except NotTextError as error:
        raise UnreadableFileError(ImportProblem(path.name, message=str(error))) from None
