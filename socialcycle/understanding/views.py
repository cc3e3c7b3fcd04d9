"""Pages of the understanding app: a post with its analysis (and corrections), topics."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.models import Membership, Role
from socialcycle.analysis.labels import SENTIMENT_LABELS
from socialcycle.listening.models import Post
from socialcycle.understanding import discovery, services, topics
from socialcycle.understanding.corrections import CorrectionError, correct_analysis
from socialcycle.understanding.forms import (
    CorrectionForm,
    DiscoveryForm,
    MergeTopicForm,
    RenameTopicForm,
)
from socialcycle.understanding.models import PostAnalysis, Topic, TopicDiscoveryRun

POSTS_PER_PAGE = 50


@workspace_view(Role.VIEWER)
def post_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    posts = (
        Post.objects.filter(workspace=workspace)
        .select_related("analysis", "analysis__topic")
        .order_by("-created_at", "-id")
    )
    topic = None
    if request.GET.get("topic", "").isdigit():
        topic = get_object_or_404(Topic, pk=int(request.GET["topic"]), workspace=workspace)
        posts = posts.filter(analysis__topic=topic)
    day = _day(request.GET.get("day", ""))
    if day is not None:  # the dashboard links a day's point to its posts
        start = timezone.make_aware(datetime.combine(day, time.min))
        posts = posts.filter(created_at__gte=start, created_at__lt=start + timedelta(days=1))
    sentiment = request.GET.get("sentiment", "")
    if sentiment in SENTIMENT_LABELS:
        posts = posts.filter(analysis__sentiment=sentiment)
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"workspace": workspace, "page": page, "topic": topic, "day": day}
    return render(request, "understanding/post_list.html", context)


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


@workspace_view(Role.VIEWER)
def post_detail(request: HttpRequest, membership: Membership, post_id: int) -> HttpResponse:
    workspace = membership.workspace
    post = get_object_or_404(
        Post.objects.select_related("source", "author"), pk=post_id, workspace=workspace
    )
    analysis = (
        PostAnalysis.objects.filter(post=post)
        .select_related("topic")
        .prefetch_related("kinds")
        .first()
    )
    form = None
    if analysis is not None and membership.has_role(Role.ANALYST):
        form = CorrectionForm(
            initial={
                "sentiment": analysis.sentiment,
                "kinds": [kind.kind for kind in analysis.kinds.all()],
                "topic": analysis.topic_id,
            },
            workspace_id=workspace.pk,
        )
    context = {
        "workspace": workspace,
        "post": post,
        "analysis": analysis,
        "evidence": services.sentiment_evidence(post, analysis),
        "can_triage": membership.has_role(Role.RESPONDER),
        "form": form,
        "corrections": post.corrections.select_related("corrected_by").order_by("-corrected_at"),
    }
    return render(request, "understanding/post_detail.html", context)


@require_POST
@workspace_view(Role.ANALYST)
def correct_post(request: HttpRequest, membership: Membership, post_id: int) -> HttpResponse:
    workspace = membership.workspace
    analysis = get_object_or_404(PostAnalysis, post_id=post_id, workspace=workspace)
    form = CorrectionForm(request.POST, workspace_id=workspace.pk)
    if not form.is_valid():
        messages.error(request, "The correction was not saved: " + _errors(form))
        return redirect("understanding:post", slug=workspace.slug, post_id=post_id)
    data = form.cleaned_data
    try:
        made = correct_analysis(
            analysis,
            request.user,  # type: ignore[arg-type]
            sentiment=data["sentiment"],
            kinds=data["kinds"],
            topic=data["topic"],
            clear_topic=data["topic"] is None,
        )
    except CorrectionError as error:
        messages.error(request, f"The correction was not saved: {error}.")
    else:
        fields = ", ".join(correction.field for correction in made) or "nothing changed"
        messages.success(
            request, f"Correction saved ({fields}). The models learn from it at the next training."
        )
    return redirect("understanding:post", slug=workspace.slug, post_id=post_id)


@workspace_view(Role.VIEWER)
def topic_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    context = {
        "workspace": workspace,
        "topics": topics.live_topics(workspace),
        "can_edit": membership.has_role(Role.ANALYST),
        "run": discovery.latest_run(workspace),
        "discovery_form": DiscoveryForm(),
    }
    return render(request, "understanding/topic_list.html", context)


@workspace_view(Role.VIEWER)
def discovery_status(
    request: HttpRequest, membership: Membership, discovery_id: int
) -> HttpResponse:
    """The run's progress, polled by the Topics page until it ends."""
    workspace = membership.workspace
    run = get_object_or_404(TopicDiscoveryRun, pk=discovery_id, workspace=workspace)
    return render(
        request, "understanding/_discovery_status.html", {"workspace": workspace, "run": run}
    )


