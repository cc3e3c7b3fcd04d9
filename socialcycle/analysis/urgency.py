"""How urgent a post is, in [0, 1], with the reasons that made it so.

Reasons are cue phrases a person can check (outage, safety, legal threat, churn threat)
and a high-influence author; strong negative sentiment adds to the score but is not a
reason on its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

CUES: dict[str, re.Pattern[str]] = {
    "outage": re.compile(
        r"\b(outages?|(is|are|went|goes|been) down|down again|offline|not responding|"
        r"stopped working|won'?t (load|connect|start)|can'?t (log ?in|connect|access)|"
        r"not loading|service unavailable|error 50\d|nothing works)\b",
        re.I,
    ),
    "safety": re.compile(
        r"\b(fire|smoke|smoking|burn(ed|t|ing|s)?|shock(ed)?|overheat(s|ed|ing)?|sparks?|"
        r"melt(ed|ing)?|swollen|swelling|explod(e|ed|ing)|injur(y|ed|ies)|unsafe|hazard)\b",
        re.I,
    ),
    "legal_threat": re.compile(
        r"\b(lawyers?|attorney|lawsuit|sue|suing|legal action|class action|small claims|"
        r"trading standards|consumer protection|report(ing)? you to)\b",
        re.I,
    ),
    "churn_threat": re.compile(
        r"\b(cancel(l?ing|l?ed)? (my|the|our) (subscription|account|order|plan)|"
        r"cancel(l?ing)?|switch(ing|ed)? to|moving to|returning (it|this|them)|"
        r"(close to|about to|thinking (of|about)|considering|ready to) switch(ing)?|"
        r"never (buying|buy|ordering|using)|done with (you|this)|last straw|refund)\b",
        re.I,
    ),
}
INFLUENTIAL = "high_influence_author"
DEFAULT_INFLUENTIAL_AUDIENCE = 10_000
REASON_WEIGHT = 0.3
NEGATIVITY_WEIGHT = 0.3


def assess_urgency(
    texts: Sequence[str],
    sentiment_scores: Sequence[float],
    audiences: Sequence[int] | None = None,
    influential_audience: int = DEFAULT_INFLUENTIAL_AUDIENCE,
) -> list[tuple[float, tuple[str, ...]]]:
    """Urgency and its reasons for each text (a missing sentiment score counts as 0)."""
    audiences = audiences if audiences is not None else [0] * len(texts)
    results = []
    for text, score, audience in zip(texts, sentiment_scores, audiences, strict=True):
        reasons = [name for name, pattern in CUES.items() if pattern.search(text)]
        if audience >= influential_audience:
            reasons.append(INFLUENTIAL)
        negativity = max(-score, 0.0)
        urgency = min(1.0, REASON_WEIGHT * len(reasons) + NEGATIVITY_WEIGHT * negativity)
        results.append((round(urgency, 3), tuple(reasons)))
    return results
