"""What the analysis found in each post, and what analysts corrected."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from socialcycle.accounts.models import Workspace
from socialcycle.analysis.labels import FEEDBACK_KIND_LABELS, SENTIMENT_LABELS
from socialcycle.listening.models import Post

SENTIMENT_CHOICES = list(SENTIMENT_LABELS.items())
KIND_CHOICES = list(FEEDBACK_KIND_LABELS.items())


class Topic(models.Model):
    """A subject discovered in the posts; people may rename, merge and split it."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="topics")
    label = models.CharField(max_length=200)
    keywords = models.JSONField(default=list, blank=True)
    # A name given by a person survives re-clustering; a machine label may be replaced.
    named_by_person = models.BooleanField(default=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    # A person said this is no topic: it is kept (with its centroid) so that rediscovery
    # does not bring it back, but no post is placed on it.
    retired_by_person = models.BooleanField(default=False)
    # Unit-length mean embedding of the topic's posts (float32 bytes): new posts are
    # assigned to the nearest centroid without clustering everything again.
    centroid = models.BinaryField(null=True, blank=True)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.label


class PostAnalysis(models.Model):
    """The latest analysis of one post, with the model versions that produced it."""

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="analysis")
    # Copied from the post so dashboards filter and count without joining posts.
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()
    channel = models.CharField(max_length=20, blank=True)
    language = models.CharField(max_length=12, blank=True)
    # Why the models did not read this post ("" when they did): no guessed labels then.
    not_analysed = models.CharField(max_length=200, blank=True)
    sentiment = models.CharField(max_length=10, choices=SENTIMENT_CHOICES, blank=True)
    sentiment_score = models.FloatField()
    emotion = models.CharField(max_length=20, blank=True)
    primary_kind = models.CharField(max_length=20, choices=KIND_CHOICES, blank=True)
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="analyses"
    )
    entities = models.JSONField(default=list, blank=True)
    urgency = models.FloatField(default=0.0)
    urgency_reasons = models.JSONField(default=list, blank=True)
    toxicity = models.FloatField(default=0.0)
    is_abusive = models.BooleanField(default=False)
    # Copied from the post (kept in step by listening/spam.py and understanding/spam.py),
    # so the inbox, dashboard and rollups leave spam out without joining posts.
    is_spam = models.BooleanField(default=False)
    model_versions = models.JSONField(default=dict)
    # How near the kinds head came to deciding otherwise, 0..1 (1: some kind's probability
    # sat on its threshold); Review kinds asks about the highest first. NULL when the models
    # did not read the post, or it was analysed before this was kept (it fills in when the
    # post is analysed again). No check constraint: adding one would copy the whole table on
    # SQLite, and only the pipeline writes it (MultiLabelHead.uncertainty clips to 0..1).
    kinds_uncertainty = models.FloatField(null=True, blank=True)
    # Fields an analyst set by hand ("sentiment", "kinds", "topic"): re-analysis keeps them.
    corrected_fields = models.JSONField(default=list, blank=True)
    analysed_at = models.DateTimeField()
    # Any change (new analysis, a correction) moves this: the dashboard's rollups
    # recount the days of rows changed since they were last brought up to date.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "post analyses"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sentiment_score__gte=-1, sentiment_score__lte=1),
                name="sentiment_score_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(urgency__gte=0, urgency__lte=1), name="urgency_in_range"
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "created_at"], name="analysis_by_time"),
            models.Index(
                fields=["workspace", "sentiment", "created_at"], name="analysis_by_sentiment"
            ),
            models.Index(
                fields=["workspace", "primary_kind", "created_at"], name="analysis_by_kind"
            ),
            # The inbox: most urgent first, newest first among equals.
            models.Index(fields=["workspace", "-urgency", "-created_at"], name="analysis_inbox"),
            models.Index(fields=["workspace", "updated_at"], name="analysis_changes"),
            # The dashboard filtered by one topic (the rollups have no topic dimension).
            models.Index(fields=["workspace", "topic", "created_at"], name="analysis_by_topic"),
            # Review kinds: the most doubtful posts first.
            models.Index(
                fields=["workspace", "-kinds_uncertainty", "-created_at"], name="analysis_by_doubt"
            ),
        ]

    def __str__(self) -> str:
        return f"analysis of {self.post_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.channel:  # a post's channel never changes: copy it once
            self.channel = Post.objects.values_list("channel", flat=True).get(pk=self.post_id)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "channel"}
        super().save(*args, **kwargs)


