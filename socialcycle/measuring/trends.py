"""Topics rising and falling: this period against the one before, with significance.

Raw counts mislead (a topic going from 2 to 5 posts is not news). For each topic, given
n = current + previous posts, the current count is binomial(n, p) under "no change",
where p is this period's share of the two periods' volume of *all other* posts (so a
busier period does not make every topic look like it is rising, and a topic that is
most of the volume is still measured against the rest; with no other posts, p is 1/2).
A two-sided exact binomial test gives the p-value; a topic is called rising or falling
when p < ALPHA and it moved at least MIN_CHANGE posts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.db.models import Count
from scipy.stats import binom

from socialcycle.measuring import rollups
from socialcycle.measuring.filters import Scope
from socialcycle.understanding.models import Topic

ALPHA = 0.05
RELATIVE_TOLERANCE = 1e-7  # outcomes as likely as the observed one, up to rounding
MIN_CHANGE = 3
LIMIT = 15


@dataclass(frozen=True)
class TopicTrend:
    topic_id: int
    label: str
    previous: int
    current: int
    p_value: float

    @property
    def change(self) -> int:
        return self.current - self.previous

    @property
    def direction(self) -> str:
        if self.p_value >= ALPHA or abs(self.change) < MIN_CHANGE:
            return "steady"
        return "rising" if self.change > 0 else "falling"


def topic_trends(scope: Scope) -> list[TopicTrend]:
    """Topics that moved most surely first (rising and falling), at most LIMIT."""
    if rollups.serves(scope):
        rollups.bring_up_to_date(scope.workspace)
    current, previous = _counts(scope), _counts(scope.previous())
    if not current and not previous:
        return []
    total_now, total_before = _total(scope), _total(scope.previous())
    labels = dict(
        Topic.objects.filter(pk__in=set(current) | set(previous)).values_list("pk", "label")
    )
    trends = []
    for topic_id in set(current) | set(previous):
        now, before = current.get(topic_id, 0), previous.get(topic_id, 0)
        rest_now, rest_before = total_now - now, total_before - before
        share = rest_now / (rest_now + rest_before) if rest_now and rest_before else 0.5
        p_value = two_sided_binomial_p(now, now + before, share)
        trends.append(TopicTrend(topic_id, labels.get(topic_id, "?"), before, now, p_value))
    trends.sort(key=lambda trend: (trend.direction == "steady", trend.p_value, -abs(trend.change)))
    return trends[:LIMIT]


def two_sided_binomial_p(k: int, n: int, p: float) -> float:
    """The exact two-sided binomial test's p-value (the sum of the probabilities of every
    outcome no likelier than k), as scipy's binomtest computes it, in one vector step:
    binomtest itself costs ~1 ms a call, 50 ms for a dashboard of topics."""
    if n == 0:
        return 1.0
    probabilities = binom.pmf(np.arange(n + 1), n, p)
    observed = probabilities[k] * (1 + RELATIVE_TOLERANCE)
    return float(min(1.0, probabilities[probabilities <= observed].sum()))


def _total(scope: Scope) -> int:
    return rollups.total(scope) if rollups.serves(scope) else scope.analyses().count()


def _counts(scope: Scope) -> dict[int, int]:
    if rollups.serves(scope):
        return rollups.topic_counts(scope)
    rows = (
        scope.analyses()
        .filter(topic__isnull=False)
        .values("topic")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["topic"]: row["n"] for row in rows}
