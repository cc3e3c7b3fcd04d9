"""Routing rules (analysts): the rules that send matching posts to a team, with sample posts."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.models import Membership, Role
from socialcycle.acting import routing
from socialcycle.acting.forms import RoutingRuleForm
from socialcycle.acting.models import RoutingRule
from socialcycle.listening.models import Post

SAMPLE_POSTS = 5


@workspace_view(Role.ANALYST)
def routing_rules(request: HttpRequest, membership: Membership) -> HttpResponse:
    """List rules; try a new rule against recent posts ("would have matched 37 posts"), save."""
    workspace = membership.workspace
    form = RoutingRuleForm(request.POST or None, workspace_id=workspace.pk)
    tried: int | None = None
    sample: list[Post] = []
    if request.method == "POST" and form.is_valid():
        conditions = form.conditions()
        if "save" in request.POST:
            rule = routing.save_rule(workspace, form.cleaned_data, by=request.user)  # type: ignore[arg-type]
            messages.success(request, f"Rule “{rule.name}” saved.")
            return redirect("acting:routing", slug=workspace.slug)
        tried = routing.would_match(workspace, conditions)
        sample = list(
            routing.posts_matching(workspace, conditions).order_by("-created_at")[:SAMPLE_POSTS]
        )
    rules = RoutingRule.objects.filter(workspace=workspace).select_related("team")
    context = {
        "workspace": workspace,
        "form": form,
        "rules": rules,
        "tried": tried,
        "try_days": routing.TRY_DAYS,
        "sample": sample,
    }
    return render(request, "acting/routing.html", context)
