"""Posts pushed through the intake API: validated one by one, stored together."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from socialcycle.accounts.models import Workspace
from socialcycle.lib.errors import DomainError
from socialcycle.listening.importers.base import ImportProblem, RawRecord
from socialcycle.listening.importers.mapping import TARGETS, ColumnMapping, map_record
from socialcycle.listening.incoming import IncomingPost
from socialcycle.listening.models import Channel, Source
from socialcycle.listening.services import create_source, record_posts

MAX_BATCH = 1000
# The API's field names are the post's own: no guessing of columns.
INTAKE_MAPPING = ColumnMapping(columns={target: (target,) for target in TARGETS})


@dataclass(frozen=True)
class ItemResult:
    external_id: str
    status: str  # "created" | "updated" | "duplicate" | "withheld" | "rejected"
    field: str = ""
    problem: str = ""


@dataclass
class IntakeResult:
    source: Source
    results: list[ItemResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for result in self.results if result.status == status)


class IntakeError(DomainError):
    """The request as a whole cannot be taken (no source name, too many items, …)."""

    code = "intake"


def receive_posts(
    workspace: Workspace, *, source_name: str, channel: str, items: list[Any]
) -> IntakeResult:
    """Store the valid items and say, item by item and in order, what became of each."""
    if not source_name.strip():
        raise IntakeError("source must name the source these posts come from.")
    if not 1 <= len(items) <= MAX_BATCH:
        raise IntakeError(f"posts must hold between 1 and {MAX_BATCH} items, not {len(items)}.")
    if channel not in Channel.values:
        raise IntakeError(f"channel must be one of {', '.join(Channel.values)}, not {channel!r}.")
    source = create_source(workspace, name=source_name.strip(), channel=channel)
    outcomes = [_validate(number, item) for number, item in enumerate(items, start=1)]
    valid = _first_of_each(outcomes)
    recorded = record_posts(source, list(valid.values()))
    withheld = set(recorded.withheld_ids)
    result = IntakeResult(source=source)
    for number, outcome in enumerate(outcomes, start=1):
        result.results.append(_item_result(number, outcome, valid, recorded.created_ids, withheld))
    return result


def _validate(number: int, item: Any) -> IncomingPost | ImportProblem:
    where = f"item {number}"
    if not isinstance(item, dict):
        return ImportProblem("request", where, "", "is not a JSON object")
    return map_record(RawRecord(number, where, item), INTAKE_MAPPING, "request")


def _first_of_each(outcomes: list[IncomingPost | ImportProblem]) -> dict[int, IncomingPost]:
    """The valid items by position, keeping only the first item of each external id."""
    kept: dict[int, IncomingPost] = {}
    seen: set[str] = set()
    for number, outcome in enumerate(outcomes, start=1):
        if isinstance(outcome, IncomingPost) and outcome.external_id not in seen:
            seen.add(outcome.external_id)
            kept[number] = outcome
    return kept


def _item_result(
    number: int,
    outcome: IncomingPost | ImportProblem,
    valid: dict[int, IncomingPost],
    created: set[str],
    withheld: set[str],
) -> ItemResult:
    if isinstance(outcome, ImportProblem):
        external_id = ""
        return ItemResult(external_id, "rejected", outcome.field, outcome.message)
    if number not in valid:
        return ItemResult(
            outcome.external_id,
            "duplicate",
            "external_id",
            "appears earlier in this request; the first copy was kept",
        )
    if outcome.external_id in withheld:
        return ItemResult(
            outcome.external_id,
            "withheld",
            "author_handle",
            "its author was erased from this workspace on request; the post was not stored",
        )
    status = "created" if outcome.external_id in created else "updated"
    return ItemResult(outcome.external_id, status)
