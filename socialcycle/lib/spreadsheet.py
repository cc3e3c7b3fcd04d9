"""CSV that is safe to open in a spreadsheet: every export of the product writes it so."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

# A cell starting with one of these would run as a formula in a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "


def csv_text(rows: Any) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def csv_cell(value: Any) -> Any:
    """A value as a spreadsheet-safe CSV cell: lists joined with "; ", dicts as key=value,
    text that a spreadsheet would run as a formula prefixed with '."""
    kind = type(value)
    if kind is str:  # most cells: checked first, since a million rows make 24 million cells
        return "'" + value if value.startswith(FORMULA_START) else value
    if value is None:
        return ""
    if kind is bool:
        return "true" if value else "false"
    if kind is int or kind is float:
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(item) for item in value)
    elif isinstance(value, dict):
        value = LIST_SEPARATOR.join(f"{key}={item}" for key, item in sorted(value.items()))
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text