@workspace_view(Role.ANALYST)
def topic_detail(request: HttpRequest, membership: Membership, topic_id: int) -> HttpResponse:
    workspace = membership.workspace
    topic = get_object_or_404(
        Topic, pk=topic_id, workspace=workspace, merged_into__isnull=True, retired_by_person=False
    )
    rename = RenameTopicForm(initial={"label": topic.label})
    merge = MergeTopicForm(workspace_id=workspace.pk, exclude=topic.pk)
    if request.method == "POST":
        done = _topic_action(request, membership, topic)
        if done is not None:
            return done
        rename = RenameTopicForm(request.POST) if "rename" in request.POST else rename
    examples = (
        PostAnalysis.objects.filter(topic=topic).select_related("post").order_by("-created_at")[:20]
    )
    context = {
        "workspace": workspace,
        "topic": topic,
        "rename": rename,
        "merge": merge,
        "examples": examples,
    }
    return render(request, "understanding/topic_detail.html", context)


def _topic_action(
    request: HttpRequest, membership: Membership, topic: Topic
) -> HttpResponse | None:
    workspace = membership.workspace
    user = request.user
    try:
        if "rename" in request.POST:
            form = RenameTopicForm(request.POST)
            if not form.is_valid():
                return None
            topics.rename_topic(topic, form.cleaned_data["label"], user)  # type: ignore[arg-type]
            messages.success(
                request, "Topic renamed; the name is kept when topics are rediscovered."
            )
            return redirect("understanding:topic", slug=workspace.slug, topic_id=topic.pk)
        if "merge" in request.POST:
            merge = MergeTopicForm(request.POST, workspace_id=workspace.pk, exclude=topic.pk)
            if not merge.is_valid():
                messages.error(request, "Choose a topic to merge into.")
                return None
            target = topics.merge_topics(topic, merge.cleaned_data["into"], user)  # type: ignore[arg-type]
            messages.success(request, f"Merged into “{target.label}”.")
            return redirect("understanding:topic", slug=workspace.slug, topic_id=target.pk)
        if "retire" in request.POST:
            freed = topics.retire_topic(topic, user)  # type: ignore[arg-type]
            messages.success(
                request,
                f"Topic retired; its {freed} posts have no topic now, and rediscovery will "
                "not bring it back.",
            )
            return redirect("understanding:topics", slug=workspace.slug)
        if "split" in request.POST:
            parts = topics.split_topic(topic, user)  # type: ignore[arg-type]
            messages.success(request, f"Split into {len(parts)} topics.")
            return redirect("understanding:topics", slug=workspace.slug)
    except ValueError as error:
        messages.error(request, f"{error}.")
    return None


@require_POST
@workspace_view(Role.ANALYST)
def discover_topics_now(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    form = DiscoveryForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Topic discovery was not started: " + _errors(form) + ".")
        return redirect("understanding:topics", slug=workspace.slug)
    since, until = _discovery_period(form.cleaned_data)
    run = discovery.request_discovery(workspace, request.user, since=since, until=until)  # type: ignore[arg-type]
    messages.success(
        request,
        f"Topic discovery over {form.describe()} is {run.get_status_display().lower()}; "
        "its progress shows below.",
    )
    return redirect("understanding:topics", slug=workspace.slug)


def _discovery_period(data: dict[str, Any]) -> tuple[datetime | None, datetime | None]:
    if data.get("since") or data.get("until"):
        since = data.get("since")
        until = data.get("until")
        return (
            timezone.make_aware(datetime.combine(since, time.min)) if since else None,
            timezone.make_aware(datetime.combine(until + timedelta(days=1), time.min))
            if until
            else None,
        )
    period = data.get("period") or ""
    return (timezone.now() - timedelta(days=int(period)) if period else None), None


def _errors(form: forms.Form) -> str:
    return "; ".join(
        f"{field}: {' '.join(str(error) for error in errors)}"
        for field, errors in form.errors.items()
    )