class PostKind(models.Model):
    """One feedback kind found in a post; a post may carry several (multi-label)."""

    analysis = models.ForeignKey(PostAnalysis, on_delete=models.CASCADE, related_name="kinds")
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    confidence = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["analysis", "kind"], name="kind_once_per_analysis")
        ]
        indexes = [models.Index(fields=["kind"], name="post_kind_by_kind")]

    def __str__(self) -> str:
        return self.kind


class PostMention(models.Model):
    """A tracked product, brand or competitor named in a post, one row per name.

    The same facts as the `entities` list on the analysis, as rows, so that dashboards
    filter by product and count share of voice with an index instead of reading JSON.
    """

    analysis = models.ForeignKey(PostAnalysis, on_delete=models.CASCADE, related_name="mentions")
    # Copied from the analysis so dashboards filter and count without joins.
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()
    kind = models.CharField(max_length=20)  # product, brand or competitor
    name = models.CharField(max_length=120)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["analysis", "kind", "name"], name="mention_once")
        ]
        indexes = [
            models.Index(fields=["workspace", "kind", "name", "created_at"], name="mention_by_name")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.name}"


class Correction(models.Model):
    """An analyst's fix of one field of a post's analysis; the models learn from these."""

    class Field(models.TextChoices):
        SENTIMENT = "sentiment", "Sentiment"
        KINDS = "kinds", "Feedback kinds"
        TOPIC = "topic", "Topic"
        SPAM = "spam", "Spam"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="corrections")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(max_length=20, choices=Field.choices)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField()
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            # Review kinds counts and scores a workspace's kinds corrections.
            models.Index(fields=["workspace", "field", "corrected_at"], name="correction_by_field")
        ]

    def __str__(self) -> str:
        return f"{self.field} of {self.post_id}"

    @property
    def is_confirmation(self) -> bool:
        """The analyst kept what was there: a confirmed example, recorded all the same."""
        if isinstance(self.before, list) and isinstance(self.after, list):
            return sorted(self.before) == sorted(self.after)
        return bool(self.before == self.after)


class TopicDiscoveryRun(models.Model):
    """One run of topic discovery for a workspace, done in the background: the Topics page
    shows its progress and how it ended, so no request waits for the clustering."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    class Scope(models.TextChoices):
        RECENT = "recent", "Recent posts"
        PERIOD = "period", "Posts of a period"
        # Started by itself once enough new posts fit no topic: only those are clustered.
        UNPLACED = "unplaced", "Posts that fit no topic"

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="topic_discoveries"
    )
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.RECENT)
    since = models.DateTimeField(null=True, blank=True)
    until = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=100, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    posts_considered = models.PositiveIntegerField(default=0)
    topics_found = models.PositiveIntegerField(default=0)
    topics_new = models.PositiveIntegerField(default=0)
    posts_placed = models.PositiveIntegerField(default=0)
    posts_unplaced = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Moves with every step of progress: a running run that stops moving lost its worker.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # One waiting or running discovery per workspace: a second click joins it.
            models.UniqueConstraint(
                fields=["workspace"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_active_topic_discovery",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="discovery_progress_in_range"
            ),
        ]
        indexes = [models.Index(fields=["workspace", "-created_at"], name="discovery_by_time")]

    def __str__(self) -> str:
        return f"topic discovery {self.pk} ({self.status})"

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
