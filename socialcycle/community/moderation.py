"""Moderation: abusive posts are held before anyone sees them; staff publish or remove.

The check runs while the member posts (one text through the analysis package's abuse
model, a few milliseconds once the models are loaded), so nothing offensive is ever shown,
not even until the background analysis gets to it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import User, Workspace
from socialcycle.analysis.pipeline import shared_pipeline
from socialcycle.community.models import Contribution

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Verdict:
    hold: bool
    reason: str = ""


def assess(text: str) -> Verdict:
    """Hold abusive text; when the model cannot run, hold too (safe) and say so."""
    try:
        [result] = shared_pipeline(settings.MODEL_DIR).analyze([text])
    except Exception:  # a broken model install must not let abuse through or fail the post
        log.exception("abuse check failed; holding the post for a person to look at")
        return Verdict(True, "the automatic check could not run")
    if result.is_abusive:
        return Verdict(True, f"offensive language ({result.toxicity:.2f})")
    return Verdict(False)


def queue(workspace: Workspace) -> QuerySet[Contribution]:
    """Held contributions, oldest first: what staff have to look at."""
    return (
        Contribution.objects.filter(workspace=workspace, state=Contribution.State.HELD)
        .select_related("post", "post__author")
        .order_by("created_at")
    )


def decide(contribution: Contribution, state: str, *, by: User, reason: str = "") -> Contribution:
    """Publish, hold or remove a contribution; who and when are kept on it."""
    if state not in Contribution.State.values:
        raise ValueError(f"Unknown moderation state {state!r}.")
    before = {"state": contribution.state, "held_reason": contribution.held_reason}
    contribution.state = state
    contribution.moderated_by = by
    contribution.moderated_at = timezone.now()
    if state == Contribution.State.HELD:
        contribution.held_reason = reason or "held by staff"
    contribution.save(update_fields=["state", "moderated_by", "moderated_at", "held_reason"])
    record_change(
        contribution.workspace_id,
        by,
        AuditAction.MODERATE,
        "post",
        contribution.post_id,
        before=before,
        after={"state": contribution.state, "held_reason": contribution.held_reason},
    )
    return contribution
