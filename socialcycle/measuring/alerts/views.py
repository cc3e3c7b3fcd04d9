"""Pages of the early-warning alerts: the list with each alert's evidence, and acknowledging."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.models import Membership, Role
from socialcycle.listening.models import Post
from socialcycle.measuring.alerts.lifecycle import acknowledge_alert
from socialcycle.measuring.alerts.models import Alert
from socialcycle.measuring.alerts.rule import DEFAULT_RULE

ALERTS_PER_PAGE = 20


@workspace_view()
def alert_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    shown = Alert.objects.filter(workspace=workspace).select_related("acknowledged_by")
    state = request.GET.get("state", "")
    if state in Alert.State.values:
        shown = shown.filter(state=state)
    page = Paginator(shown.order_by("-hour", "-pk"), ALERTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    wanted = {post_id for alert in page for post_id in alert.evidence_post_ids}
    posts = Post.objects.filter(workspace=workspace, pk__in=wanted).in_bulk()
    rows = [(alert, [posts[pk] for pk in alert.evidence_post_ids if pk in posts]) for alert in page]
    context = {
        "workspace": workspace,
        "membership": membership,
        "page": page,
        "rows": rows,
        "state": state,
        "states": Alert.State.choices,
        "open_count": Alert.objects.filter(workspace=workspace, state=Alert.State.OPEN).count(),
        "can_acknowledge": membership.has_role(Role.ANALYST),
        "rule": DEFAULT_RULE,
    }
    return render(request, "measuring/alerts.html", context)


@require_POST
@workspace_view(Role.ANALYST)
def acknowledge(request: HttpRequest, membership: Membership, alert_id: int) -> HttpResponse:
    alert = get_object_or_404(Alert, pk=alert_id, workspace=membership.workspace)
    if acknowledge_alert(alert, by=membership.user):
        messages.success(request, f"Alert about {alert.scope_label} acknowledged.")
    else:
        messages.info(request, f"The alert about {alert.scope_label} was not open any more.")
    return redirect("measuring:alerts", slug=membership.workspace.slug)
