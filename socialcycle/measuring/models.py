"""Measuring's own tables: early-warning alerts and digest deliveries here, daily rollups in
rollup_models."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from socialcycle.accounts.models import Workspace


class Alert(models.Model):
    """One episode of unusual negative volume for a topic or a product, with its evidence.

    An episode is a run of anomalous hours for one scope; it fires once (the unique
    constraint on its first hour) and is extended, never repeated, while it continues.
    """

    class Scope(models.TextChoices):
        TOPIC = "topic", "Topic"
        PRODUCT = "product", "Product"

    class State(models.TextChoices):
        OPEN = "open", "Open"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        RESOLVED = "resolved", "Resolved"  # the episode ended: a quiet gap followed it

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="alerts")
    scope = models.CharField(max_length=10, choices=Scope.choices)
    # A topic's id or a product's TrackedName id; the label is kept as it was when fired,
    # so a renamed or deleted topic still explains an old alert.
    scope_id = models.BigIntegerField()
    scope_label = models.CharField(max_length=200)
    # The hour that fired (start of the hour bucket) and the latest anomalous hour.
    hour = models.DateTimeField()
    last_anomalous_hour = models.DateTimeField()
    observed = models.PositiveIntegerField()
    baseline_median = models.FloatField()
    baseline_mad = models.FloatField()
    scale = models.FloatField()  # what the jump was divided by: max(1.4826 MAD, floors)
    score = models.FloatField()
    baseline_samples = models.PositiveSmallIntegerField()
    peak_observed = models.PositiveIntegerField()
    evidence_post_ids = models.JSONField(default=list, blank=True)
    # "<scope>:<scope id>:<first anomalous hour, ISO>": one alert per episode.
    episode_key = models.CharField(max_length=120)
    state = models.CharField(max_length=12, choices=State.choices, default=State.OPEN)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    # Claimed by a conditional UPDATE before the e-mails go out, so staff hear once.
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=500, blank=True)
    # Found by checking past hours after they were stored (the demo, a first import of an
    # archive): nobody was told, since the episode was over before anyone could act.
    from_history = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "episode_key"], name="alert_once_per_episode"
            ),
            models.CheckConstraint(
                condition=models.Q(acknowledged_at__isnull=True) | ~models.Q(state="open"),
                name="alert_acknowledged_not_open",
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "-hour"], name="alert_by_time"),
            models.Index(
                fields=["workspace", "scope", "scope_id", "-last_anomalous_hour"],
                name="alert_by_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.scope_label} at {self.hour:%Y-%m-%d %H:00}"

    @property
    def jump(self) -> float:
        """How many posts above the usual level the firing hour was."""
        return self.observed - self.baseline_median

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class DigestDelivery(models.Model):
    """The weekly digest of one workspace and week, e-mailed once.

    The row is the claim: it is created (or a stale, failed claim taken over by a
    conditional UPDATE) before any e-mail leaves, so a retried task never sends twice.
    """

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="digest_deliveries"
    )
    week_ending = models.DateField()  # the last local day of the digest's seven
    claimed_at = models.DateTimeField(null=True, blank=True)  # None: free to claim again
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "week_ending"], name="digest_once_per_week"
            )
        ]

    def __str__(self) -> str:
        return f"Digest of {self.workspace_id} for the week ending {self.week_ending}"

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None


class LadderFigures(models.Model):
    """The engagement ladder's funnel, advocates and detractors of one workspace, as last
    computed (they take seconds at a million events; see measuring.ladder_figures).

    People are kept by id and read again when shown, so someone erased or merged since
    drops out of the lists at once; the funnel holds counts only.
    """

    workspace = models.OneToOneField(
        Workspace, on_delete=models.CASCADE, related_name="ladder_figures"
    )
    computed_at = models.DateTimeField()
    months = models.JSONField(default=list)
    advocates = models.JSONField(default=list)
    detractors = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"Ladder figures of {self.workspace_id} as of {self.computed_at:%Y-%m-%d %H:%M}"


from socialcycle.measuring.rollup_models import (  # noqa: E402, F401
    DailyCount,
    MentionDailyCount,
    ProductTopicDailyCount,
    RollupState,
    TopicDailyCount,
    TopicMentionDailyCount,
)
