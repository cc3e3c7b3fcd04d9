"""Participation in the community: votes on ideas, helpful-votes, answer upvotes."""

from __future__ import annotations

from django.db import models

from socialcycle.accounts.models import Workspace
from socialcycle.listening.models import Participant, Post


class Vote(models.Model):
    """One participant's vote on one post; each person votes once per post and kind."""

    class Kind(models.TextChoices):
        IDEA = "idea", "Idea vote"
        HELPFUL = "helpful", "Helpful review"
        ANSWER = "answer", "Answer upvote"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="votes")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.IDEA)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "participant", "kind"], name="one_vote_per_person"
            )
        ]
        indexes = [models.Index(fields=["post", "kind"], name="vote_by_post")]

    def __str__(self) -> str:
        return f"{self.participant_id} votes {self.post_id}"
