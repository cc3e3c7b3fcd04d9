"""Replies to posts, and the notifications that close the loop with participants."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from socialcycle.accounts.models import Workspace
from socialcycle.acting.models import Insight
from socialcycle.listening.models import Participant, Post


class Reply(models.Model):
    """A staff reply to a post; published in the community, or ready to paste elsewhere."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="staff_replies")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="staff_replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="staff_replies"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    # When the reply reached the channel (community) or a person marked it pasted (elsewhere).
    published_at = models.DateTimeField(null=True, blank=True)
    external_url = models.URLField(max_length=1000, blank=True)
    # Copied from the post when the reply is saved, so that first-reply times read the
    # replies alone, without a join to a large table of posts (responding/measures.py);
    # a re-import that moves the post is copied again with the dashboard's rollups.
    post_created_at = models.DateTimeField(null=True, blank=True)
    post_channel = models.CharField(max_length=20, blank=True)
    # The reply form's key for one sending: the same key sent again is the same reply.
    reply_key = models.UUIDField(null=True, blank=True)
    # Publishing through a live source's connector (responding/publishing.py): claimed
    # before the platform is asked, so a retried task never posts twice; why it failed.
    publish_claimed_at = models.DateTimeField(null=True, blank=True)
    publish_error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "reply_key"], name="response_key_unique"),
        ]
        indexes = [
            models.Index(fields=["post", "created_at"], name="response_by_post"),
            # First-reply times start from the period's replies (responding/measures.py).
            models.Index(fields=["workspace", "created_at"], name="response_by_time"),
        ]

    def __str__(self) -> str:
        return f"reply to {self.post_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.post_created_at is None:  # as stored now, not as an older object says
            self.post_created_at, self.post_channel = Post.objects.values_list(
                "created_at", "channel"
            ).get(pk=self.post_id)
            if "update_fields" in kwargs and kwargs["update_fields"] is not None:
                kwargs["update_fields"] = {
                    *kwargs["update_fields"],
                    "post_created_at",
                    "post_channel",
                }
        super().save(*args, **kwargs)


class Notification(models.Model):
    """A message to a participant or a colleague, sent once, claimed by a worker.

    `claimed_at` is set by a conditional UPDATE so two workers never send the same one.
    """

    class Kind(models.TextChoices):
        INSIGHT_STATUS = "insight_status", "Insight status changed"
        REPLY = "reply", "Reply to your post"
        MENTION = "mention", "Mentioned in a comment"

    class Medium(models.TextChoices):
        EMAIL = "email", "E-mail"
        COMMUNITY = "community", "Community"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    medium = models.CharField(max_length=12, choices=Medium.choices)
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    insight = models.ForeignKey(Insight, null=True, blank=True, on_delete=models.CASCADE)
    # Which change this tells about (e.g. "status:done"); with the recipient it makes "once".
    about = models.CharField(max_length=120, blank=True)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(participant__isnull=False) | models.Q(user__isnull=False),
                name="notification_has_recipient",
            ),
            models.UniqueConstraint(
                fields=["participant", "insight", "about", "medium"],
                condition=models.Q(participant__isnull=False, insight__isnull=False),
                name="participant_told_once",
            ),
        ]
        indexes = [models.Index(fields=["claimed_at", "sent_at"], name="notification_outbox")]

    def __str__(self) -> str:
        return self.subject


class ReplyTemplate(models.Model):
    """A reusable reply. `{name}` and `{insight_status}` are filled in when it is used.

    A declining template also asks for `{reason}` and `{alternative}`: customers hear
    honestly why, and what they can do instead.
    """

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="reply_templates"
    )
    name = models.CharField(max_length=120)
    body = models.TextField()
    is_decline = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="template_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Satisfaction(models.Model):
    """How a person who was told an insight closed rates what came of their feedback (1-5).

    Asked once the loop closes (done or declined), in the e-mail that tells them and on
    their feedback page; answering again changes the answer."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="satisfaction_answers"
    )
    insight = models.ForeignKey(Insight, on_delete=models.CASCADE, related_name="satisfaction")
    score = models.PositiveSmallIntegerField()
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "insight"], name="one_satisfaction_answer"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="satisfaction_1_to_5"
            ),
        ]
        indexes = [models.Index(fields=["workspace", "answered_at"], name="satisfaction_by_time")]

    def __str__(self) -> str:
        return f"{self.score}/5 on {self.insight_id}"


class Assignment(models.Model):
    """Who answers a post: given from the inbox; "assigned to me" finds it."""

    post = models.OneToOneField(
        Post, on_delete=models.CASCADE, primary_key=True, related_name="assignment"
    )
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assigned_posts"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["workspace", "assignee"], name="assignment_by_person")]

    def __str__(self) -> str:
        return f"post {self.post_id} to {self.assignee_id}"
