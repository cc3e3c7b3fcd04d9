"""What the idea board and the questions page share: a search, a sort and a page, read
from the query string so that every view of a list has an address that can be shared.

Search is the full-text search over posts that the staff's Posts page uses
(understanding/search.py, docs/search.md): whole words in the title or text, any case,
"a phrase" in quotes, a prefix with `*`. The list keeps its own order (top, new,
trending); the search only narrows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import QueryDict

from socialcycle.community.models import Contribution
from socialcycle.understanding.search import post_matches

Rows = TypeVar("Rows", bound=QuerySet[Any])  # contributions, annotated or not

PER_PAGE = 20
# "trending": votes (ideas) or answers (questions) of the last 7 days, counted back from now
# (7 x 24 hours) rather than from a midnight, so no time zone moves the window.
TRENDING_DAYS = 7
MAX_SEARCH = 200


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
    """Contributions whose post matches `text` in the full-text search; all of them when
    `text` has no word. Each contribution's post is looked up in the index: a community
    has far fewer contributions than the posts a common word matches."""
    condition = post_matches(text, f"{Contribution._meta.db_table}.post_id")
    return rows if condition is None else rows.filter(condition)


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
