"""Feedback kinds: their definitions, the written seed examples
(resources/feedback_kinds_seed.csv) and how the primary kind is chosen.

The head itself learns from real labelled posts, public sets, the seed and analysts'
corrections (kinds_training.py); this module holds what is written by hand.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from socialcycle.analysis.labels import FeedbackKind, Sentiment

SEED_FILE = Path(__file__).parent / "resources" / "feedback_kinds_seed.csv"

# The product's definition of each kind (after kinds/LABELLED_TRAIN.md's labelling guideline,
# which the real labelled posts follow), shown on the Review kinds page and in docs/models.md;
# each is also a training example. A post may have several kinds, or none.
DESCRIPTIONS: dict[str, str] = {
    FeedbackKind.IDEA: (
        "The customer proposes or asks for a specific new feature, change or service, such as "
        "please add a dark mode or I wish I could save my progress; fix this bug alone is not "
        "an idea."
    ),
    FeedbackKind.EARLY_WARNING: (
        "The customer reports something broken: a bug, crash, error, outage, a defective "
        "product or a safety or security risk, even a single report; a delay, lost bag, rude "
        "agent or price rise is a complaint instead."
    ),
    FeedbackKind.TESTIMONIAL: (
        "Praise a company could quote to prospects: a recommendation, years of loyal use, or "
        "a concrete story of the product or its staff helping; a bare thank you is praise only."
    ),
    FeedbackKind.MARKET_EXPANSION: (
        "A request or sign of a region, language, audience or use the company does not serve "
        "yet, such as not available in my country, a course in Hindi, or please fly to Nashville."
    ),
    FeedbackKind.SERVICE_TIP: (
        "A customer tells other customers how to do or fix something: a setting, a "
        "workaround, which seat to book, what to bring or what to avoid installing."
    ),
    FeedbackKind.PUBLIC_POLICY: (
        "The post names a specific law, regulation, regulator or government action about the "
        "business or its industry, such as EU261 compensation, data protection law or a "
        "complaint to the regulator."
    ),
    FeedbackKind.COMPETITIVE: (
        "A named competitor is better, the customer switched or will switch to a rival, or a "
        "rival's offer is cited; a vague comparison or never again alone is not."
    ),
    FeedbackKind.QUESTION: "The customer asks a real question, not a rhetorical one.",
    FeedbackKind.COMPLAINT: "The customer complains about a bad experience.",
    FeedbackKind.PRAISE: "The customer praises the product, the service or the people.",
}


LINKS = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)


def asks_a_question(texts: Sequence[str]) -> NDArray[np.bool_]:
    """True for each text with a question mark outside its links.

    Kept beside the head as a rule: a question mark is the best single sign of a real
    question, and the head cannot learn it for a source with few questions (measured under
    leave-one-source-out: question F1 0.46 by the head, 0.64 with this rule added, the macro
    over ten kinds 0.491 -> 0.509). Rhetorical questions are its false positives.
    """
    return np.array(["?" in LINKS.sub(" ", text) for text in texts], dtype=np.bool_)


def apply_rules(
    texts: Sequence[str], found: list[dict[str, float]], chances: NDArray[np.float64]
) -> list[dict[str, float]]:
    """The two rules kept beside the head, on its kinds per text (`found`, changed in place):

    - a text that asks a question (`asks_a_question`) is a question; `chances` are the
      head's P(question) per text, kept as its confidence;
    - a testimonial is always praise too (the definition): without praise it is dropped
      (measured under leave-one-source-out: testimonial F1 0.26 -> 0.33).
    """
    for row, asks in enumerate(asks_a_question(texts)):
        kinds = found[row]
        if asks and FeedbackKind.QUESTION not in kinds:
            kinds[FeedbackKind.QUESTION] = round(float(chances[row]), 3)
        if FeedbackKind.TESTIMONIAL in kinds and FeedbackKind.PRAISE not in kinds:
            del kinds[FeedbackKind.TESTIMONIAL]
    return found


def apply_rules_to_matrix(
    texts: Sequence[str], said: NDArray[np.bool_], order: Sequence[str]
) -> NDArray[np.bool_]:
    """`apply_rules` for a texts x kinds matrix of decisions (columns in `order`)."""
    out = said.copy()
    question, testimonial, praise = (
        order.index(kind)
        for kind in (FeedbackKind.QUESTION, FeedbackKind.TESTIMONIAL, FeedbackKind.PRAISE)
    )
    out[:, question] |= asks_a_question(texts)
    out[:, testimonial] &= out[:, praise]
    return out


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
