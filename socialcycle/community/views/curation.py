"""Staff pages for community content: choosing testimonials and recording consent,
promoting customers' accepted answers into knowledge articles, accepting an answer.

Analysts curate testimonials and the knowledge page; responders may accept an answer
(that is answering the customer). Every object is fetched within the workspace, so
another workspace's post or article is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from socialcycle.accounts.access import workspace_view
from socialcycle.accounts.models import Membership, Role, User
from socialcycle.community import knowledge, qa, testimonials
from socialcycle.community.models import KnowledgeArticle, Testimonial
from socialcycle.lib.params import id_from
from socialcycle.lib.urls import absolute
from socialcycle.listening.models import Post


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # workspace_view signed them in
    return user


# Testimonials


@workspace_view(Role.ANALYST)
def testimonials_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    search = request.GET.get("q", "")[:200]
    chosen = [
        (item, _consent_link(workspace.slug, item) if not item.is_shown else "")
        for item in testimonials.selected(workspace)
    ]
    context = {
        "workspace": workspace,
        "search": search,
        "candidates": testimonials.candidates(workspace, search),
        "chosen": chosen,
    }
    return render(request, "community/staff/testimonials.html", context)


def _consent_link(slug: str, testimonial: Testimonial) -> str:
    """The link staff send the author (by DM or e-mail) so they can agree themselves."""
    path = reverse("community:consent", args=[slug, testimonials.consent_token(testimonial)])
    return absolute(path)


@require_POST
@workspace_view(Role.ANALYST)
def select_testimonial(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    post_id = request.POST.get("post", "")
    post = get_object_or_404(Post, pk=id_from(post_id), workspace=workspace)
    try:
        testimonials.select_post(workspace, post, by=_user(request))
    except testimonials.TestimonialError as error:
        messages.error(request, str(error))
    else:
        messages.info(request, "Selected. It is shown once the author's consent is recorded.")
    return redirect("community:staff-testimonials", workspace.slug)


def _testimonial(membership: Membership, testimonial_id: int) -> Testimonial:
    return get_object_or_404(
        Testimonial.objects.select_related("post"),
        pk=testimonial_id,
        workspace=membership.workspace,
    )


@require_POST
@workspace_view(Role.ANALYST)
def record_consent(
    request: HttpRequest, membership: Membership, testimonial_id: int
) -> HttpResponse:
    testimonial = _testimonial(membership, testimonial_id)
    try:
        testimonials.record_staff_consent(
            testimonial, request.POST.get("note", ""), by=_user(request)
        )
    except testimonials.TestimonialError as error:
        messages.error(request, str(error))
    else:
        messages.info(request, "Consent recorded: the post is on the wall.")
    return redirect("community:staff-testimonials", membership.workspace.slug)


@require_POST
@workspace_view(Role.ANALYST)
def withdraw_testimonial(
    request: HttpRequest, membership: Membership, testimonial_id: int
) -> HttpResponse:
    testimonials.withdraw_consent(_testimonial(membership, testimonial_id), by=_user(request))
    messages.info(request, "Withdrawn: the post is no longer on the wall.")
    return redirect("community:staff-testimonials", membership.workspace.slug)


# Tips and knowledge articles


@workspace_view(Role.ANALYST)
def tips_page(request: HttpRequest, membership: Membership) -> HttpResponse:
    workspace = membership.workspace
    context = {
        "workspace": workspace,
        "tips": qa.tips(workspace)[:200],
        "articles": knowledge.articles(workspace)[:200],
    }
    return render(request, "community/staff/tips.html", context)


@workspace_view(Role.ANALYST)
def promote_tip(request: HttpRequest, membership: Membership, post_id: int) -> HttpResponse:
    workspace = membership.workspace
    tip = knowledge.get_tip(workspace, post_id)
    if tip is None:
        raise Http404("No such tip.")
    draft = knowledge.draft_from(tip)
    errors: dict[str, str] = {}
    if request.method == "POST":
        draft = knowledge.ArticleDraft(request.POST.get("title", ""), request.POST.get("body", ""))
        try:
            article = knowledge.promote_tip(tip, draft, by=_user(request))
        except knowledge.KnowledgeError as error:
            errors[error.field or "form"] = str(error)
        else:
            messages.info(request, "Promoted: the tip is on the knowledge page.")
            return redirect("community:article", workspace.slug, article.pk)
    context = {"workspace": workspace, "tip": tip, "draft": draft, "errors": errors}
    return render(
        request, "community/staff/tips_promote.html", context, status=400 if errors else 200
    )


@workspace_view(Role.ANALYST)
def edit_article(request: HttpRequest, membership: Membership, article_id: int) -> HttpResponse:
    """Edit an article, or take it off the public page (and put it back)."""
    workspace = membership.workspace
    article = get_object_or_404(KnowledgeArticle, pk=article_id, workspace=workspace)
    draft = knowledge.ArticleDraft(article.title, article.body)
    errors: dict[str, str] = {}
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if action in ("publish", "unpublish"):
            knowledge.set_published(article, action == "publish", by=_user(request))
            shown = "on" if article.is_published else "off"
            messages.info(request, f"“{article.title}” is {shown} the knowledge page.")
            return redirect("community:staff-tips", workspace.slug)
        draft = knowledge.ArticleDraft(request.POST.get("title", ""), request.POST.get("body", ""))
        try:
            knowledge.edit_article(article, draft, by=_user(request))
        except knowledge.KnowledgeError as error:
            errors[error.field or "form"] = str(error)
        else:
            messages.info(request, "Saved.")
            return redirect("community:staff-tips", workspace.slug)
    context = {"workspace": workspace, "article": article, "draft": draft, "errors": errors}
    return render(
        request, "community/staff/tips_promote.html", context, status=400 if errors else 200
    )


# Answers


@require_POST
@workspace_view(Role.RESPONDER)
def accept_answer(request: HttpRequest, membership: Membership, post_id: int) -> HttpResponse:
    """Staff accept an answer from the public question page (the asker may be long gone)."""
    workspace = membership.workspace
    answer = qa.get_answer(workspace, post_id)
    if answer is None:
        raise Http404("No such answer.")
    question = qa.question_of(answer)
    try:
        qa.accept_answer(answer, by=_user(request))
    except qa.AnswerError as error:
        messages.error(request, str(error))
    return redirect(
        reverse("community:question", args=[workspace.slug, question.pk]) + f"#answer-{answer.pk}"
    )
