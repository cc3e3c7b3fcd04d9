"""Measuring's tables, each defined in its feature's `models.py` and gathered here, where
Django looks for an app's models (they keep the app label "measuring")."""

from socialcycle.measuring.alerts.models import Alert
from socialcycle.measuring.dashboard.models import (
    DailyCount,
    MentionDailyCount,
    ProductTopicDailyCount,
    RollupState,
    TopicDailyCount,
    TopicMentionDailyCount,
)
from socialcycle.measuring.digest.models import DigestDelivery
from socialcycle.measuring.ladder.models import LadderFigures

__all__ = [
    "Alert",
    "DailyCount",
    "DigestDelivery",
    "LadderFigures",
    "MentionDailyCount",
    "ProductTopicDailyCount",
    "RollupState",
    "TopicDailyCount",
    "TopicMentionDailyCount",
]
