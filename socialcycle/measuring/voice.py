"""Share of voice: how often the workspace's brands and products and its competitors are
named, and how people feel when they name them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from socialcycle.measuring import rollups
from socialcycle.measuring.filters import Scope
from socialcycle.understanding.models import PostMention

OWN_KINDS = ("brand", "product")


@dataclass(frozen=True)
class Voice:
    name: str
    kind: str  # brand, product or competitor
    mentions: int
    positive: int
    negative: int
    share: float  # of all mentions in the scope, 0-1

    @property
    def net_sentiment(self) -> float:
        """Positive share minus negative share of the posts naming it, -1 to 1."""
        return (self.positive - self.negative) / self.mentions if self.mentions else 0.0

    @property
    def is_competitor(self) -> bool:
        return self.kind == "competitor"


def share_of_voice(scope: Scope) -> list[Voice]:
    # Every tracked name is compared, so a product filter does not narrow this figure (it
    # would only show what else the product's posts name): the rollups serve it.
    if scope.topic_id is None:
        rollups.bring_up_to_date(scope.workspace)
        return _voices(rollups.mention_counts(scope))
    # Within one topic: joined from the topic's analyses (their index), not an IN list.
    named = PostMention.objects.filter(
        analysis__workspace=scope.workspace,
        analysis__topic_id=scope.topic_id,
        analysis__created_at__gte=scope.since,
        analysis__created_at__lt=scope.until,
    )
    if scope.channel:
        named = named.filter(analysis__post__channel=scope.channel)
    rows = (
        named.values("kind", "name")
        .annotate(
            n=Count("id"),
            positive=Count("id", filter=Q(analysis__sentiment="positive")),
            negative=Count("id", filter=Q(analysis__sentiment="negative")),
        )
        .order_by("-n", "name")
    )
    total = sum(row["n"] for row in rows)
    return [
        Voice(
            name=row["name"],
            kind=row["kind"],
            mentions=row["n"],
            positive=row["positive"],
            negative=row["negative"],
            share=row["n"] / total,
        )
        for row in rows
    ]


def _voices(rows: list[tuple[str, str, str, int]]) -> list[Voice]:
    """Voices from (kind, name, sentiment, count) rows of the rollup."""
    totals: dict[tuple[str, str], dict[str, int]] = {}
    for kind, name, sentiment, n in rows:
        counts = totals.setdefault((kind, name), {"all": 0, "positive": 0, "negative": 0})
        counts["all"] += n
        if sentiment in counts:
            counts[sentiment] += n
    everything = sum(counts["all"] for counts in totals.values())
    voices = [
        Voice(
            name=name,
            kind=kind,
            mentions=counts["all"],
            positive=counts["positive"],
            negative=counts["negative"],
            share=counts["all"] / everything,
        )
        for (kind, name), counts in totals.items()
    ]
    return sorted(voices, key=lambda voice: (-voice.mentions, voice.name))
