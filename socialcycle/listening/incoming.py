"""The shape every importer turns its input into before posts are recorded."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class IncomingPost:
    """One post as read from a channel, before it is stored."""

    external_id: str
    text: str
    created_at: datetime
    author_handle: str = ""
    author_name: str = ""
    author_email: str = ""
    author_audience: int = 0
    title: str = ""
    url: str = ""
    rating: int | None = None
    likes: int = 0
    shares: int = 0
    parent_external_id: str = ""
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass
class RecordResult:
    """What recording a batch did, for the import report."""

    created: int = 0
    updated: int = 0
    repeated: int = 0  # Copies of a post seen earlier in the same batch, not stored twice.
    post_ids: list[int] = field(default_factory=list)
    # External ids of the posts this call created (the rest of post_ids it updated).
    created_ids: set[str] = field(default_factory=set)
    # Posts by people erased on request, left out (listening/erasures.py).
    withheld_ids: list[str] = field(default_factory=list)

    @property
    def withheld(self) -> int:
        return len(self.withheld_ids)
