"""Analysts correct a post's sentiment, kinds or topic; the models learn from it later.

Each correction is stored with who, when, before and after, applied to the post's
analysis at once, and kept when the post is analysed again by a newer model. An analyst
who confirms a post's kinds (Review kinds) leaves a correction too, with the same kinds
before and after: the post is then a confirmed example, learnt from and scored against.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import User
from socialcycle.analysis.labels import FeedbackKind, Sentiment
from socialcycle.lib.errors import DomainError
from socialcycle.understanding.models import Correction, PostAnalysis, PostKind, Topic

# What an analyst's sentiment label means as a score, where the model gave a probability.
CORRECTED_SCORES = {Sentiment.NEGATIVE: -1.0, Sentiment.NEUTRAL: 0.0, Sentiment.POSITIVE: 1.0}


class CorrectionError(DomainError):
    """A correction names a label or topic that does not exist here."""

    code = "correction"


@transaction.atomic
def correct_analysis(
    analysis: PostAnalysis,
    *,
    by: User,
    sentiment: str | None = None,
    kinds: Sequence[str] | None = None,
    topic: Topic | None = None,
    clear_topic: bool = False,
    kinds_confirmed: bool = False,
) -> list[Correction]:
    """Apply the given corrections (None = unchanged); returns those recorded.

    A correction is recorded when it changes something, and for `kinds` also when
    `kinds_confirmed` says the analyst confirmed them as they stand.
    """
    made = []
    if sentiment is not None and sentiment != analysis.sentiment:
        made.append(_correct_sentiment(analysis, sentiment, by=by))
    if kinds is not None:
        correction = _correct_kinds(
            analysis, list(dict.fromkeys(kinds)), by=by, confirmed=kinds_confirmed
        )
        if correction is not None:
            made.append(correction)
    if (topic is not None or clear_topic) and (topic.pk if topic else None) != analysis.topic_id:
        made.append(_correct_topic(analysis, topic, by=by))
    if made:
        analysis.save()
    return made


def _correct_sentiment(analysis: PostAnalysis, sentiment: str, *, by: User) -> Correction:
    if sentiment not in CORRECTED_SCORES:
        raise CorrectionError(f"{sentiment!r} is not a sentiment (negative, neutral, positive)")
    before = analysis.sentiment
    analysis.sentiment = sentiment
    analysis.sentiment_score = CORRECTED_SCORES[Sentiment(sentiment)]
    return _record(
        analysis,
        Correction.Field.SENTIMENT,
        before,
        sentiment,
        by=by,
        action=AuditAction.CORRECT_SENTIMENT,
    )


def _correct_kinds(
    analysis: PostAnalysis, kinds: list[str], *, by: User, confirmed: bool
) -> Correction | None:
    valid = {kind.value for kind in FeedbackKind}
    unknown = [kind for kind in kinds if kind not in valid]
    if unknown:
        raise CorrectionError(f"{', '.join(unknown)} is not a feedback kind")
    before = sorted(analysis.kinds.values_list("kind", flat=True))
    if sorted(kinds) == before:
        if not confirmed:
            return None
        # A person stands behind them now: as sure as a kind set by hand.
        analysis.kinds.update(confidence=1.0)
        return _record(
            analysis, Correction.Field.KINDS, before, kinds, by=by, action=AuditAction.CONFIRM_KINDS
        )
    analysis.kinds.all().delete()
    PostKind.objects.bulk_create(
        [PostKind(analysis=analysis, kind=kind, confidence=1.0) for kind in kinds]
    )
    analysis.primary_kind = kinds[0] if kinds else ""
    return _record(
        analysis, Correction.Field.KINDS, before, kinds, by=by, action=AuditAction.CORRECT_KINDS
    )


def _correct_topic(analysis: PostAnalysis, topic: Topic | None, *, by: User) -> Correction:
    if topic is not None and topic.workspace_id != analysis.workspace_id:
        raise CorrectionError("that topic belongs to another workspace")
    before = analysis.topic_id
    analysis.topic = topic
    after = topic.pk if topic else None
    return _record(
        analysis, Correction.Field.TOPIC, before, after, by=by, action=AuditAction.CORRECT_TOPIC
    )


def _record(
    analysis: PostAnalysis,
    field: str,
    before: object,
    after: object,
    *,
    by: User,
    action: AuditAction,
) -> Correction:
    if field not in analysis.corrected_fields:
        analysis.corrected_fields = [*analysis.corrected_fields, field]
    record_change(
        analysis.workspace_id,
        by,
        action,
        "post",
        analysis.post_id,
        before={field: before},
        after={field: after},
    )
    return Correction.objects.create(
        workspace_id=analysis.workspace_id,
        post_id=analysis.post_id,
        field=field,
        before=before,
        after=after,
        corrected_by=by,
    )
