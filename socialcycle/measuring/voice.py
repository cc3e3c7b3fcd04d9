"""Share of voice: how often the workspace's brands and products and its competitors are
named, and how people feel when they name them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

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
    rows = (
        PostMention.objects.filter(analysis__in=scope.analyses())
        .values("kind", "name")
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
