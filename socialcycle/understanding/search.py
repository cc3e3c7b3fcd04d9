"""Full-text search on posts, one interface over SQLite FTS5 and PostgreSQL full-text.

The index is built by the migration `understanding/0009_post_full_text_search`: on
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

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from socialcycle.listening.models import Post

MAX_TERMS = 16
MAX_QUERY_LENGTH = 500
EXCERPT_WORDS = 30
EXCERPT_BEFORE = 8  # words shown before the first match
FTS_TABLE = "understanding_post_fts"
_TERM = re.compile(r'"([^"]*)"?|([^\s"]+)')
_WORD = re.compile(r"[^\W_]+")  # a word as both indexes cut text: letters and digits


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


def post_matches(text: str, post_id_column: str) -> RawSQL | None:
    """A condition, for `filter()` on rows that point at a post (the column
    `post_id_column`, e.g. "community_contribution.post_id"): that post matches `text`.
    None for no word.

    Checked row by row, each a lookup of one post in the index: for a few thousand rows
    among many posts (a community's ideas) it beats ranking every post that matches."""
    terms = parse_query(text)
    if not terms:
        return None
    if _postgres():
        sql = (
            "EXISTS (SELECT 1 FROM listening_post p WHERE p.id = {column} "
            "AND p.search_vector @@ to_tsquery('simple', %s))"
        )
        query = tsquery(terms)
    else:
        sql = (
            f"EXISTS (SELECT 1 FROM {FTS_TABLE} f WHERE {FTS_TABLE} MATCH %s "  # noqa: S608
            "AND f.rowid = {column})"
        )
        query = fts5_query(terms)
    # The column is the caller's own code, never input; the words go in as a parameter.
    condition = sql.format(column=post_id_column)
    return RawSQL(condition, [query], output_field=BooleanField())  # noqa: S611


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

    Only the `window` most recently added matches (the highest ids; SEARCH_RANK_WINDOW
    unless given) are ranked: ranking every post that holds a common word costs as much
    as reading them all, about 1 s at 1M posts (docs/performance.md). `capped` says
    whether more match (the page says so); `count()` is then `window`, so paging stays
    within the ranked ones, and `total()` counts them all, as costly as ranking them.

    One query reads the newest `window + 1` matches with their rank, in the index's own
    id order, each checked against the base query by its id (on SQLite straight from
    FTS5: a join sorted every match with its post, 3-7 times slower); they are sorted
    here, best first and the newer of equal ranks first, and kept for every page."""

    def __init__(
        self,
        workspace_id: int,
        text: str,
        base_queryset: QuerySet[Post] | None = None,
        window: int | None = None,
    ) -> None:
        base = Post.objects.all() if base_queryset is None else base_queryset
        self.base = base.filter(workspace_id=workspace_id)
        self.workspace_id = workspace_id
        self.text = text
        self.terms = parse_query(text)
        self.window = settings.SEARCH_RANK_WINDOW if window is None else window
        self._newest: list[tuple[int, float]] | None = None
        self._ranked: list[int] | None = None

    @property
    def capped(self) -> bool:
        """More than `window` posts match: only the newest `window` are ranked."""
        return len(self._newest_ranked()) > self.window

    def count(self) -> int:
        return min(len(self._newest_ranked()), self.window)

    def total(self) -> int:
        """Every match, past the window too."""
        if not self.capped:
            return self.count()
        found = matching_ids(self.text)
        return 0 if found is None else self.base.filter(id__in=found).count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[int]:
        if self._ranked is None:
            ranked = sorted(
                self._newest_ranked()[: self.window], key=lambda row: (-row[1], -row[0])
            )
            self._ranked = [post_id for post_id, _ in ranked]
        return self._ranked[page]

    def _newest_ranked(self) -> list[tuple[int, float]]:
        """Up to `window + 1` matches as (id, rank: higher is better), newest first."""
        if self._newest is None:
            self._newest = self._read_newest() if self.terms else []
        return self._newest

    def _read_newest(self) -> list[tuple[int, float]]:
        limit = self.window + 1
        if _postgres():
            found = search_posts(self.workspace_id, self.text, self.base).order_by("-id")
            # search_rank is search_posts' annotation, which the type checker cannot see.
            return list(found.values_list("id", "search_rank")[:limit])  # type: ignore[misc]
        base_sql, base_params = self.base.values("id").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT f.rowid, -bm25({FTS_TABLE}) FROM {FTS_TABLE} f "  # noqa: S608 (Django's own SQL)
                f"WHERE {FTS_TABLE} MATCH %s "
                f"AND EXISTS (SELECT 1 FROM ({base_sql}) b WHERE b.id = f.rowid) "
                "ORDER BY f.rowid DESC LIMIT %s",
                [fts5_query(self.terms), *base_params, limit],
            )
            return [(row[0], row[1]) for row in cursor.fetchall()]


def load_page(ranked_ids: Sequence[int], related: Sequence[str] = ()) -> list[Post]:
    """The posts of one page of ranked ids, in that order.

    Page through `Matches` (or `search_posts(...).values_list("id", flat=True)`) and load
    the page with this: ranking the matches then carries ids, not whole posts."""
    posts = Post.objects.filter(pk__in=list(ranked_ids))
    if related:  # select_related() with no names would follow every foreign key
        posts = posts.select_related(*related)
    by_id = {post.pk: post for post in posts}
    return [by_id[post_id] for post_id in ranked_ids if post_id in by_id]


def highlights(post_ids: Iterable[int], text: str) -> dict[int, SafeString]:
    """For each post (of a page of results), an excerpt around the words of `text` with
    them in <mark>; safe to render (the post's own text is escaped)."""
    ids = list(post_ids)
    terms = parse_query(text)
    if not ids or not terms:
        return {}
    rows = Post.objects.filter(pk__in=ids).values_list("pk", "title", "text")
    return {pk: excerpt(f"{title} · {body}" if title else body, terms) for pk, title, body in rows}


def excerpt(text: str, terms: Sequence[Term], words: int = EXCERPT_WORDS) -> SafeString:
    """About `words` words of `text` from a little before the first match, each match of
    a term in <mark>, everything else escaped.

    The marks are found here, not by the database (`snippet`, `ts_headline`), so that
    they are the same on both databases and the post's text is only ever escaped; and a
    prefix query asks FTS5 to expand the prefix again for each post, 10-25 ms a post."""
    tokens = [
        (match.start(), match.end(), _folded(match.group())) for match in _WORD.finditer(text)
    ]
    marked = [False] * len(tokens)
    folded = [token[2] for token in tokens]
    for term in terms:
        want = [_folded(word) for word in term.words]
        size = len(want)
        for i in range(len(tokens) - size + 1):
            head, last = folded[i : i + size - 1], folded[i + size - 1]
            if head == want[:-1] and (
                last.startswith(want[-1]) if term.prefix else last == want[-1]
            ):
                marked[i : i + size] = [True] * size
    if not tokens:
        return mark_safe(escape(text[:300]))  # noqa: S308 (escaped)
    first = marked.index(True) if True in marked else 0
    begin = max(0, first - EXCERPT_BEFORE)
    end = min(len(tokens), begin + words)
    out = ["…" if begin > 0 else escape(text[: tokens[0][0]])]
    position = tokens[begin][0]
    i = begin
    while i < end:
        if not marked[i]:
            i += 1
            continue
        j = i
        while j + 1 < end and marked[j + 1]:
            j += 1
        out.append(escape(text[position : tokens[i][0]]))
        out.append(f"<mark>{escape(text[tokens[i][0] : tokens[j][1]])}</mark>")
        position = tokens[j][1]
        i = j + 1
    out.append(escape(text[position : tokens[end - 1][1]]))
    out.append("…" if end < len(tokens) else escape(text[tokens[-1][1] :]))
    return mark_safe("".join(out))  # noqa: S308 (every piece of the post above is escaped)


def _folded(word: str) -> str:
    """A word as both indexes compare it: lower case, accents off (as FTS5 unicode61)."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
