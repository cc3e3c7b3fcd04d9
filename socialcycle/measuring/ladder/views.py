"""Pages of the engagement ladder: the workspace's funnel with its advocates and
detractors (one person's climb is on their page, people/views.py)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.models import Membership, Role
from socialcycle.listening.influence import refresh_influence
from socialcycle.measuring.dashboard import charts
from socialcycle.measuring.ladder import figures as ladder_figures
from socialcycle.measuring.ladder.advocates import MIN_INFLUENCE
from socialcycle.measuring.ladder.shared_posts import record_share_advocacy
from socialcycle.measuring.ladder.stages import STAGES, stage_label

FUNNEL_MONTHS = 12


@workspace_view()
def workspace_ladder(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    figures = ladder_figures.figures(workspace, FUNNEL_MONTHS)
    months = figures.months
    context = {
        "workspace": workspace,
        "membership": membership,
        "stages": [(stage, stage_label(stage)) for stage in STAGES],
        "months": list(reversed(months)),
        "latest": months[-1] if months else None,
        "chart": charts.ladder_funnel("ladder-funnel", months, "People at each stage")
        if months
        else None,
        "advocates": figures.advocates,
        "detractors": figures.detractors,
        "computed_at": figures.computed_at,
        "refresh_minutes": ladder_figures.REFRESH_SECONDS // 60,
        "min_influence": MIN_INFLUENCE,
        "can_refresh": membership.has_role(Role.ANALYST),
    }
    return render(request, "measuring/ladder.html", context)


@require_POST
@workspace_view(Role.ANALYST)
def refresh_ladder(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Recompute influence and the advocacy of shared posts now instead of at the hour."""
    workspace = membership.workspace
    changed = refresh_influence(workspace)
    advocacy = record_share_advocacy(workspace)
    ladder_figures.refresh(workspace)
    messages.success(
        request,
        f"Influence recomputed ({changed} people changed); {advocacy} new advocacy steps "
        "from shared positive posts.",
    )
    return redirect("measuring:ladder", slug=workspace.slug)
