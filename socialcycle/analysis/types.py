"""The values that go in and come out of the analysis pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class NamedThing:
    """A product, brand or competitor with the other names people use for it."""

    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnalysisContext:
    """What the pipeline knows about the workspace whose posts it reads."""

    products: tuple[NamedThing, ...] = ()
    brands: tuple[NamedThing, ...] = ()
    competitors: tuple[NamedThing, ...] = ()


@dataclass(frozen=True)
class Entity:
    kind: str  # "product" | "brand" | "competitor"
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class Analysis:
    """Everything the pipeline says about one text."""

    language: str
    sentiment: str
    sentiment_score: float
    kinds: dict[str, float]
    primary_kind: str
    entities: tuple[Entity, ...] = ()
    urgency: float = 0.0
    urgency_reasons: tuple[str, ...] = ()
    toxicity: float = 0.0
    is_abusive: bool = False
    model_versions: dict[str, str] = field(default_factory=dict)
