"""One colour for every label of every label set the charts draw, defined here only.

Each set has its own palette, so a colour names one thing on a page: a feedback kind is
never drawn in a ladder stage's colour. The palettes are colour-blind-safe published
schemes: kinds use Paul Tol's "muted" qualitative scheme (with his pale grey for posts no
kind fits), ladder stages the sequential viridis scale (the ladder only goes up, so its
colours darken-to-bright in the same order), channels the Okabe-Ito scheme, and sentiment
blue against vermillion rather than green against red.
"""

from __future__ import annotations

from socialcycle.analysis.labels import FEEDBACK_KIND_LABELS, SENTIMENT_LABELS, FeedbackKind
from socialcycle.listening.models import Channel, EngagementEvent
from socialcycle.measuring.dashboard.queries import UNCLASSIFIED

KIND_COLOURS: dict[str, str] = {
    FeedbackKind.IDEA: "#332288",
    FeedbackKind.EARLY_WARNING: "#CC6677",
    FeedbackKind.TESTIMONIAL: "#117733",
    FeedbackKind.MARKET_EXPANSION: "#88CCEE",
    FeedbackKind.SERVICE_TIP: "#44AA99",
    FeedbackKind.PUBLIC_POLICY: "#999933",
    FeedbackKind.COMPETITIVE: "#882255",
    FeedbackKind.QUESTION: "#DDCC77",
    FeedbackKind.COMPLAINT: "#AA4499",
    FeedbackKind.PRAISE: "#6699CC",
}
NO_KIND_COLOUR = "#DDDDDD"

Stage = EngagementEvent.Stage
STAGE_COLOURS: dict[str, str] = {
    Stage.CONSUMPTION: "#440154",
    Stage.CURATION: "#443A83",
    Stage.CREATION: "#31688E",
    Stage.COLLABORATION: "#21908C",
    Stage.TRIAL: "#35B779",
    Stage.PURCHASE: "#8FD744",
    Stage.ADVOCACY: "#FDE725",
}

CHANNEL_COLOURS: dict[str, str] = {
    Channel.SOCIAL: "#0072B2",
    Channel.REVIEW: "#E69F00",
    Channel.APP_STORE: "#009E73",
    Channel.COMMUNITY: "#CC79A7",
    Channel.EMAIL: "#56B4E9",
    Channel.FEED: "#F0E442",
    Channel.SUPPORT: "#D55E00",
    Channel.API: "#000000",
}

SENTIMENT_COLOURS: dict[str, str] = {
    "negative": "#D55E00",
    "neutral": "#999999",
    "positive": "#0072B2",
}


def by_label(colours: dict[str, str], labels: dict[str, str]) -> dict[str, str]:
    """The same colours keyed by the labels people read (what a chart's series are named)."""
    return {labels[key]: colour for key, colour in colours.items() if key in labels}


KIND_COLOURS_BY_LABEL = {
    **by_label(KIND_COLOURS, FEEDBACK_KIND_LABELS),
    UNCLASSIFIED: NO_KIND_COLOUR,
}
CHANNEL_COLOURS_BY_LABEL = by_label(CHANNEL_COLOURS, dict(Channel.choices))
SENTIMENT_COLOURS_BY_LABEL = by_label(SENTIMENT_COLOURS, SENTIMENT_LABELS)
