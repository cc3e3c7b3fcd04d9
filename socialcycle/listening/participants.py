"""One person across channels: suggest which participants are the same, and merge them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Model

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import User, Workspace
from socialcycle.lib.errors import DomainError
from socialcycle.listening.models import Participant


@dataclass(frozen=True)
class MergeSuggestion:
    """Participants that look like one person, and why."""

    reason: str  # "same e-mail address" | "same customer id"
    value: str
    participants: tuple[Participant, ...]


def suggest_merges(workspace: Workspace) -> list[MergeSuggestion]:
    """Groups of unmerged participants sharing an e-mail address or a customer id."""
    active = Participant.objects.filter(workspace=workspace, merged_into__isnull=True)
    suggestions: list[MergeSuggestion] = []
    for reason, field in (("same e-mail address", "email"), ("same customer id", "customer_id")):
        groups: dict[str, list[Participant]] = defaultdict(list)
        candidates = active.exclude(**{field: ""}).prefetch_related("identities")
        for participant in candidates.order_by("created_at", "id"):
            groups[getattr(participant, field).strip().casefold()].append(participant)
        suggestions.extend(
            MergeSuggestion(reason, value, tuple(people))
            for value, people in sorted(groups.items())
            if len(people) > 1
        )
    return suggestions


class MergeError(DomainError):
    """Participants that cannot be merged (other workspace, already merged, …)."""

    code = "merge"


@transaction.atomic
def merge_participants(
    keep: Participant, others: Sequence[Participant], *, by: User | None = None
) -> Participant:
    """Fold `others` into `keep`: their identities, posts, votes and events move over.

    Where both had done the same thing once (say, voted on one idea), `keep`'s row stays.
    The others remain as records pointing at `keep`, so their history is not lost.
    """
    others = [other for other in others if other.pk != keep.pk]
    _check_mergeable(keep, others)
    for relation in Participant._meta.related_objects:
        if relation.related_model is Participant:
            continue
        _move_rows(relation.related_model, relation.field.name, keep, others)
    Participant.objects.filter(merged_into__in=others).update(merged_into=keep)
    Participant.objects.filter(pk__in=[other.pk for other in others]).update(merged_into=keep)
    _fill_blanks(keep, others)
    record_change(
        keep.workspace_id,
        by,
        AuditAction.MERGE_PARTICIPANTS,
        "participant",
        keep.pk,
        before={"merged": [other.pk for other in others]},
        after={"into": keep.pk},
    )
    return keep


def _check_mergeable(keep: Participant, others: Sequence[Participant]) -> None:
    if not others:
        raise MergeError("choose at least one other participant to merge.")
    if keep.merged_into_id is not None:
        raise MergeError(f"{keep} was itself merged into someone else.")
    for other in others:
        if other.workspace_id != keep.workspace_id:
            raise MergeError("participants of different workspaces cannot be merged.")


def _move_rows(
    model: type[Model], field: str, keep: Participant, others: Sequence[Participant]
) -> None:
    """Point `model`'s rows at `keep`; a row that would clash with one of keep's is dropped."""
    rows = model._default_manager.filter(**{f"{field}__in": others})
    try:
        with transaction.atomic():
            rows.update(**{field: keep})
    except IntegrityError:
        for row in rows:
            try:
                with transaction.atomic():
                    model._default_manager.filter(pk=row.pk).update(**{field: keep})
            except IntegrityError:
                row.delete()


def _fill_blanks(keep: Participant, others: Sequence[Participant]) -> None:
    for field in ("email", "customer_id"):
        if not getattr(keep, field):
            found = next((getattr(other, field) for other in others if getattr(other, field)), "")
            setattr(keep, field, found)
    keep.influence = max([keep.influence, *(other.influence for other in others)])
    keep.save(update_fields=["email", "customer_id", "influence"])


def kept_participant(person: Participant) -> Participant:
    """The participant `person` lives on as after staff merges (itself when not merged)."""
    seen = {person.pk}
    while person.merged_into_id is not None and person.merged_into_id not in seen:
        person = Participant.objects.get(pk=person.merged_into_id)
        seen.add(person.pk)
    return person
