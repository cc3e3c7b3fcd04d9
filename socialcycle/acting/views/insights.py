"""Pages of insights: the list (overdue first), one insight's workflow, triage from a post."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.models import Membership, Role, User
from socialcycle.acting import services, suggestions, workflow
from socialcycle.acting.forms import (
    CommentForm,
    InsightFromPostForm,
    OwnerForm,
    PlanForm,
    StatusForm,
)
from socialcycle.acting.models import Insight, InsightEvent
from socialcycle.lib.errors import DomainError, show_on_form
from socialcycle.lib.params import id_from
from socialcycle.listening.models import Post


@workspace_view(Role.VIEWER)
def insight_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    in_workspace = Insight.objects.filter(workspace=workspace, merged_into=None)
    suggestions_waiting = in_workspace.waiting_suggestions()
    showing_suggestions = request.GET.get("suggested") == "1"
    insights = suggestions_waiting if showing_suggestions else in_workspace.confirmed()
    insights = (
        insights.select_related("team", "owner")
        .annotate(supporting=Count("posts"))
        .order_by("status", "sla_due_at", "-created_at")
    )
    status = request.GET.get("status", "")
    if status in Insight.Status.values:
        insights = insights.filter(status=status)
    now = timezone.now()
    rows = [(insight, insight.is_overdue(now)) for insight in insights[:500]]
    context = {
        "workspace": workspace,
        "rows": rows,
        "status": status,
        "statuses": Insight.Status.choices,
        "showing_suggestions": showing_suggestions,
        "suggestion_count": suggestions_waiting.count(),
    }
    return render(request, "acting/insight_list.html", context)


@workspace_view(Role.VIEWER, write=Role.RESPONDER)
def insight_detail(request: HttpRequest, membership: Membership, insight_id: int) -> HttpResponse:
    workspace = membership.workspace
    insight = get_object_or_404(
        Insight.objects.select_related("team", "owner"), pk=insight_id, workspace=workspace
    )
    can_act = membership.has_role(Role.RESPONDER)
    status_form = StatusForm(initial={"status": insight.status})
    owner_form = OwnerForm(initial={"owner": insight.owner_id}, workspace_id=workspace.pk)
    comment_form = CommentForm()
    plan_form = _plan_form(request, insight)
    if request.method == "POST" and "plan" in request.POST:
        if plan_form.is_valid() and _plan(request, insight, plan_form):
            return redirect("acting:insight", slug=workspace.slug, insight_id=insight.pk)
    elif request.method == "POST":
        done, status_form, owner_form, comment_form = _act(
            request, membership.workspace.pk, insight
        )
        if done:
            return redirect("acting:insight", slug=workspace.slug, insight_id=insight.pk)
    context = {
        "workspace": workspace,
        "insight": insight,
        "overdue": workflow.overdue(insight),
        "posts": insight.posts.select_related("analysis").order_by("-created_at")[:100],
        "events": insight.events.select_related("actor").order_by("-created_at"),
        "can_act": can_act,
        "status_form": status_form,
        "owner_form": owner_form,
        "comment_form": comment_form,
        "plan_form": plan_form,
        "routed_by": routed_by(insight),
        "merge_targets": Insight.objects.filter(workspace=workspace, merged_into=None)
        .exclude(pk=insight.pk)
        .exclude(status__in=Insight.CLOSED_STATUSES)
        .order_by("title"),
    }
    return render(request, "acting/insight_detail.html", context)


def _plan_form(request: HttpRequest, insight: Insight) -> PlanForm:
    initial = {"team": insight.team_id, "priority": insight.priority, "due": insight.sla_due_at}
    data = request.POST if "plan" in request.POST else None
    return PlanForm(data, initial=initial, workspace_id=insight.workspace_id)


def _plan(request: HttpRequest, insight: Insight, form: PlanForm) -> bool:
    data = form.cleaned_data
    user: User = request.user  # type: ignore[assignment]
    try:
        workflow.plan(
            insight, team=data["team"], priority=data["priority"], due=data["due"], by=user
        )
    except DomainError as error:
        show_on_form(form, error)
        return False
    messages.success(request, "Team, priority and due date saved.")
    return True


def routed_by(insight: Insight) -> str:
    """The routing rule that chose the insight's team, when a rule did and no one since."""
    assigned = insight.events.filter(kind=InsightEvent.Kind.ASSIGNED)
    for event in assigned.order_by("-created_at", "-pk"):
        after = event.after or {}
        if "rule" in after:
            return str(after["rule"])
        if "team" in after:
            return ""  # a person chose the team after the rule
    return ""


