"""The label sets every analysis model and every stored analysis share."""

from __future__ import annotations

from enum import StrEnum


class Sentiment(StrEnum):
    NEGATIVE = "negative"
    NEUTRAL = "neutral"
    POSITIVE = "positive"


class FeedbackKind(StrEnum):
    """What a customer walks away with after a transaction (see BRIEF.md), plus three fallbacks."""

    IDEA = "idea"
    EARLY_WARNING = "early_warning"
    TESTIMONIAL = "testimonial"
    MARKET_EXPANSION = "market_expansion"
    SERVICE_TIP = "service_tip"
    PUBLIC_POLICY = "public_policy"
    COMPETITIVE = "competitive"
    QUESTION = "question"
    COMPLAINT = "complaint"
    PRAISE = "praise"


SENTIMENT_LABELS: dict[str, str] = {
    Sentiment.NEGATIVE: "Negative",
    Sentiment.NEUTRAL: "Neutral",
    Sentiment.POSITIVE: "Positive",
}

FEEDBACK_KIND_LABELS: dict[str, str] = {
    FeedbackKind.IDEA: "Idea",
    FeedbackKind.EARLY_WARNING: "Early warning",
    FeedbackKind.TESTIMONIAL: "Testimonial",
    FeedbackKind.MARKET_EXPANSION: "Market expansion",
    FeedbackKind.SERVICE_TIP: "Customer-service tip",
    FeedbackKind.PUBLIC_POLICY: "Public policy",
    FeedbackKind.COMPETITIVE: "Competitive threat",
    FeedbackKind.QUESTION: "Question",
    FeedbackKind.COMPLAINT: "Complaint",
    FeedbackKind.PRAISE: "Praise",
}
