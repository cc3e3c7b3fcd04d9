"""Pages of the responding app: the inbox, replies and templates (staff), and the public
pages reached from notification e-mails (what came of my feedback, unsubscribe), which
need no account: their link carries a signed participant reference."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.models import Membership, Role, User, Workspace
from socialcycle.acting.models import Insight
from socialcycle.lib.params import id_from, page_from
from socialcycle.lib.ratelimit import rate_limited
from socialcycle.listening.models import Participant, Post
from socialcycle.responding import bulk, measures, roadmap, satisfaction
from socialcycle.responding.forms import InboxFilterForm, ReplyForm, TemplateForm
from socialcycle.responding.inbox import inbox, page_of
from socialcycle.responding.loop import participant_from_token, record_email_visit, stop_emails
from socialcycle.responding.models import Notification, ReplyTemplate
from socialcycle.responding.publishing import publisher_of
from socialcycle.responding.replies import ReplyError, fill_template, reply, save_template

PUBLIC_LIMIT = 30  # requests per minute per address
MEASURE_DAYS = 90


def _participant(token: str) -> Participant:
    person = participant_from_token(token)
    if person is None:
        raise Http404("This link is not valid.")
    return person


@rate_limited("my-feedback", PUBLIC_LIMIT)
def my_feedback(request: HttpRequest, token: str) -> HttpResponse:
    person = _participant(token)
    record_email_visit(person)
    insight_ids = Notification.objects.filter(participant=person).values_list("insight_id")
    insights = Insight.objects.confirmed().filter(pk__in=insight_ids)
    insights = insights.order_by("-status_changed_at")
    context = {"person": person, "insights": insights, "token": token}
    return render(request, "responding/my_feedback.html", context)


@rate_limited("rate", PUBLIC_LIMIT)
def rate(request: HttpRequest, token: str, insight_id: int) -> HttpResponse:
    """The satisfaction question for one closed insight: the link from the e-mail shows the
    chosen answer and a button; only the button (a POST) records it (responding/satisfaction.py)."""
    person = _participant(token)
    insight = Insight.objects.filter(pk=insight_id).first()
    if insight is None or not satisfaction.may_answer(person, insight):
        raise Http404("There is no question to answer here.")
    chosen = id_from(request.POST.get("score") or request.GET.get("score"))
    recorded = None
    error = ""
    if request.method == "POST":
        try:
            recorded = satisfaction.record_answer(person, insight, chosen)
        except satisfaction.SatisfactionError as problem:
            error = f"{str(problem).capitalize()}."
    context = {
        "person": person,
        "insight": insight,
        "chosen": chosen,
        "recorded": recorded,
        "error": error,
        "scores": [(score, satisfaction.WORDS[score]) for score in satisfaction.SCORES],
    }
    return render(request, "responding/rate.html", context)


@rate_limited("unsubscribe", PUBLIC_LIMIT)
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    person = _participant(token)
    if request.method == "POST":
        stop_emails(person)
    return render(request, "responding/unsubscribe.html", {"person": person, "token": token})


@workspace_view(Role.RESPONDER)
def inbox_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    form = InboxFilterForm(request.GET or None, workspace_id=workspace.pk)
    user: User = request.user  # type: ignore[assignment]
    number = page_from(request.GET.get("page"))
    if form.is_bound and not form.is_valid():  # said beside the filters, never dropped
        context = {"workspace": workspace, "form": form, "rows": [], "number": 1}
        return render(request, "responding/inbox.html", context, status=400)
    rows, has_next = page_of(inbox(workspace, user, form.filters()), number)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "workspace": workspace,
        "form": form,
        "rows": rows,
        "number": number,
        "has_next": has_next,
        "query": query.urlencode(),
        **_bulk_choices(workspace),
    }
    return render(request, "responding/inbox.html", context)


def _bulk_choices(workspace: Workspace) -> dict[str, Any]:
    """What the chosen posts may be attached or assigned to."""
    return {
        "assignees": bulk.people_who_answer(workspace),
        "open_insights": Insight.objects.confirmed()
        .filter(workspace=workspace, merged_into=None)
        .exclude(status__in=Insight.CLOSED_STATUSES)
        .order_by("title"),
    }


@workspace_view(Role.RESPONDER)
def bulk_form(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The chosen-posts form for the Posts page, fetched by htmx: understanding's page
    cannot list insights or people (the apps to its right) itself. Opened by hand, it
    is the Posts page."""
    workspace = membership.workspace
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect("understanding:posts", slug=workspace.slug)
    context = {
        "workspace": workspace,
        # The Posts page's filters, encoded again: the value came from the browser.
        "query": QueryDict(request.GET.get("query", "")).urlencode(),
        "back": "posts",
        **_bulk_choices(workspace),
    }
    return render(request, "responding/_bulk_form.html", context)


