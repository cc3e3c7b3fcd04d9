"""Daily rollups: the dashboard's daily counts kept small, so its figures read a few
thousand rows instead of every analysis of the period (see dashboard/rollups.py)."""

from __future__ import annotations

from django.db import models

from socialcycle.accounts.models import Workspace


class DailyCount(models.Model):
    """Analysed posts of one local day, channel, sentiment and primary kind."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    channel = models.CharField(max_length=20)
    sentiment = models.CharField(max_length=10)
    primary_kind = models.CharField(max_length=20)
    n = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "day", "channel", "sentiment", "primary_kind"],
                name="daily_count_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.channel} {self.sentiment} {self.primary_kind}: {self.n}"


class TopicDailyCount(models.Model):
    """Analysed posts of one local day, topic (a plain id: topics merge and split) and
    channel."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    topic_id = models.BigIntegerField()
    channel = models.CharField(max_length=20)
    n = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "day", "topic_id", "channel"],
                name="topic_daily_count_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} topic {self.topic_id} {self.channel}: {self.n}"


class TopicMentionDailyCount(models.Model):
    """Analysed posts of one local day and topic naming one tracked name, by channel and
    sentiment: share of voice on a dashboard filtered by topic."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    topic_id = models.BigIntegerField()
    kind = models.CharField(max_length=20)
    name = models.CharField(max_length=120)
    channel = models.CharField(max_length=20)
    sentiment = models.CharField(max_length=10)
    n = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "day", "topic_id", "kind", "name", "channel", "sentiment"],
                name="topic_mention_daily_count_unique",
            )
        ]
        indexes = [
            models.Index(fields=["workspace", "topic_id", "day"], name="topic_mention_by_day")
        ]

    def __str__(self) -> str:
        return f"{self.day} topic {self.topic_id} {self.kind} {self.name}: {self.n}"


class ProductTopicDailyCount(models.Model):
    """Analysed posts of one local day naming one tracked product, by topic and channel:
    topics rising and falling on a dashboard filtered by product."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    product = models.CharField(max_length=120)
    topic_id = models.BigIntegerField()
    channel = models.CharField(max_length=20)
    n = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "day", "product", "topic_id", "channel"],
                name="product_topic_daily_count_unique",
            )
        ]
        indexes = [
            models.Index(fields=["workspace", "product", "day"], name="product_topic_by_day")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.product} topic {self.topic_id} {self.channel}: {self.n}"


class MentionDailyCount(models.Model):
    """Analysed posts of one local day naming one tracked name, by channel, sentiment and
    primary kind: share of voice, and every daily figure of a dashboard filtered by
    product."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    kind = models.CharField(max_length=20)
    name = models.CharField(max_length=120)
    channel = models.CharField(max_length=20)
    sentiment = models.CharField(max_length=10)
    primary_kind = models.CharField(max_length=20)
    n = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "day", "kind", "name", "channel", "sentiment", "primary_kind"],
                name="mention_daily_count_unique",
            )
        ]
        indexes = [
            models.Index(fields=["workspace", "kind", "name", "day"], name="mention_daily_by_name")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.name} {self.sentiment}: {self.n}"


class RollupState(models.Model):
    """How far a workspace's rollups are up to date: the newest analysis and topic change
    they include."""

    workspace = models.OneToOneField(Workspace, on_delete=models.CASCADE, related_name="+")
    analyses_up_to = models.DateTimeField(null=True, blank=True)
    topics_up_to = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"rollups of {self.workspace_id}"
