"""Full-text search on posts, one interface over SQLite FTS5 and PostgreSQL full-text.

The index is built by the migration `understanding/0008_post_full_text_search`: on
SQLite an external-content FTS5 table (`understanding_post_fts`) over the title and text
of `listening_post`, kept in step by triggers; on PostgreSQL a stored generated
`tsvector` column (`listening_post.search_vector`) with a GIN index. Both tokenise
without stemming (FTS5 `unicode61`, PostgreSQL `simple`), so one query finds the same
posts on either database.

What a person types is never handed to the database's query syntax: it is cut into
terms (words, "quoted phrases", a trailing `*` for a prefix), each term keeps only its
word characters, and the query is written from those. Every term must appear. An
unbalanced quote makes a phrase run to the end; input with no word yields no posts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from socialcycle.listening.models import Post

MAX_TERMS = 16
MAX_QUERY_LENGTH = 500
# Highlight boundaries the database writes around a matched word; turned into <mark>
# only after the text around them is escaped, so a post's own markup stays text.
_OPEN, _CLOSE = "\x02", "\x03"
FTS_TABLE = "understanding_post_fts"
_TERM = re.compile(r'"([^"]*)"?|([^\s"]+)')
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Term:
    """One thing that must appear: a word, or a phrase of words in order."""

    words: tuple[str, ...]
    prefix: bool = False  # the last word may be the start of a longer one


def parse_query(text: str) -> list[Term]:
    """The terms of what a person typed; [] when there is no word in it."""
    terms = []
    for match in _TERM.finditer(text[:MAX_QUERY_LENGTH]):
        raw = match.group(1) if match.group(1) is not None else match.group(2)
        words = tuple(word.lower() for word in _WORD.findall(raw))
        if words:
            terms.append(Term(words, prefix=raw.rstrip().endswith("*")))
    return terms[:MAX_TERMS]


def fts5_query(terms: Sequence[Term]) -> str:
    """Terms as an FTS5 MATCH string: each a quoted phrase, `*` after a prefix."""
    # Words hold only word characters, so no quote can end a phrase early.
    return " ".join(f'"{" ".join(term.words)}"' + (" *" if term.prefix else "") for term in terms)


def tsquery(terms: Sequence[Term]) -> str:
    """Terms as a PostgreSQL to_tsquery string: phrases with <->, prefixes with :*."""

    def lexemes(term: Term) -> str:
        quoted = [f"'{word}'" for word in term.words]
        if term.prefix:
            quoted[-1] += ":*"
        return " <-> ".join(quoted)

    return " & ".join(f"({lexemes(term)})" for term in terms)


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def matching_ids(text: str) -> RawSQL | None:
    """A subquery of the ids of posts (of any workspace) matching `text`; None for no word.

    For use as `id__in=` (posts) or `post_id__in=` (analyses) beside other filters."""
    terms = parse_query(text)
    if not terms:
        return None
    if _postgres():
        return RawSQL(
            "SELECT id FROM listening_post WHERE search_vector @@ to_tsquery('simple', %s)",
            [tsquery(terms)],
        )
    return RawSQL(
        "SELECT rowid FROM understanding_post_fts WHERE understanding_post_fts MATCH %s",
        [fts5_query(terms)],
    )


def search_posts(
    workspace_id: int, text: str, base_queryset: QuerySet[Post] | None = None
) -> QuerySet[Post]:
    """The workspace's posts matching `text`, best match first (then newest), each
    annotated with `search_rank` (higher is better). `base_queryset` narrows further
    (any filter on Post, e.g. from `queries.filter_posts`); no word in `text`: none."""
    posts = Post.objects.all() if base_queryset is None else base_queryset
    posts = posts.filter(workspace_id=workspace_id)
    terms = parse_query(text)
    if not terms:
        return posts.none()
    if _postgres():
        query = tsquery(terms)
        ranked = posts.annotate(
            search_rank=RawSQL(
                "ts_rank(listening_post.search_vector, to_tsquery('simple', %s))",
                [query],
                output_field=FloatField(),
            )
        ).filter(
            RawSQL(
                "listening_post.search_vector @@ to_tsquery('simple', %s)",
                [query],
                output_field=BooleanField(),
            )
        )
        return ranked.order_by("-search_rank", "-created_at", "-id")
    # bm25() is smaller for better matches; negated so that both databases sort alike.
    return posts.extra(  # noqa: S610 (fixed SQL; the user's words go in as a parameter)
        select={"search_rank": f"-bm25({FTS_TABLE})"},
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE}.rowid = listening_post.id", f"{FTS_TABLE} MATCH %s"],
        params=[fts5_query(terms)],
    ).order_by("-search_rank", "-created_at", "-id")


class Matches:
    """The matches of `text` among `base_queryset` (or all the workspace's posts) as a
    sequence of ids, best first, that a `Paginator` can page: `count()` counts them and
    a slice reads one page of ids (load the posts with `load_page`).

    On SQLite a page is read in FTS5's own rank order, each match checked against the
    base query by its id, stopping once the page is full: nearly the cost of the bare
    ranked FTS5 query, where a join sorted every match with its post (3-7 times slower
    at 200,000 posts, docs/performance.md). Ties of rank come in FTS5's order. On
    PostgreSQL the planner does the same with `search_posts`."""

    def __init__(
        self, workspace_id: int, text: str, base_queryset: QuerySet[Post] | None = None
    ) -> None:
        base = Post.objects.all() if base_queryset is None else base_queryset
        self.base = base.filter(workspace_id=workspace_id)
        self.workspace_id = workspace_id
        self.text = text
        self.terms = parse_query(text)

    def count(self) -> int:
        found = matching_ids(self.text)
        return 0 if found is None else self.base.filter(id__in=found).count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[int]:
        start, stop = page.start or 0, page.stop
        if not self.terms or stop is None or stop <= start:
            return []
        if _postgres():
            ranked = search_posts(self.workspace_id, self.text, self.base)
            return list(ranked.values_list("id", flat=True)[start:stop])
        base_sql, base_params = self.base.values("id").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT f.rowid FROM understanding_post_fts f "  # noqa: S608 (Django's own SQL)
                "WHERE understanding_post_fts MATCH %s "
                f"AND EXISTS (SELECT 1 FROM ({base_sql}) b WHERE b.id = f.rowid) "
                "ORDER BY rank LIMIT %s OFFSET %s",
                [fts5_query(self.terms), *base_params, stop - start, start],
            )
            return [row[0] for row in cursor.fetchall()]


def load_page(ranked_ids: Sequence[int], related: Sequence[str] = ()) -> list[Post]:
    """The posts of one page of ranked ids, in that order.

    Page through `search_posts(...).values_list("id", flat=True)` and load the page with
    this: sorting every match by rank then carries only ids, not whole posts (a word in
    half of a million posts sorts half a million ids instead of their texts)."""
    by_id = Post.objects.select_related(*related).in_bulk(list(ranked_ids))
    return [by_id[post_id] for post_id in ranked_ids if post_id in by_id]


def highlights(post_ids: Iterable[int], text: str) -> dict[int, SafeString]:
    """For each post (of a page of results), an excerpt around the words of `text` with
    them in <mark>; safe to render (the post's own text is escaped)."""
    ids = list(post_ids)
    terms = parse_query(text)
    if not ids or not terms:
        return {}
    marks = {}
    with connection.cursor() as cursor:
        if _postgres():
            options = (
                f'StartSel="{_OPEN}", StopSel="{_CLOSE}", MaxWords=30, MinWords=12, '
                'MaxFragments=2, FragmentDelimiter=" … "'
            )
            cursor.execute(
                "SELECT id, ts_headline('simple', coalesce(title, '') || ' ' || text, "
                "to_tsquery('simple', %s), %s) FROM listening_post WHERE id = ANY(%s)",
                [tsquery(terms), options, ids],
            )
        else:
            # The page's ids go in as one JSON parameter: no SQL is written from data.
            cursor.execute(
                "SELECT rowid, snippet(understanding_post_fts, -1, char(2), char(3), '…', 24) "
                "FROM understanding_post_fts WHERE understanding_post_fts MATCH %s "
                "AND rowid IN (SELECT value FROM json_each(%s))",
                [fts5_query(terms), json.dumps(ids)],
            )
        for post_id, excerpt in cursor.fetchall():
            marks[post_id] = marked(excerpt or "")
    return marks


def marked(excerpt: str) -> SafeString:
    """An excerpt with the database's boundaries as <mark>, everything else escaped.

    Boundaries that do not pair up (a post whose text holds the same control characters)
    are dropped, so the markup is always balanced."""
    out, open_ = [], False
    for part in re.split(f"([{_OPEN}{_CLOSE}])", excerpt):
        if part == _OPEN:
            if not open_:
                out.append("<mark>")
                open_ = True
        elif part == _CLOSE:
            if open_:
                out.append("</mark>")
                open_ = False
        else:
            out.append(escape(part))
    if open_:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 (every piece of text above is escaped)
