"""An audit entry as a person reads it: each field that changed, before → after, in words.

The log stores what a service said before and after as JSON (`AuditEvent.before`,
`.after`); shown raw, that was Python's dict notation. Here every field becomes one line,
values as words: lists joined, nested fields as "name: value", nothing as "—".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

NOTHING = "—"
LONGEST_VALUE = 300


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def readable_changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[Change]:
    """The fields that differ (or were only set, or only removed), in the order recorded."""
    before, after = before or {}, after or {}
    fields = list(dict.fromkeys([*before, *after]))
    return [
        Change(field.replace("_", " "), said(before.get(field)), said(after.get(field)))
        for field in fields
        if field not in before or field not in after or before[field] != after[field]
    ]


def said(value: Any) -> str:
    if value is None or value == "":
        return NOTHING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(said(item) for item in value) or "none"
    if isinstance(value, dict):
        return "; ".join(f"{key.replace('_', ' ')}: {said(item)}" for key, item in value.items())
    text = str(value)
    return text if len(text) <= LONGEST_VALUE else text[: LONGEST_VALUE - 1] + "…"
