"""Staff pages of the community: the moderation queue and managing an idea (status,
merging duplicates). Workspace roles apply: responders moderate, analysts manage ideas."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.models import Membership, Role, User
from socialcycle.acting.models import Insight
from socialcycle.community import ideas, moderation
from socialcycle.community.models import Contribution
from socialcycle.lib.params import id_from


@workspace_view(Role.RESPONDER)
def moderation_queue(request: HttpRequest, membership: Membership) -> HttpResponse:
    context = {
        "workspace": membership.workspace,
        "held": moderation.queue(membership.workspace)[:200],
    }
    return render(request, "community/staff/moderation.html", context)


@require_POST
@workspace_view(Role.RESPONDER)
def moderate(request: HttpRequest, membership: Membership, post_id: int) -> HttpResponse:
    contribution = get_object_or_404(Contribution, pk=post_id, workspace=membership.workspace)
    decision = request.POST.get("decision", "")
    if decision not in (Contribution.State.PUBLISHED, Contribution.State.REMOVED):
        messages.error(request, "Choose publish or remove.")
    else:
        user: User = request.user  # type: ignore[assignment]
        moderation.decide(contribution, decision, by=user)
        messages.info(
            request, f"Post {contribution.pk} is now {contribution.get_state_display().lower()}."
        )
    return redirect("community:moderation", membership.workspace.slug)


@workspace_view(Role.ANALYST)
def manage_idea(request: HttpRequest, membership: Membership, post_id: int) -> HttpResponse:
    workspace = membership.workspace
    idea = get_object_or_404(
        Contribution.objects.select_related("post", "merged_into"),
        pk=post_id,
        workspace=workspace,
        type=Contribution.Type.IDEA,
    )
    user: User = request.user  # type: ignore[assignment]
    error = ""
    if request.method == "POST":
        error = _act(request, idea, user)
        if not error:
            return redirect("community:manage-idea", workspace.slug, idea.pk)
    insight = ideas.insight_of(idea.pk)
    context = {
        "workspace": workspace,
        "idea": idea,
        "insight": insight,
        "statuses": Insight.Status.choices,
        "votes": idea.post.votes.filter(kind="idea").count(),
        "similar": ideas.similar_ideas(
            workspace, f"{idea.post.title} {idea.post.text}", exclude=idea.pk
        ),
        "error": error,
    }
    return render(request, "community/staff/idea.html", context, status=400 if error else 200)


def _act(request: HttpRequest, idea: Contribution, user: User) -> str:
    """Do what the form asked; the error in words, or "" when it worked."""
    try:
        if request.POST.get("action") == "merge":
            into = Contribution.objects.filter(
                pk=_int(request.POST.get("into_number") or request.POST.get("into", "")),
                workspace_id=idea.workspace_id,
                type=Contribution.Type.IDEA,
            ).first()
            if into is None:
                return "Choose an idea of this community to merge into."
            moved = ideas.merge_ideas(idea, into, by=user)
            messages.info(request, f"Merged; {moved} vote{'s' if moved != 1 else ''} moved.")
        else:
            ideas.set_status(
                idea,
                request.POST.get("status", ""),
                by=user,
                decline_reason=request.POST.get("decline_reason", ""),
                decline_alternative=request.POST.get("decline_alternative", ""),
            )
            messages.info(request, "Status saved; everyone behind the idea will be told.")
    except ideas.IdeaError as problem:
        return str(problem)
    return ""


def _int(value: str) -> int:
    return id_from(value)
