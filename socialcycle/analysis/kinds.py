"""Feedback kinds, few-shot: a multi-label head on sentence embeddings, trained from a seed
set written for each kind (resources/feedback_kinds_seed.csv) and from analysts' corrections.

It works on day one from the seed set alone, and every correction is one more example.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from socialcycle.analysis.labels import FeedbackKind, Sentiment

SEED_FILE = Path(__file__).parent / "resources" / "feedback_kinds_seed.csv"

# One line per kind, in the words of BRIEF.md; each is also a training example.
DESCRIPTIONS: dict[str, str] = {
    FeedbackKind.IDEA: "A suggestion for a new product feature or a better service.",
    FeedbackKind.EARLY_WARNING: (
        "An early sign of a problem or opportunity affecting many customers: outages, "
        "defects spreading after an update, safety hazards."
    ),
    FeedbackKind.TESTIMONIAL: (
        "A customer's story of real use that would persuade others to try the product."
    ),
    FeedbackKind.MARKET_EXPANSION: (
        "A new application or a new audience for the product that the company did not target."
    ),
    FeedbackKind.SERVICE_TIP: (
        "A tip, workaround or how-to that one customer shares to help other customers."
    ),
    FeedbackKind.PUBLIC_POLICY: (
        "An opinion about a law, regulation or public policy, or about its absence."
    ),
    FeedbackKind.COMPETITIVE: (
        "A comparison with a competitor that exposes a weakness, or a move to a rival."
    ),
    FeedbackKind.QUESTION: "A question asking how something works or where to find it.",
    FeedbackKind.COMPLAINT: "One customer's complaint about a bad experience.",
    FeedbackKind.PRAISE: "A short positive reaction or thanks.",
}


@dataclass(frozen=True)
class Example:
    text: str
    kinds: tuple[str, ...]


def load_examples(path: Path = SEED_FILE) -> list[Example]:
    """The labelled examples of a CSV file with columns text and kinds (`;`-separated)."""
    valid = {kind.value for kind in FeedbackKind}
    examples = []
    with path.open(newline="", encoding="utf-8") as handle:
        for row_number, row in enumerate(csv.DictReader(handle), start=2):
            kinds = tuple(kind.strip() for kind in (row.get("kinds") or "").split(";") if kind)
            unknown = [kind for kind in kinds if kind not in valid]
            if unknown or not kinds or not (row.get("text") or "").strip():
                raise ValueError(
                    f"{path.name}, row {row_number}: needs a text and kinds from "
                    f"{', '.join(sorted(valid))} (got {row.get('kinds')!r})"
                )
            examples.append(Example(row["text"].strip(), kinds))
    return examples


def description_examples() -> list[Example]:
    return [Example(text, (kind,)) for kind, text in DESCRIPTIONS.items()]


def choose_primary_kind(kinds: dict[str, float], sentiment: str) -> str:
    """The most confident kind; with none, complaint or praise by sentiment, else ""."""
    if kinds:
        order = list(FeedbackKind)
        return max(kinds, key=lambda kind: (kinds[kind], -order.index(FeedbackKind(kind))))
    if sentiment == Sentiment.NEGATIVE:
        return FeedbackKind.COMPLAINT
    if sentiment == Sentiment.POSITIVE:
        return FeedbackKind.PRAISE
    return ""


def split_label_sets(examples: Sequence[Example]) -> tuple[list[str], list[tuple[str, ...]]]:
    return [example.text for example in examples], [example.kinds for example in examples]
