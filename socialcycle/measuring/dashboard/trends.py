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
from math import exp, lgamma, log1p
from math import log as log_of

from django.db.models import Count
from scipy.special import bdtr, bdtrc

from socialcycle.measuring.dashboard import rollups
from socialcycle.measuring.dashboard.filters import Scope
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
    outcome no likelier than k), as scipy's binomtest computes it, in O(log n).

    The probabilities fall away from the mode on both sides, so the outcomes no likelier
    than k are k's own tail and, beyond the mode, a tail found by binary search; each
    tail is one call of scipy.special's binomial CDF. Summing all n + 1 probabilities
    cost 2 ms a topic at 10,000 posts; scipy.stats' per-call overhead, 1 ms."""
    if n == 0:
        return 1.0
    if p <= 0.0 or p >= 1.0:  # every outcome but one is impossible
        return 1.0 if k == (0 if p <= 0.0 else n) else 0.0
    observed = _pmf(k, n, p) * (1 + RELATIVE_TOLERANCE)
    mode = min(n, int((n + 1) * p))
    if k == mode:
        return 1.0
    if k < mode:  # the other tail: the first outcome above the mode no likelier than k
        first = _first_at_most(observed, n, p, mode, n, falling=True)
        other = float(bdtrc(first - 1, n, p)) if first <= n else 0.0
        return min(1.0, float(bdtr(k, n, p)) + other)
    last = _first_at_most(observed, n, p, 0, mode, falling=False)
    other = float(bdtr(last, n, p)) if last >= 0 else 0.0
    return min(1.0, other + float(bdtrc(k - 1, n, p)))


def _pmf(k: int, n: int, p: float) -> float:
    log = lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1)
    return exp(log + k * log_of(p) + (n - k) * log1p(-p))


def _first_at_most(limit: float, n: int, p: float, low: int, high: int, *, falling: bool) -> int:
    """On [low, high], where the probabilities fall (rise) with the outcome, the first
    (last) outcome whose probability is at most `limit`; high + 1 (low - 1) if none."""
    if falling:
        if _pmf(high, n, p) > limit:
            return high + 1
        while low < high:  # invariant: pmf(high) <= limit
            middle = (low + high) // 2
            if _pmf(middle, n, p) <= limit:
                high = middle
            else:
                low = middle + 1
        return high
    if _pmf(low, n, p) > limit:
        return low - 1
    while low < high:  # invariant: pmf(low) <= limit
        middle = (low + high + 1) // 2
        if _pmf(middle, n, p) <= limit:
            low = middle
        else:
            high = middle - 1
    return low


def _total(scope: Scope) -> int:
    if rollups.serves(scope):
        return rollups.total(scope)
    if rollups.serves_product(scope):
        return rollups.product_total(scope)
    return scope.analyses().count()


def _counts(scope: Scope) -> dict[int, int]:
    if rollups.serves(scope) or rollups.serves_product(scope):
        return rollups.topic_counts(scope)
    rows = (
        scope.analyses()
        .filter(topic__isnull=False)
        .values("topic")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["topic"]: row["n"] for row in rows}
