"""Share of voice: how often the workspace's brands and products and its competitors are
named, and how people feel when they name them."""

from __future__ import annotations

from dataclasses import dataclass

from socialcycle.measuring.dashboard import rollups
from socialcycle.measuring.dashboard.filters import Scope

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
    # would only show what else the product's posts name).
    if scope.topic_id is None:
        return _voices(rollups.mention_counts(scope))
    return _voices(rollups.topic_mention_counts(scope, scope.topic_id))


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
