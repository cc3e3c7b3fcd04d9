"""Public pages for reviews, questions and answers, the testimonials wall and tips.

Anyone may read; writing needs a verified member (`community_view(member_required=True)`)
and a POST. A refused post re-renders its form with the reason beside the field (400).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from socialcycle.accounts.models import Membership, Role, TrackedName, Workspace
from socialcycle.community import board, knowledge, qa, reviews, testimonials
from socialcycle.community.access import Visit, community_view
from socialcycle.community.models import Contribution, KnowledgeArticle, Member, Testimonial
from socialcycle.community.pages import render_page
from socialcycle.community.posting import PostingError


def _staff(request: HttpRequest, workspace: Workspace) -> Membership | None:
    """The signed-in staff user's membership when they may reply and accept (responder+)."""
    if not request.user.is_authenticated:
        return None
    membership = Membership.objects.filter(workspace=workspace, user_id=request.user.pk).first()
    return membership if membership and membership.has_role(Role.RESPONDER) else None


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _member(visit: Visit) -> Member:
    assert visit.member is not None  # member_required views only
    return visit.member


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


# Reviews


@community_view()
def review_list(request: HttpRequest, visit: Visit) -> HttpResponse:
    context = {"summaries": reviews.summaries(visit.workspace)}
    return render_page(request, visit, "community/reviews.html", context)


def _product(visit: Visit, product_id: int) -> TrackedName:
    return get_object_or_404(reviews.products(visit.workspace), pk=product_id)


@community_view()
def product_reviews(request: HttpRequest, visit: Visit, product_id: int) -> HttpResponse:
    return _product_page(request, visit, _product(visit, product_id))


