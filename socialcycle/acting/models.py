"""Insights (grouped feedback) and the teams that act on them."""

from __future__ import annotations

import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db import models

from socialcycle.accounts.models import Workspace
from socialcycle.acting.business_hours import BusinessHours
from socialcycle.listening.models import Post
from socialcycle.understanding.models import KIND_CHOICES, Topic

logger = logging.getLogger(__name__)


class Team(models.Model):
    """A group that can act on feedback: product, support, operations, marketing, …"""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=120)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="teams")
    # Business hours (acting/business_hours.py); without opening times the team works round
    # the clock. An empty zone is the workspace's.
    working_days = models.JSONField(default=list, blank=True)  # 0 is Monday
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    holidays = models.JSONField(default=list, blank=True)  # ISO dates
    hours_zone = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="team_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def business_hours(self) -> BusinessHours | None:
        """When the team works, or None for round the clock (also for hours that cannot
        be kept, e.g. typed into the Django admin: logged, never an error on a page)."""
        if self.opens_at is None or self.closes_at is None or not self.working_days:
            return None
        try:
            return BusinessHours(
                zone=ZoneInfo(self.hours_zone) if self.hours_zone else self.workspace.zone(),
                days=frozenset(self.working_days),
                opens=self.opens_at,
                closes=self.closes_at,
                holidays=frozenset(date.fromisoformat(day) for day in self.holidays),
            )
        except (ValueError, TypeError, ZoneInfoNotFoundError) as problem:
            logger.warning("team %s keeps unusable business hours: %s", self.pk, problem)
            return None


class InsightQuerySet(models.QuerySet["Insight"]):
    def confirmed(self) -> InsightQuerySet:
        """Insights people made or confirmed: what customers, measures and the digest see.
        Suggestions the system made wait in the staff's Suggested queue until confirmed."""
        return self.filter(suggested=False)

    def waiting_suggestions(self) -> InsightQuerySet:
        return self.filter(suggested=True, dismissed_at__isnull=True, merged_into__isnull=True)


class Insight(models.Model):
    """One idea or one problem, with every post that supports it."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DECLINED = "declined", "Declined"

    CLOSED_STATUSES = (Status.DONE, Status.DECLINED)

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="insights")
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="insights"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="insights"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_insights",
    )
    priority = models.PositiveSmallIntegerField(default=3)
    sla_due_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    decline_alternative = models.TextField(blank=True)
    is_public = models.BooleanField(default=False)
    # Made by the system from posts of one topic and kind; a person confirms it (or not).
    suggested = models.BooleanField(default=False)
    # A suggestion a person dismissed: its posts stay with it, so they are never suggested
    # again; new posts of its topic and kind may make a new suggestion.
    dismissed_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    posts = models.ManyToManyField(Post, through="InsightPost", related_name="insights")
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    objects = models.Manager.from_queryset(InsightQuerySet)()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="declined_insight_has_reason",
            )
        ]
        indexes = [models.Index(fields=["workspace", "status"], name="insight_by_status")]

    def __str__(self) -> str:
        return self.title

    def is_closed(self) -> bool:
        return self.status in self.CLOSED_STATUSES

    def is_overdue(self, now: datetime) -> bool:
        return self.sla_due_at is not None and not self.is_closed() and now > self.sla_due_at


class InsightPost(models.Model):
    """A post supporting an insight, and who attached it (None: suggested by the system)."""

    insight = models.ForeignKey(Insight, on_delete=models.CASCADE)
    post = models.ForeignKey(Post, on_delete=models.CASCADE)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["insight", "post"], name="post_once_per_insight")
        ]

    def __str__(self) -> str:
        return f"{self.post_id} supports {self.insight_id}"


class InsightEvent(models.Model):
    """History of an insight: status changes, assignments, comments (who, when, before/after)."""

    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        STATUS_CHANGED = "status_changed", "Status changed"
        ASSIGNED = "assigned", "Assigned"
        PUBLISHED = "published", "Shown or hidden publicly"
        RENAMED = "renamed", "Renamed"
        COMMENTED = "commented", "Commented"
        POST_ATTACHED = "post_attached", "Post attached"
        CONFIRMED = "confirmed", "Suggestion confirmed"
        DISMISSED = "dismissed", "Suggestion dismissed"
        MERGED = "merged", "Merged"
        SPLIT = "split", "Split"

    insight = models.ForeignKey(Insight, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.kind} on {self.insight_id}"


class Webhook(models.Model):
    """An outbound webhook of a workspace: events are POSTed to `url`, signed with `secret`."""

    class Event(models.TextChoices):
        INSIGHT_CREATED = "insight.created", "Insight created"
        INSIGHT_STATUS_CHANGED = "insight.status_changed", "Insight status changed"
        INSIGHT_POSTS_ATTACHED = "insight.posts_attached", "Posts attached to an insight"
        ALERT_FIRED = "alert.fired", "Early-warning alert fired"
        POST_URGENT = "post.urgent", "Urgent post arrived"

    class Format(models.TextChoices):
        """What the POST's body is: our signed JSON, or a chat's incoming-webhook message."""

        JSON = "json", "socialcycle JSON (signed)"
        SLACK = "slack", "Slack incoming webhook"
        TEAMS = "teams", "Microsoft Teams incoming webhook"
        DISCORD = "discord", "Discord webhook"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=1000)
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.JSON)
    # Shared with the receiver, which recomputes the signature; shown to admins only.
    secret = models.CharField(max_length=64)
    events = models.JSONField(default=list)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event for one webhook: every attempt's outcome, and when to try again."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"  # gave up after the last retry

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=60)
    payload = models.JSONField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_excerpt = models.CharField(max_length=500, blank=True)
    error = models.CharField(max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "webhook deliveries"
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due"),
            models.Index(fields=["webhook", "-created_at"], name="webhook_delivery_log"),
        ]

    def __str__(self) -> str:
        return f"{self.event} to {self.webhook_id} ({self.status})"


class RoutingRule(models.Model):
    """Posts matching the conditions send their insight to `team` with a priority and SLA.

    Empty conditions match everything; rules are tried in `position` order and the first
    that matches one of an insight's posts routes it.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="routing_rules")
    name = models.CharField(max_length=120)
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    kinds = models.JSONField(default=list, blank=True)
    sentiments = models.JSONField(default=list, blank=True)
    channels = models.JSONField(default=list, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="routing_rules")
    products = models.JSONField(default=list, blank=True)  # names of tracked products/brands
    min_urgency = models.FloatField(null=True, blank=True)
    min_influence = models.FloatField(null=True, blank=True)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="routing_rules")
    priority = models.PositiveSmallIntegerField(default=3)  # 1 highest
    sla_hours = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name
