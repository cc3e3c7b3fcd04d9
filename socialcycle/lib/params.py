"""Numbers from a query string or form, parsed and never trusted.

`str.isdigit()` says yes to "²" and "٣", which `int()` then refuses or reads as a
number nobody typed; an id too large for a 64-bit column makes the database raise.
These read ASCII digits within range only, and answer a value that matches nothing
otherwise, so a hostile parameter gets an empty page or a 404, never a 500.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBadRequest, HttpResponseBase, JsonResponse

from socialcycle.lib.body_limits import API_PREFIX

MAX_ID = 2**63 - 1  # the largest value of a 64-bit primary key
MAX_PAGE = 1_000_000


def id_from(value: str | None) -> int:
    """A row id written in ASCII digits, or 0, which no row has."""
    text = (value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return 0
    number = int(text)
    return number if number <= MAX_ID else 0


def page_from(value: str | None) -> int:
    """A page number from 1 to MAX_PAGE; 1 when the value is not one."""
    number = id_from(value)
    return number if 1 <= number <= MAX_PAGE else 1


class NulInQueryMiddleware:
    """A query string holding a NUL character (`%00`) gets 400 before any view reads it:
    no parameter takes one, and PostgreSQL refuses it in a query (a 500 otherwise)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if any("\x00" in value for values in request.GET.lists() for value in values[1]):
            sentence = "The query string holds a NUL character (%00), which no parameter accepts."
            if request.path.startswith(API_PREFIX):  # the API answers its errors in JSON
                return JsonResponse({"detail": sentence}, status=400)
            return HttpResponseBadRequest(sentence, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