@workspace_view(Role.RESPONDER)
def inbox_bulk(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The chosen posts of the inbox or the Posts page, attached to an insight, assigned to
    a person or marked spam or not spam; back to that page with the same filters."""
    workspace = membership.workspace
    page = "understanding:posts" if request.POST.get("back") == "posts" else "responding:inbox"
    back = reverse(page, args=[workspace.slug])
    if request.method != "POST":
        return redirect(back)
    # The inbox's filters, encoded again: the value came from the browser.
    query = QueryDict(request.POST.get("query", "")).urlencode()
    action = request.POST.get("action", "")
    ids = [id_from(value) for value in request.POST.getlist("posts")]
    insight = Insight.objects.filter(
        workspace=workspace, pk=id_from(request.POST.get("insight")), merged_into=None
    ).first()
    try:
        if action not in {choice.value for choice in bulk.Action}:
            raise bulk.BulkError("choose what to do with the posts")
        assignee = _assignee(request.POST.get("assignee", ""), action)
        done = bulk.act_on_posts(
            workspace,
            ids,
            bulk.Action(action),
            by=membership.user,
            insight=insight,
            assignee=assignee,
        )
    except bulk.BulkError as error:
        messages.error(request, f"Nothing changed: {error}.")
    else:
        messages.success(request, BULK_DONE[bulk.Action(action)].format(n=done))
    return redirect(f"{back}?{query}" if query else back)


def _assignee(chosen: str, action: str) -> User | None:
    """The person the inbox's "Assign to" names; "none" takes the posts back."""
    if chosen in ("", "none"):
        if action == bulk.Action.ASSIGN and chosen == "":
            raise bulk.BulkError("choose who answers the posts")
        return None
    person = User.objects.filter(pk=id_from(chosen)).first()
    if person is None:
        raise bulk.BulkError("choose who answers the posts")
    return person


BULK_DONE = {
    bulk.Action.ATTACH: "{n} posts attached to the insight.",
    bulk.Action.ASSIGN: "{n} posts assigned.",
    bulk.Action.SPAM: "{n} posts marked as spam.",
    bulk.Action.NOT_SPAM: "{n} posts marked as not spam.",
}


@workspace_view(Role.RESPONDER)
def reply_page(request: HttpRequest, membership: Membership, post_id: int) -> HttpResponse:
    """Write a reply (from a template or not), preview it as it will be sent, send it once;
    see where it went. A preview asked by htmx answers the preview alone."""
    workspace = membership.workspace
    post = get_object_or_404(
        Post.objects.select_related("author", "source"), pk=post_id, workspace=workspace
    )
    in_an_insight = post.insights.confirmed().exists()
    form = ReplyForm(request.POST or None, workspace_id=workspace.pk, in_an_insight=in_an_insight)
    previewing = "preview" in request.POST
    preview = ""
    if request.method == "POST" and form.is_valid():
        try:
            text = _reply_text(form.cleaned_data, post)
            if previewing:
                preview = text
            else:
                response, delivery = reply(
                    post, text, by=membership.user, key=form.cleaned_data["key"]
                )
        except ReplyError as error:
            form.add_error(None, f"{error}.")
        else:
            if not previewing:
                messages.success(
                    request,
                    "Reply published."
                    if delivery.published
                    else delivery.instructions or "Reply recorded: paste it on the channel.",
                )
                # A fresh, empty form: reloading this page cannot send the reply again.
                url = reverse("responding:reply", args=[workspace.slug, post.pk])
                return redirect(f"{url}?sent={response.pk}")
    if previewing and request.htmx:  # type: ignore[attr-defined]
        return render(request, "responding/_reply_preview.html", {"preview": preview, "form": form})
    sent = post.staff_replies.filter(pk=id_from(request.GET.get("sent"))).first()
    context = {
        "workspace": workspace,
        "post": post,
        "form": form,
        "preview": preview,
        "sent": sent,
        "paste_where": post.url or "the original post",
        "publishes_to": _platform_of(post),
        "may_edit_templates": membership.has_role(Role.ANALYST),
        "replies": post.staff_replies.select_related("author").order_by("-created_at"),
        "templates": ReplyTemplate.objects.filter(workspace=workspace).order_by("name"),
    }
    return render(request, "responding/reply.html", context)


def _platform_of(post: Post) -> str:
    """Where a reply to this post is published by itself ("" when it is pasted by hand)."""
    live = publisher_of(post)
    return live[0].reply_place if live is not None else ""


def _reply_text(data: dict[str, Any], post: Post) -> str:
    if not data["template"]:
        return str(data["text"])
    return fill_template(
        data["template"], post, reason=data["reason"], alternative=data["alternative"]
    )


@workspace_view(Role.ANALYST)
def templates_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        save_template(
            workspace,
            name=form.cleaned_data["name"],
            body=form.cleaned_data["body"],
            is_decline=form.cleaned_data["is_decline"],
            by=membership.user,
        )
        return redirect("responding:templates", slug=workspace.slug)
    templates = ReplyTemplate.objects.filter(workspace=workspace).order_by("name")
    return render(
        request,
        "responding/templates.html",
        {"workspace": workspace, "form": form, "templates": templates},
    )


@workspace_view(Role.VIEWER)
def responsiveness(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    since = timezone.now() - timedelta(days=MEASURE_DAYS)
    context = {
        "workspace": workspace,
        "days": MEASURE_DAYS,
        "times": measures.first_response_times(workspace, since),
        "breaches": measures.sla_breaches(workspace),
        "loop": measures.loop_closure(workspace),
        "satisfaction": satisfaction.summary(workspace),
    }
    return render(request, "responding/responsiveness.html", context)


@rate_limited("roadmap", PUBLIC_LIMIT)
def public_roadmap(request: HttpRequest, slug: str) -> HttpResponse:
    workspace = get_object_or_404(Workspace, slug=slug)
    columns = roadmap.roadmap(workspace)
    return render(request, "responding/roadmap.html", {"workspace": workspace, "columns": columns})


@rate_limited("changelog", PUBLIC_LIMIT)
def public_changelog(request: HttpRequest, slug: str) -> HttpResponse:
    workspace = get_object_or_404(Workspace, slug=slug)
    entries = roadmap.changelog(workspace)
    with timezone.override(workspace.zone()):  # "shipped" on the workspace's day
        return render(
            request, "responding/changelog.html", {"workspace": workspace, "entries": entries}
        )
