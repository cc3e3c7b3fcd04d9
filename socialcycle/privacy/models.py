"""What privacy keeps: the record that a person's data was erased, without the data."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from socialcycle.accounts.models import Workspace


class ErasureRecord(models.Model):
    """A participant erased on request: when, by whom, how, and how much; nothing that
    says who the person was (the participant's id no longer points anywhere)."""

    class Mode(models.TextChoices):
        ANONYMISE = "anonymise", "Keep the posts, without anything that names the person"
        DELETE = "delete", "Delete the posts too"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="erasures")
    participant_id = models.BigIntegerField()
    mode = models.CharField(max_length=10, choices=Mode.choices)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)
    counts = models.JSONField(default=dict)
    erased_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"participant {self.participant_id} erased ({self.mode})"
