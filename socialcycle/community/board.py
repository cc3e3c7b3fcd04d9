"""What the idea board and the questions page share: a search, a sort and a page, read
from the query string so that every view of a list has an address that can be shared.

Search is a case-insensitive match of every word on the post's title or text. It is one
function, `matching`, so that it can be switched to the full-text search over posts
(understanding/queries.py) once that exists, without touching the pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import QueryDict

from socialcycle.community.models import Contribution

Rows = TypeVar("Rows", bound=QuerySet[Any])  # contributions, annotated or not

PER_PAGE = 20
TRENDING_DAYS = 7  # "trending": votes (ideas) or answers (questions) of the last 7 days
MAX_SEARCH = 200
MAX_WORDS = 8


@dataclass(frozen=True)
class Listing:
    """One view of a list: the words searched, the order, the page number asked for."""

    text: str
    sort: str
    page: str | None
    show: str = ""  # the questions' answered/unanswered filter; "" on the idea board

    @classmethod
    def from_query(
        cls, query: QueryDict, sorts: tuple[str, ...], default: str, show: str = ""
    ) -> Listing:
        """Read `q`, `sort` and `page`; an unknown sort is the default, not an error."""
        sort = query.get("sort", default)
        return cls(
            text=" ".join(query.get("q", "")[:MAX_SEARCH].split()),
            sort=sort if sort in sorts else default,
            page=query.get("page"),
            show=show,
        )

    def link(self, **changes: str) -> str:
        """This view's query string with `changes`, for sort tabs and pager links; the page
        starts again at 1 unless it is among the changes."""
        query = QueryDict(mutable=True)
        values = {"q": self.text, "show": self.show, "sort": self.sort, **changes}
        for key, value in values.items():
            if value:
                query[key] = value
        return query.urlencode()

    @property
    def without_search(self) -> str:
        """The query string of the same list with the search cleared."""
        return self.link(q="")


def matching(rows: Rows, text: str) -> Rows:
    """Contributions whose post's title or text holds every word of `text`, whatever the
    case. The one place the community searches; swap for full-text search here."""
    for word in text.split()[:MAX_WORDS]:
        rows = rows.filter(Q(post__title__icontains=word) | Q(post__text__icontains=word))
    return rows


def trending_since(now: datetime) -> datetime:
    return now - timedelta(days=TRENDING_DAYS)


def page_of(rows: QuerySet[Any], listing: Listing) -> Page[Contribution]:
    return Paginator(rows, PER_PAGE).get_page(listing.page)


def sort_links(listing: Listing, sorts: tuple[str, ...]) -> list[tuple[str, str]]:
    """(sort, query string) for each sort tab of a list, keeping its search and filter."""
    return [(sort, listing.link(sort=sort)) for sort in sorts]


def pager_links(listing: Listing, page: Page[Contribution]) -> dict[str, str]:
    """The query strings of the previous and next pages, where there are such pages."""
    links = {}
    if page.has_previous():
        links["previous"] = listing.link(page=str(page.previous_page_number()))
    if page.has_next():
        links["next"] = listing.link(page=str(page.next_page_number()))
    return links
