"""The weekly digest's delivery: claimed before it is e-mailed, so each week goes once."""

from __future__ import annotations

from django.db import models

from socialcycle.accounts.models import Workspace


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
