"""The early-warning alert: one episode of unusual negative volume of a topic or product."""

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
