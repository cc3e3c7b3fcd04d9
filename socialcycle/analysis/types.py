"""The values that go in and come out of the analysis pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class NamedThing:
    """A product, brand or competitor with the other names people use for it."""

    name: str
    aliases: tuple[str, ...] = ()
    # Found only as written (whole words, same letter case), so that a product called
    # "App" is not every "app" in ordinary text.
    case_sensitive: bool = False


@dataclass(frozen=True)
class AnalysisContext:
    """What the pipeline knows about the workspace whose posts it reads."""

    products: tuple[NamedThing, ...] = ()
    brands: tuple[NamedThing, ...] = ()
    competitors: tuple[NamedThing, ...] = ()
    # The workspace's topics: ids and unit-length centroids (a float32 array, one row per
    # id). Left out of equality so that contexts differing only in topics share caches.
    topic_ids: tuple[int, ...] = field(default=(), compare=False)
    topic_centroids: Any = field(default=None, compare=False)
    # Authors with at least this audience make a post more urgent.
    influential_audience: int = 10_000


@dataclass(frozen=True)
class Entity:
    kind: str  # product, brand, competitor, hashtag, mention or url
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class Analysis:
    """Everything the pipeline says about one text."""

    language: str
    sentiment: str  # "" when not analysed
    sentiment_score: float
    kinds: dict[str, float]
    primary_kind: str
    not_analysed: str = ""  # why the models did not read the text ("" when they did)
    emotion: str = ""
    topic: int | None = None
    entities: tuple[Entity, ...] = ()
    urgency: float = 0.0
    urgency_reasons: tuple[str, ...] = ()
    toxicity: float = 0.0
    is_abusive: bool = False
    model_versions: dict[str, str] = field(default_factory=dict)
    # How near the kinds head came to deciding otherwise (1: a kind on its threshold, 0: all
    # far from theirs); None when the models did not read the text. Review asks about the
    # most doubtful posts first.
    kinds_uncertainty: float | None = None
