"""The engagement ladder's figures as last computed, so that no page waits for them."""

from __future__ import annotations

from django.db import models

from socialcycle.accounts.models import Workspace


class LadderFigures(models.Model):
    """The engagement ladder's funnel, advocates and detractors of one workspace, as last
    computed (they take seconds at a million events; see measuring/ladder/figures.py).

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
