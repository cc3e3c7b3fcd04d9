"""Reviews, Q&A, testimonials and tips (placeholder until they are built)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from socialcycle.community.access import Visit, community_view
from socialcycle.community.pages import render_page


@community_view()
def review_list(request: HttpRequest, visit: Visit) -> HttpResponse:
    return render_page(request, visit, "community/placeholder.html")


@community_view()
def question_list(request: HttpRequest, visit: Visit) -> HttpResponse:
    return render_page(request, visit, "community/placeholder.html")


@community_view()
def testimonial_wall(request: HttpRequest, visit: Visit) -> HttpResponse:
    return render_page(request, visit, "community/placeholder.html")


@community_view()
def knowledge_list(request: HttpRequest, visit: Visit) -> HttpResponse:
    return render_page(request, visit, "community/placeholder.html")
