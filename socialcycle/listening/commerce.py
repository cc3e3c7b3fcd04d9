"""Commerce and CRM events (trials, purchases, referrals) on the engagement ladder.

A shop or CRM reports what a customer did, keyed by e-mail address or customer id, from
a file (`socialcycle import-events`) or the API (`POST /api/v1/events`). Each event lands
on the participant it names, or on a new participant when nobody matches, so an event is
never lost; the People page then suggests merging that person with the one who spoke
under the same address. Each event's id in the reporting system makes it idempotent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower

from socialcycle.accounts.models import Workspace
from socialcycle.lib.errors import DomainError
from socialcycle.listening.importers import (
    ImportProblem,
    RawRecord,
    UnreadableFileError,
    detect_format,
    get_importer,
)
from socialcycle.listening.importers.mapping import lookup, parse_datetime
from socialcycle.listening.models import EngagementEvent, Participant
from socialcycle.listening.participants import kept_participant

Stage = EngagementEvent.Stage
COMMERCE_STAGES = (Stage.TRIAL, Stage.PURCHASE, Stage.ADVOCACY)
EVENT_FORMATS = ("csv", "json", "jsonl")
MAX_BATCH = 1000
BATCH_SIZE = 1000
# Fields with a meaning of their own; every other field of a row is kept in `details`.
KNOWN_FIELDS = ("event_id", "stage", "action", "occurred_at", "email", "customer_id", "name")
MAX_DETAIL_FIELDS = 20


@dataclass(frozen=True)
class CommerceEvent:
    """One event as reported, validated, before it is matched to a participant."""

    external_id: str
    stage: str
    action: str
    occurred_at: datetime
    email: str = ""
    customer_id: str = ""
    name: str = ""
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class EventOutcome:
    """What became of one reported event: created, already recorded, repeated or rejected."""

    external_id: str
    status: str  # "created" | "existing" | "duplicate" | "rejected"
    participant_id: int | None = None
    field: str = ""
    problem: str = ""


@dataclass
class EventImportResult:
    """Counts and problems of one file or request, for the report and the exit status."""

    outcomes: list[EventOutcome] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    participants_created: int = 0

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def rejected(self) -> int:
        return self.count("rejected")


class EventIntakeError(DomainError):
    """The request or file as a whole cannot be taken (too many items, unknown format, …)."""

    code = "event_intake"


def parse_event(record: RawRecord, file: str) -> CommerceEvent | ImportProblem:
    """The event a record describes, or the first thing wrong with it, naming the field."""
    values = {name: _text(lookup(record.fields, name)) for name in KNOWN_FIELDS}

    def problem(name: str, message: str) -> ImportProblem:
        return ImportProblem(file, record.where, name, message)

    if not values["event_id"]:
        return problem("event_id", "is missing (every event needs its id in your system)")
    if len(values["event_id"]) > 255:
        return problem("event_id", "is longer than 255 characters")
    stage = values["stage"].lower()
    if stage not in COMMERCE_STAGES:
        allowed = ", ".join(str(s) for s in COMMERCE_STAGES)
        return problem("stage", f"{values['stage'][:40]!r} is not one of {allowed}")
    if not values["occurred_at"]:
        return problem("occurred_at", "is missing")
    try:
        occurred_at = parse_datetime(values["occurred_at"])
    except ValueError as error:
        return problem("occurred_at", str(error))
    email, customer_id = values["email"].lower(), values["customer_id"]
    if not email and not customer_id:
        return problem("email", "is missing, and so is customer_id: name who did this")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            return problem("email", f"{values['email'][:60]!r} is not an e-mail address")
    if len(customer_id) > 120:
        return problem("customer_id", "is longer than 120 characters")
    return CommerceEvent(
        external_id=values["event_id"],
        stage=stage,
        action=(values["action"] or stage)[:40],
        occurred_at=occurred_at,
        email=email,
        customer_id=customer_id,
        name=values["name"][:200],
        details=_details(record.fields),
    )


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _loose(name: str) -> str:
    return "".join(char for char in name.lower() if char.isalnum())


def _details(fields: dict[str, Any]) -> dict[str, Any]:
    known = {_loose(name) for name in KNOWN_FIELDS}
    extra = {
        key: value
        for key, value in fields.items()
        if _loose(key) not in known
        and value not in (None, "")
        and isinstance(value, str | int | float | bool)
    }
    return dict(islice(extra.items(), MAX_DETAIL_FIELDS))


def record_events(workspace: Workspace, events: Sequence[CommerceEvent]) -> EventImportResult:
    """Store events in one transaction; an event id seen before is left as it was.

    Returns one outcome per event, in order. A repeated id within `events` keeps the first.
    """
    result = EventImportResult()
    first: dict[str, CommerceEvent] = {}
    for event in events:
        first.setdefault(event.external_id, event)
    with transaction.atomic():
        existing = dict(
            EngagementEvent.objects.filter(
                workspace=workspace, external_id__in=list(first)
            ).values_list("external_id", "participant_id")
        )
        new = [event for event in first.values() if event.external_id not in existing]
        people, created = _participants_for(workspace, new)
        result.participants_created = created
        EngagementEvent.objects.bulk_create(
            [
                EngagementEvent(
                    workspace=workspace,
                    participant=people[_key(event)],
                    stage=event.stage,
                    action=event.action,
                    occurred_at=event.occurred_at,
                    details=event.details,
                    external_id=event.external_id,
                )
                for event in new
            ],
            # A concurrent import of the same events: the constraint keeps one of each.
            ignore_conflicts=True,
        )
    seen: set[str] = set()
    for event in events:
        if event.external_id in seen:
            result.outcomes.append(
                EventOutcome(
                    event.external_id,
                    "duplicate",
                    field="event_id",
                    problem="appears earlier in this batch; the first copy was kept",
                )
            )
            continue
        seen.add(event.external_id)
        if event.external_id in existing:
            result.outcomes.append(
                EventOutcome(event.external_id, "existing", existing[event.external_id])
            )
        else:
            result.outcomes.append(
                EventOutcome(event.external_id, "created", people[_key(event)].pk)
            )
    return result


def _key(event: CommerceEvent) -> tuple[str, str]:
    return (event.customer_id, event.email)


def _participants_for(
    workspace: Workspace, events: Sequence[CommerceEvent]
) -> tuple[dict[tuple[str, str], Participant], int]:
    """The participant for each (customer id, e-mail), created when nobody matches.

    A customer id match wins over an e-mail match (ids are what shops are sure of); a
    merged participant is replaced by the one it was merged into. Existing participants
    are not changed: staff decide whether two records are one person.
    """
    customer_ids = {event.customer_id for event in events if event.customer_id}
    emails = {event.email for event in events if event.email}
    by_customer: dict[str, Participant] = {}
    by_email: dict[str, Participant] = {}
    if customer_ids:
        for person in Participant.objects.filter(
            workspace=workspace, customer_id__in=customer_ids
        ).order_by("id"):
            by_customer.setdefault(person.customer_id, person)
    if emails:
        # Lower(): addresses were stored as the channels spelt them.
        matches = (
            Participant.objects.filter(workspace=workspace)
            .annotate(email_key=Lower("email"))
            .filter(email_key__in=emails)
            .order_by("id")
        )
        for person in matches:
            by_email.setdefault(person.email.lower(), person)
    people: dict[tuple[str, str], Participant] = {}
    missing: list[CommerceEvent] = []
    for event in events:
        found = by_customer.get(event.customer_id) or by_email.get(event.email)
        if found is not None:
            people[_key(event)] = kept_participant(found)
        else:
            missing.append(event)
    new_people: list[Participant] = []
    for event in missing:
        # Two events of one new customer (say one with an id, one with only the address)
        # share the participant made for the first.
        found = by_customer.get(event.customer_id) or by_email.get(event.email)
        if found is None:
            found = Participant(
                workspace=workspace,
                display_name=event.name or event.email or f"Customer {event.customer_id}",
                email=event.email,
                customer_id=event.customer_id,
            )
            new_people.append(found)
            if event.customer_id:
                by_customer[event.customer_id] = found
            if event.email:
                by_email[event.email] = found
        people[_key(event)] = found
    Participant.objects.bulk_create(new_people)
    return people, len(new_people)


def receive_events(workspace: Workspace, items: list[Any]) -> EventImportResult:
    """The API's batch: validate each item, store the valid ones, one outcome per item."""
    if not 1 <= len(items) <= MAX_BATCH:
        raise EventIntakeError(
            f"events must hold between 1 and {MAX_BATCH} items, not {len(items)}."
        )
    parsed: list[CommerceEvent | ImportProblem] = []
    for number, item in enumerate(items, start=1):
        where = f"item {number}"
        if not isinstance(item, dict):
            parsed.append(ImportProblem("request", where, "", "is not a JSON object"))
        else:
            parsed.append(parse_event(RawRecord(number, where, item), "request"))
    return _record_in_order(workspace, parsed)