def _act(
    request: HttpRequest, workspace_id: int, insight: Insight
) -> tuple[bool, StatusForm, OwnerForm, CommentForm]:
    user: User = request.user  # type: ignore[assignment]
    status_form = StatusForm(request.POST if "status" in request.POST else None)
    owner_form = OwnerForm(
        request.POST if "assign" in request.POST else None, workspace_id=workspace_id
    )
    comment_form = CommentForm(request.POST if "comment" in request.POST else None)
    try:
        if "status" in request.POST and status_form.is_valid():
            data = status_form.cleaned_data
            services.change_insight_status(
                insight,
                data["status"],
                by=user,
                decline_reason=data["decline_reason"],
                decline_alternative=data["decline_alternative"],
            )
            messages.success(request, "Status changed; everyone behind it will be told.")
            return True, status_form, owner_form, comment_form
        if "assign" in request.POST and owner_form.is_valid():
            workflow.assign_owner(insight, owner_form.cleaned_data["owner"], by=user)
            return True, status_form, owner_form, comment_form
        if "confirm" in request.POST:
            suggestions.confirm(insight, by=user)
            return True, status_form, owner_form, comment_form
        if "rename" in request.POST:
            workflow.rename(insight, request.POST.get("title", ""), by=user)
            return True, status_form, owner_form, comment_form
        if "dismiss" in request.POST:
            suggestions.dismiss(insight, by=user)
            messages.success(
                request, "Suggestion dismissed; its posts will not be suggested again."
            )
            return True, status_form, owner_form, comment_form
        if "merge_into" in request.POST:
            target = Insight.objects.filter(
                pk=_int(request.POST["merge_into"]), workspace_id=workspace_id
            ).first()
            if target is None:  # never a default: merging is hard to undo
                messages.error(request, "Choose the insight to merge this one into.")
                return False, status_form, owner_form, comment_form
            suggestions.merge(insight, target, by=user)
            messages.success(request, f"Merged into “{target.title}”.")
            return True, status_form, owner_form, comment_form
        if "split" in request.POST:
            ids = [_int(value) for value in request.POST.getlist("posts")]
            part = suggestions.split(insight, ids, request.POST.get("split_title", ""), by=user)
            messages.success(request, f"Moved {part.posts.count()} posts to “{part.title}”.")
            return True, status_form, owner_form, comment_form
        if "publish" in request.POST:
            workflow.set_public(insight, request.POST["publish"] == "1", by=user)
            return True, status_form, owner_form, comment_form
        if "comment" in request.POST and comment_form.is_valid():
            workflow.add_comment(insight, comment_form.cleaned_data["text"], by=user)
            return True, status_form, owner_form, comment_form
    except DomainError as error:
        messages.error(request, error.message)
    return False, status_form, owner_form, comment_form


def _int(value: str) -> int:
    return id_from(value)


@workspace_view(Role.RESPONDER)
def insight_from_post(request: HttpRequest, membership: Membership, post_id: int) -> HttpResponse:
    """Triage: a post becomes a new insight, or supports an open one."""
    workspace = membership.workspace
    post = get_object_or_404(
        Post.objects.select_related("analysis"), pk=post_id, workspace=workspace
    )
    analysis = getattr(post, "analysis", None)
    initial = {
        "title": post.title or post.text[:120],
        "kind": (analysis.primary_kind if analysis else "") or "complaint",
    }
    form = InsightFromPostForm(request.POST or None, initial=initial, workspace_id=workspace.pk)
    if request.method == "POST" and form.is_valid():
        user: User = request.user  # type: ignore[assignment]
        insight = form.cleaned_data["existing"] or services.create_insight(
            workspace, kind=form.cleaned_data["kind"], title=form.cleaned_data["title"], by=user
        )
        services.attach_posts(insight, [post], by=user)
        messages.success(request, "The post now supports this insight.")
        return redirect("acting:insight", slug=workspace.slug, insight_id=insight.pk)
    context = {"workspace": workspace, "post": post, "form": form}
    return render(request, "acting/insight_from_post.html", context)
