"""Pages of the understanding app: a post with its analysis (and corrections), Review kinds,
topics."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.models import Membership, Role, Workspace
from socialcycle.analysis.labels import FEEDBACK_KIND_LABELS
from socialcycle.lib import localtime
from socialcycle.lib.errors import DomainError
from socialcycle.listening.models import Post
from socialcycle.understanding import (
    discovery,
    queries,
    review,
    search,
    services,
    similar,
    topics,
)
from socialcycle.understanding.corrections import CorrectionError, correct_analysis
from socialcycle.understanding.forms import (
    ConfirmKindsForm,
    CorrectionForm,
    DiscoveryForm,
    MergeTopicForm,
    RenameTopicForm,
)
from socialcycle.understanding.models import PostAnalysis, Topic, TopicDiscoveryRun
from socialcycle.understanding.spam import mark_spam

POSTS_PER_PAGE = 50


@workspace_view(Role.VIEWER)
def post_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Posts narrowed by any of the filters (GET parameters, so a URL can be shared),
    best match first when words are searched, newest first otherwise."""
    workspace = membership.workspace
    parsed = queries.parse_post_filter(workspace, request.GET)
    context: dict[str, Any] = {
        "workspace": workspace,
        "parsed": parsed,
        "choices": queries.filter_choices(workspace),
        "query": _query_without_page(request),
        "chosen": {name: request.GET.getlist(name) for name in request.GET},
    }
    post_filter = parsed.filter
    if len(post_filter.topic_ids) == 1:
        context["topic"] = Topic.objects.get(pk=post_filter.topic_ids[0])
    if "day" in request.GET and post_filter.start is not None:
        context["day"] = post_filter.start.date()  # the dashboard links a day's point here
    if parsed.errors:  # a filter that cannot be read is said, never silently dropped
        return render(request, "understanding/post_list.html", context, status=400)
    # Paged as ids, then the page's posts loaded: sorting thousands of matches by rank
    # then moves ids, not texts.
    found = queries.find_post_ids(workspace, parsed.filter)
    page = Paginator(found, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    if isinstance(found, search.Matches) and found.capped:
        # Counting every match costs as much as ranking them all: only when asked.
        context["ranked_window"] = found.window
        context["total"] = found.total() if request.GET.get("count") == "all" else None
    posts = search.load_page(list(page), ["analysis", "analysis__topic"])
    marks = search.highlights([post.pk for post in posts], parsed.filter.text)
    context["page"] = page
    context["rows"] = [(post, marks.get(post.pk)) for post in posts]
    return render(request, "understanding/post_list.html", context)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


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
            by=request.user,  # type: ignore[arg-type]
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


@require_POST
@workspace_view(Role.RESPONDER)
def mark_post_spam(request: HttpRequest, membership: Membership, post_id: int) -> HttpResponse:
    """A person's verdict: spam ("yes") or not ("no"); it wins over the machine's."""
    workspace = membership.workspace
    post = get_object_or_404(Post, pk=post_id, workspace=workspace)
    answer = request.POST.get("spam", "")
    if answer not in {"yes", "no"}:
        messages.error(request, f"Not saved: spam must be yes or no, not “{answer[:20]}”.")
        return redirect("understanding:post", slug=workspace.slug, post_id=post_id)
    mark_spam(post, by=request.user, is_spam=answer == "yes")  # type: ignore[arg-type]
    messages.success(
        request,
        "Marked as spam: hidden from the inbox and counts."
        if answer == "yes"
        else "Marked as not spam: shown in the inbox and counted.",
    )
    return redirect("understanding:post", slug=workspace.slug, post_id=post_id)


@workspace_view(Role.ANALYST)
def review_kinds(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The posts whose kinds the model is least sure of, one form each; keys with script."""
    context = {**_review_context(membership.workspace), "definitions": review.kind_definitions()}
    return render(request, "understanding/review_kinds.html", context)


@require_POST
@workspace_view(Role.ANALYST)
def confirm_kinds(request: HttpRequest, membership: Membership, post_id: int) -> HttpResponse:
    """Record the kinds an analyst confirmed (changed or not); htmx gets the next posts."""
    workspace = membership.workspace
    analysis = get_object_or_404(PostAnalysis, post_id=post_id, workspace=workspace)
    form = ConfirmKindsForm(request.POST)
    if form.is_valid():
        kinds = form.cleaned_data["kinds"]
        correct_analysis(analysis, by=request.user, kinds=kinds, kinds_confirmed=True)  # type: ignore[arg-type]
        named = ", ".join(FEEDBACK_KIND_LABELS[kind] for kind in kinds) or "no kind"
        said = (
            f"Post {post_id} confirmed as {named}. The models learn from it at the next training."
        )
    else:  # only a stale or forged form names a kind that does not exist
        said = "The kinds were not saved: " + _errors(form) + "."
    if request.headers.get("HX-Request") == "true":
        context = {**_review_context(workspace), "said": said, "failed": not form.is_valid()}
        return render(request, "understanding/_review_kinds.html", context)
    (messages.success if form.is_valid() else messages.error)(request, said)
    return redirect("understanding:review-kinds", slug=workspace.slug)


def _review_context(workspace: Workspace) -> dict[str, Any]:
    return {
        "workspace": workspace,
        "items": review.posts_to_review(workspace),
        "figures": review.review_figures(workspace, settings.MODEL_DIR),
    }


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
            topics.rename_topic(topic, form.cleaned_data["label"], by=user)  # type: ignore[arg-type]
            messages.success(
                request, "Topic renamed; the name is kept when topics are rediscovered."
            )
            return redirect("understanding:topic", slug=workspace.slug, topic_id=topic.pk)
        if "merge" in request.POST:
            merge = MergeTopicForm(request.POST, workspace_id=workspace.pk, exclude=topic.pk)
            if not merge.is_valid():
                messages.error(request, "Choose a topic to merge into.")
                return None
            target = topics.merge_topics(topic, merge.cleaned_data["into"], by=user)  # type: ignore[arg-type]
            messages.success(request, f"Merged into “{target.label}”.")
            return redirect("understanding:topic", slug=workspace.slug, topic_id=target.pk)
        if "retire" in request.POST:
            freed = topics.retire_topic(topic, by=user)  # type: ignore[arg-type]
            messages.success(
                request,
                f"Topic retired; its {freed} posts have no topic now, and rediscovery will "
                "not bring it back.",
            )
            return redirect("understanding:topics", slug=workspace.slug)
        if "split" in request.POST:
            parts = topics.split_topic(topic, by=user)  # type: ignore[arg-type]
            messages.success(request, f"Split into {len(parts)} topics.")
            return redirect("understanding:topics", slug=workspace.slug)
    except DomainError as error:
        messages.error(request, error.message)
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
    run = discovery.request_discovery(workspace, by=request.user, since=since, until=until)  # type: ignore[arg-type]
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
            localtime.start_of_day(since) if since else None,
            localtime.start_of_day(until + timedelta(days=1)) if until else None,
        )
    period = data.get("period") or ""
    return (timezone.now() - timedelta(days=int(period)) if period else None), None


def _errors(form: forms.Form) -> str:
    return "; ".join(
        f"{field}: {' '.join(str(error) for error in errors)}"
        for field, errors in form.errors.items()
    )


@workspace_view(Role.VIEWER)
def similar_posts(request: HttpRequest, membership: Membership, post_id: int) -> HttpResponse:
    """Posts like this one, by meaning (embedded on request: a second or so)."""
    workspace = membership.workspace
    post = get_object_or_404(Post, pk=post_id, workspace=workspace)
    context = {
        "workspace": workspace,
        "post": post,
        "similar": similar.similar_posts(post),
        "candidates": similar.CANDIDATES,
    }
    return render(request, "understanding/similar_posts.html", context)
