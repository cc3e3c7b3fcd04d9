"""The satisfaction question after the loop closes: "How happy are you with what came of
your feedback?", 1 (not at all) to 5 (very).

Asked when an insight someone contributed to is done or declined: the e-mail that tells
them links each answer, and their feedback page asks too. The links lead to a page with
the answer chosen and one button that records it: an answer is recorded by a POST, never
by following a link, because mail scanners follow every link of a message before its
reader does and would answer for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count
from django.utils import timezone

from socialcycle.accounts.models import Workspace
from socialcycle.acting.models import Insight
from socialcycle.lib.errors import DomainError
from socialcycle.listening.models import Participant
from socialcycle.responding.models import Notification, Satisfaction

SCORES = (1, 2, 3, 4, 5)
WORDS = {1: "not at all", 2: "a little", 3: "somewhat", 4: "mostly", 5: "very"}


class SatisfactionError(DomainError):
    """The answer cannot be recorded; the message says why, to the person."""

    code = "satisfaction"


def may_answer(person: Participant, insight: Insight) -> bool:
    """Only about a closed, confirmed insight the person was told about."""
    return (
        insight.is_closed()
        and not insight.suggested
        and insight.workspace_id == person.workspace_id
        and Notification.objects.filter(insight=insight, participant=person).exists()
    )


def record_answer(person: Participant, insight: Insight, score: int) -> Satisfaction:
    if score not in SCORES:
        raise SatisfactionError("choose an answer from 1 to 5")
    if not may_answer(person, insight):
        raise SatisfactionError("this feedback has not closed yet, or is not yours to rate")
    answer, _ = Satisfaction.objects.update_or_create(
        participant=person,
        insight=insight,
        defaults={
            "workspace_id": insight.workspace_id,
            "score": score,
            "answered_at": timezone.now(),
        },
    )
    return answer


@dataclass(frozen=True)
class SatisfactionSummary:
    answers: int
    average: float | None
    by_score: dict[int, int]

    def share(self, score: int) -> float:
        return self.by_score[score] / self.answers if self.answers else 0.0


def summary(workspace: Workspace) -> SatisfactionSummary:
    answers = Satisfaction.objects.filter(workspace=workspace)
    counts = dict(answers.values_list("score").annotate(n=Count("id")).values_list("score", "n"))
    average = answers.aggregate(mean=Avg("score"))["mean"]
    return SatisfactionSummary(
        answers=sum(counts.values()),
        average=round(float(average), 2) if average is not None else None,
        by_score={score: counts.get(score, 0) for score in SCORES},
    )