def _product_page(
    request: HttpRequest,
    visit: Visit,
    product: TrackedName,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> HttpResponse:
    page = reviews.product_reviews(visit.workspace, product, reader=visit.member)
    context = {
        "page": page,
        "errors": errors or {},
        "values": values or {"title": "", "text": "", "rating": ""},
        "staff": _staff(request, visit.workspace),
        "ratings": reviews.STARS,
    }
    return render_page(
        request, visit, "community/reviews_product.html", context, 400 if errors else 200
    )


@require_POST
@community_view(member_required=True)
def new_review(request: HttpRequest, visit: Visit, product_id: int) -> HttpResponse:
    product = _product(visit, product_id)
    values = {key: request.POST.get(key, "") for key in ("title", "text", "rating")}
    try:
        made = reviews.post_review(
            _member(visit), product, _int(values["rating"]), values["text"], values["title"]
        )
    except PostingError as error:
        return _product_page(request, visit, product, {error.field or "form": str(error)}, values)
    if not made.is_visible:
        messages.info(request, "Thank you: your review waits for a moderator.")
    return redirect(
        reverse("community:product-reviews", args=[visit.workspace.slug, product.pk])
        + f"#review-{made.pk}"
    )


@require_POST
@community_view(member_required=True)
def helpful(request: HttpRequest, visit: Visit, post_id: int) -> HttpResponse:
    """Mark a review helpful, or take that back (`withdraw`); htmx swaps the button only."""
    review = reviews.get_review(visit.workspace, post_id)
    if review is None:
        raise Http404("No such review.")
    member = _member(visit)
    error = ""
    try:
        if request.POST.get("withdraw"):
            reviews.withdraw_helpful(member, review)
        else:
            reviews.mark_helpful(member, review)
    except reviews.ReviewError as problem:
        error = str(problem)
    assert review.product is not None  # a review always rates a product
    if _is_htmx(request):
        row = next(
            row
            for row in reviews.product_reviews(visit.workspace, review.product, member).rows
            if row.contribution.pk == review.pk
        )
        context = {"row": row, "error": error}
        return render_page(request, visit, "community/reviews_helpful.html", context)
    if error:
        messages.error(request, error)
    return redirect(
        reverse("community:product-reviews", args=[visit.workspace.slug, review.product_id])
        + f"#review-{review.pk}"
    )


# Questions and answers


@community_view()
def question_list(request: HttpRequest, visit: Visit) -> HttpResponse:
    return _question_list(request, visit)


def _question_list(
    request: HttpRequest,
    visit: Visit,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> HttpResponse:
    show = request.GET.get("show", "all")
    show = show if show in qa.QUESTION_FILTERS else "all"
    listing = board.Listing.from_query(request.GET, qa.QUESTION_SORTS, "new", show)
    page = board.page_of(
        qa.question_board(visit.workspace, show, listing.sort, listing.text), listing
    )
    context = {
        "rows": qa.question_rows(page.object_list),
        "page": page,
        "listing": listing,
        "sorts": board.sort_links(listing, qa.QUESTION_SORTS),
        "pages": board.pager_links(listing, page),
        "show": show,
        "filters": [(name, listing.link(show=name)) for name in qa.QUESTION_FILTERS],
        "errors": errors or {},
        "values": values or {"title": "", "text": ""},
    }
    return render_page(request, visit, "community/questions.html", context, 400 if errors else 200)


@require_POST
@community_view(member_required=True)
def ask(request: HttpRequest, visit: Visit) -> HttpResponse:
    values = {key: request.POST.get(key, "") for key in ("title", "text")}
    try:
        asked = qa.ask_question(_member(visit), values["title"], values["text"])
    except PostingError as error:
        return _question_list(request, visit, {error.field or "form": str(error)}, values)
    if not asked.is_visible:
        messages.info(request, "Thank you: your question waits for a moderator.")
        return redirect("community:questions", visit.workspace.slug)
    return redirect("community:question", visit.workspace.slug, asked.pk)


def _question(visit: Visit, post_id: int) -> Contribution:
    question = qa.get_question(visit.workspace, post_id)
    if question is None:
        raise Http404("No such question.")
    return question


@community_view()
def question_page(request: HttpRequest, visit: Visit, post_id: int) -> HttpResponse:
    return _question_page(request, visit, _question(visit, post_id))


def _question_page(
    request: HttpRequest,
    visit: Visit,
    question: Contribution,
    errors: dict[str, str] | None = None,
    text: str = "",
) -> HttpResponse:
    context = {
        "page": qa.question_page(question, reader=visit.member),
        "staff": _staff(request, visit.workspace),
        "errors": errors or {},
        "text": text,
    }
    return render_page(request, visit, "community/question.html", context, 400 if errors else 200)


@require_POST
@community_view(member_required=True)
def answer(request: HttpRequest, visit: Visit, post_id: int) -> HttpResponse:
    question = _question(visit, post_id)
    text = request.POST.get("text", "")
    try:
        made = qa.answer_question(_member(visit), question, text)
    except (PostingError, qa.AnswerError) as error:
        field = getattr(error, "field", "") or "form"
        return _question_page(request, visit, question, {field: str(error)}, text)
    if not made.is_visible:
        messages.info(request, "Thank you: your answer waits for a moderator.")
    return redirect(
        reverse("community:question", args=[visit.workspace.slug, question.pk])
        + f"#answer-{made.pk}"
    )


def _answer(visit: Visit, post_id: int) -> Contribution:
    found = qa.get_answer(visit.workspace, post_id)
    if found is None:
        raise Http404("No such answer.")
    return found


@require_POST
@community_view(member_required=True)
def accept(request: HttpRequest, visit: Visit, post_id: int) -> HttpResponse:
    accepted = _answer(visit, post_id)
    question = qa.question_of(accepted)
    try:
        qa.accept_answer(accepted, by=_member(visit))
    except qa.AnswerError as error:
        return _question_page(request, visit, question, {"form": str(error)})
    return redirect(
        reverse("community:question", args=[visit.workspace.slug, question.pk])
        + f"#answer-{accepted.pk}"
    )


@require_POST
@community_view(member_required=True)
def upvote(request: HttpRequest, visit: Visit, post_id: int) -> HttpResponse:
    """Upvote an answer, or take it back (`withdraw`); htmx swaps the button only."""
    voted = _answer(visit, post_id)
    member = _member(visit)
    error = ""
    try:
        if request.POST.get("withdraw"):
            qa.withdraw_upvote(member, voted)
        else:
            qa.upvote(member, voted)
    except qa.AnswerError as problem:
        error = str(problem)
    question = qa.question_of(voted)
    if _is_htmx(request):
        page = qa.question_page(question, reader=member)
        row = next(row for row in page.answers if row.contribution.pk == voted.pk)
        context = {"row": row, "error": error}
        return render_page(request, visit, "community/questions_upvote.html", context)
    if error:
        messages.error(request, error)
    return redirect(
        reverse("community:question", args=[visit.workspace.slug, question.pk])
        + f"#answer-{voted.pk}"
    )


# Testimonials


@community_view()
def testimonial_wall(request: HttpRequest, visit: Visit) -> HttpResponse:
    context: dict[str, Any] = {"wall": testimonials.wall(visit.workspace)}
    if visit.member is not None:
        context["awaiting"] = testimonials.awaiting(visit.member)
        context["mine"] = testimonials.shown_for(visit.member)
    return render_page(request, visit, "community/testimonials.html", context)


def _own_testimonial(visit: Visit, testimonial_id: int) -> Testimonial:
    testimonial = get_object_or_404(
        Testimonial.objects.select_related("post"), pk=testimonial_id, workspace=visit.workspace
    )
    if not testimonials.is_author(_member(visit), testimonial):
        raise Http404("No such testimonial.")
    return testimonial


@require_POST
@community_view(member_required=True)
def agree(request: HttpRequest, visit: Visit, testimonial_id: int) -> HttpResponse:
    testimonials.agree_as_member(_member(visit), _own_testimonial(visit, testimonial_id))
    messages.info(request, "Thank you: your post is now on the wall. You can withdraw any time.")
    return redirect("community:testimonials", visit.workspace.slug)


@require_POST
@community_view(member_required=True)
def withdraw(request: HttpRequest, visit: Visit, testimonial_id: int) -> HttpResponse:
    testimonials.withdraw_as_member(_member(visit), _own_testimonial(visit, testimonial_id))
    messages.info(request, "Your post is no longer shown on the wall.")
    return redirect("community:testimonials", visit.workspace.slug)


@community_view()
def consent_page(request: HttpRequest, visit: Visit, token: str) -> HttpResponse:
    """Where the author of a post from any channel agrees (or declines) to be shown; the
    signed link is their credential, so no account is needed."""
    testimonial = testimonials.testimonial_for_token(visit.workspace, token)
    if testimonial is None:
        raise Http404("This link is not valid or has expired.")
    if request.method == "POST":
        if request.POST.get("decision") == "agree":
            testimonials.agree_by_link(testimonial)
        else:
            testimonials.withdraw_consent(testimonial)
        return redirect("community:consent", visit.workspace.slug, token)
    return render_page(request, visit, "community/consent.html", {"testimonial": testimonial})


# Tips and the knowledge page


@community_view()
def knowledge_list(request: HttpRequest, visit: Visit) -> HttpResponse:
    rows = [
        (article, knowledge.credit(article)) for article in knowledge.published(visit.workspace)
    ]
    return render_page(request, visit, "community/knowledge.html", {"rows": rows})


@community_view()
def article_page(request: HttpRequest, visit: Visit, article_id: int) -> HttpResponse:
    article: KnowledgeArticle = get_object_or_404(
        knowledge.published(visit.workspace), pk=article_id
    )
    question_id = article.answer.parent_id if article.answer else None
    context = {
        "article": article,
        "credit": knowledge.credit(article),
        "question": qa.get_question(visit.workspace, question_id) if question_id else None,
    }
    return render_page(request, visit, "community/knowledge_article.html", context)
