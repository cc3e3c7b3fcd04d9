"""The community's front page and idea board."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from socialcycle.community import board, ideas
from socialcycle.community.access import Visit, community_view
from socialcycle.community.models import Contribution, Member
from socialcycle.community.pages import render_page
from socialcycle.community.posting import PostingError, visible

HOME_ITEMS = 5


@community_view()
def home(request: HttpRequest, visit: Visit) -> HttpResponse:
    context = {
        "top_ideas": ideas.idea_rows(
            ideas.ranked_ideas(ideas.open_ideas(visit.workspace))[:HOME_ITEMS]
        ),
        "questions": visible(visit.workspace, Contribution.Type.QUESTION)[:HOME_ITEMS],
    }
    return render_page(request, visit, "community/home.html", context)


@community_view()
def idea_list(request: HttpRequest, visit: Visit) -> HttpResponse:
    """Open ideas, searched, sorted (top, new, trending) and paged by the query string."""
    listing = board.Listing.from_query(request.GET, ideas.IDEA_SORTS, "top")
    found = board.matching(ideas.open_ideas(visit.workspace), listing.text)
    page = board.page_of(ideas.ranked_ideas(found, listing.sort), listing)
    context = {
        "rows": ideas.idea_rows(page.object_list),
        "page": page,
        "listing": listing,
        "sorts": board.sort_links(listing, ideas.IDEA_SORTS),
        "pages": board.pager_links(listing, page),
    }
    return render_page(request, visit, "community/ideas.html", context)


@community_view(member_required=True)
def new_idea(request: HttpRequest, visit: Visit) -> HttpResponse:
    member: Member = visit.member  # type: ignore[assignment]
    values = {"title": "", "text": ""}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = {key: request.POST.get(key, "") for key in values}
        try:
            idea = ideas.submit_idea(member, values["title"], values["text"])
        except PostingError as error:
            errors[error.field or "form"] = str(error)
        else:
            return redirect("community:idea", visit.workspace.slug, idea.pk)
    context = {"values": values, "errors": errors}
    return render_page(request, visit, "community/new_idea.html", context, 400 if errors else 200)


@community_view()
def similar(request: HttpRequest, visit: Visit) -> HttpResponse:
    """The duplicate check shown while someone types an idea (an htmx fragment)."""
    text = f"{request.GET.get('title', '')} {request.GET.get('text', '')}"[:2000]
    found = ideas.similar_ideas(visit.workspace, text)
    return render_page(request, visit, "community/_similar_ideas.html", {"similar": found})


def _idea(visit: Visit, post_id: int) -> Contribution:
    idea = get_object_or_404(
        Contribution.objects.select_related("post", "post__author", "merged_into"),
        pk=post_id,
        workspace=visit.workspace,
        type=Contribution.Type.IDEA,
    )
    if not idea.is_visible:
        raise Http404("This idea is not shown.")
    return idea


@community_view()
def idea_page(request: HttpRequest, visit: Visit, post_id: int) -> HttpResponse:
    idea = _idea(visit, post_id)
    if idea.merged_into_id is not None:
        return redirect("community:idea", visit.workspace.slug, idea.merged_into_id)
    return render_page(request, visit, "community/idea.html", _idea_context(visit, idea))


def _idea_context(visit: Visit, idea: Contribution, error: str = "") -> dict[str, object]:
    insight = ideas.insight_of(idea.pk)
    return {
        "idea": idea,
        "votes": idea.post.votes.filter(kind="idea").count(),
        "voted": ideas.has_voted(visit.member, idea),
        "following": ideas.is_following(visit.member, idea),
        "status": insight.get_status_display() if insight else "Under review",
        "insight": insight,
        "comments": ideas.comments(idea),
        "merged": Contribution.objects.filter(merged_into=idea).select_related("post"),
        "error": error,
    }


@require_POST
@community_view(member_required=True)
def vote(request: HttpRequest, visit: Visit, post_id: int) -> HttpResponse:
    idea, member = _idea(visit, post_id), visit.member
    assert member is not None
    error = ""
    try:
        if request.POST.get("withdraw"):
            ideas.withdraw_vote(member, idea)
        else:
            ideas.vote(member, idea)
    except ideas.IdeaError as problem:
        error = str(problem)
    return _back_to(request, visit, idea, error)


@require_POST
@community_view(member_required=True)
def follow(request: HttpRequest, visit: Visit, post_id: int) -> HttpResponse:
    idea, member = _idea(visit, post_id), visit.member
    assert member is not None
    if request.POST.get("unfollow"):
        ideas.unfollow(member, idea)
    else:
        ideas.follow(member, idea)
    return _back_to(request, visit, idea)


@require_POST
@community_view(member_required=True)
def comment(request: HttpRequest, visit: Visit, post_id: int) -> HttpResponse:
    idea, member = _idea(visit, post_id), visit.member
    assert member is not None
    try:
        made = ideas.comment(member, idea, request.POST.get("text", ""))
    except (PostingError, ideas.IdeaError) as problem:
        return _back_to(request, visit, idea, str(problem))
    if not made.is_visible:
        return _back_to(request, visit, idea, "Thanks: your comment waits for a moderator.")
    return _back_to(request, visit, idea)


def _back_to(
    request: HttpRequest, visit: Visit, idea: Contribution, error: str = ""
) -> HttpResponse:
    if error:
        context = _idea_context(visit, idea, error)
        return render_page(request, visit, "community/idea.html", context, status=400)
    return redirect("community:idea", visit.workspace.slug, idea.pk)


PAGE_FOR_TYPE = {
    Contribution.Type.IDEA: "community:idea",
    Contribution.Type.QUESTION: "community:question",
    Contribution.Type.REVIEW: "community:reviews",
}


@community_view()
def post_page(request: HttpRequest, visit: Visit, post_id: int) -> HttpResponse:
    """The address a community post is known by elsewhere (links in e-mails, the inbox)."""
    contribution = get_object_or_404(
        Contribution.objects.select_related("post"), pk=post_id, workspace=visit.workspace
    )
    if not contribution.is_visible:
        raise Http404("This post is not shown.")
    target = contribution
    while target.type in (Contribution.Type.ANSWER, Contribution.Type.COMMENT):
        parent = Contribution.objects.filter(pk=target.post.parent_id).first()
        if parent is None:
            raise Http404("This post is not shown.")
        target = parent
    name = PAGE_FOR_TYPE[Contribution.Type(target.type)]
    if name == "community:reviews":
        if target.product_id is None:
            return redirect(name, visit.workspace.slug)
        page = reverse("community:product-reviews", args=[visit.workspace.slug, target.product_id])
        return redirect(f"{page}#review-{target.pk}")
    return redirect(name, visit.workspace.slug, target.pk)