def _record_in_order(
    workspace: Workspace, parsed: Sequence[CommerceEvent | ImportProblem]
) -> EventImportResult:
    """Record the valid events and merge their outcomes with the problems, keeping order."""
    valid = [item for item in parsed if isinstance(item, CommerceEvent)]
    stored = record_events(workspace, valid)
    outcomes = iter(stored.outcomes)
    result = EventImportResult(participants_created=stored.participants_created)
    for item in parsed:
        if isinstance(item, ImportProblem):
            result.problems.append(item)
            result.outcomes.append(EventOutcome("", "rejected", None, item.field, item.message))
        else:
            result.outcomes.append(next(outcomes))
    return result


def import_events(
    workspace: Workspace,
    path: Path,
    *,
    format: str | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> EventImportResult:
    """Import a CSV, JSON or JSON Lines file of events; each bad row becomes a problem.

    Rows are stored in atomic batches; importing the same file again adds nothing, so an
    interrupted import is finished by running it again.
    """
    data = path.read_bytes()
    chosen = format or detect_format(path, data[:4096])
    if chosen not in EVENT_FORMATS:
        raise EventIntakeError(
            f"{path.name}: events are read from {', '.join(EVENT_FORMATS)}, not {chosen}."
        )
    result = EventImportResult()
    try:
        for position, batch in _batches(_read(path, data, chosen), batch_size):
            done = _record_in_order(workspace, batch)
            result.outcomes.extend(done.outcomes)
            result.problems.extend(done.problems)
            result.participants_created += done.participants_created
            if progress is not None:
                progress(position)
    except UnreadableFileError as error:
        raise EventIntakeError(str(error.problem)) from None
    return result


def _read(path: Path, data: bytes, format: str) -> Iterator[CommerceEvent | ImportProblem]:
    for item in get_importer(format).read(path, data):
        yield item if isinstance(item, ImportProblem) else parse_event(item, path.name)


def _batches(
    items: Iterable[CommerceEvent | ImportProblem], size: int
) -> Iterator[tuple[int, list[CommerceEvent | ImportProblem]]]:
    iterator = iter(items)
    position = 0
    while batch := list(islice(iterator, size)):
        position += len(batch)
        yield position, batch


def count_rows(path: Path) -> int:
    """An upper bound of the records in `path`, for a progress bar."""
    with path.open("rb") as handle:
        return sum(1 for _ in handle)
