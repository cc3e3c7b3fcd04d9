"""Spam at intake: each new post's score, and the rules the text alone cannot show.

A post is spam when the scorer's probability reaches its threshold, when near-identical
text (the same copy group of listening/dedup.py) came from COPY_AUTHORS or more distinct
authors within COPY_WINDOW (all the copies are marked), or when one author posted
FLOOD_POSTS or more within FLOOD_WINDOW (all those posts are marked). A person's mark
(`Post.spam_marked`, understanding/spam.py) wins over all of these.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from socialcycle.analysis.spam import load_scorer
from socialcycle.listening.models import Post

COPY_AUTHORS = 4
COPY_WINDOW = timedelta(days=7)
FLOOD_POSTS = 10
FLOOD_WINDOW = timedelta(hours=1)


def spam_scores(texts: Sequence[str]) -> tuple[list[float], float]:
    """The scorer's probability for each text, and the threshold it calls spam from."""
    scorer = load_scorer(settings.MODEL_DIR)
    return [round(float(p), 4) for p in scorer.predict_proba(texts)], scorer.threshold_


def flag_spam(workspace_id: int, posts: Sequence[Post]) -> int:
    """Mark the copies and floods the new or changed `posts` complete; how many were marked.

    The score's own verdict is set on each post when it is built; this adds the rules
    that need other posts, and copies the verdict onto any stored analysis. Posts already
    spam, or judged by a person, are left as they are: a campaign of thousands of copies
    costs each new batch one read of the group, not a rewrite of it.
    """
    if not posts:
        return 0
    marked = _copied_by_many(workspace_id, posts) | _flooding(workspace_id, posts)
    if marked:
        Post.objects.filter(id__in=marked, spam_marked__isnull=True, is_spam=False).update(
            is_spam=True
        )
    copy_verdicts_to_analyses([post.id for post in posts] + sorted(marked))
    return len(marked)


def copy_verdicts_to_analyses(post_ids: Sequence[int]) -> None:
    """Keep each analysis's copy of `is_spam` equal to its post's."""
    # The analyses belong to understanding, to the right of this app: reached through the
    # reverse relation it declares on Post ("analysis"), never by importing it.
    analyses = Post._meta.get_field("analysis").related_model._default_manager
    for verdict in (True, False):
        analyses.filter(post_id__in=post_ids, post__is_spam=verdict).exclude(
            is_spam=verdict
        ).update(is_spam=verdict, updated_at=timezone.now())


# (post id, created at, who wrote it, whether its verdict may still change to spam)
Row = tuple[int, datetime, str, bool]


def _open(is_spam: bool, spam_marked: bool | None) -> bool:
    return not is_spam and spam_marked is None


def _copied_by_many(workspace_id: int, posts: Sequence[Post]) -> set[int]:
    groups = {post.near_duplicate_of_id or post.id for post in posts}
    latest = max(post.created_at for post in posts)
    copies = Post.objects.filter(
        Q(id__in=groups) | Q(near_duplicate_of_id__in=groups),
        workspace_id=workspace_id,
        created_at__gte=min(post.created_at for post in posts) - COPY_WINDOW,
        created_at__lte=latest + COPY_WINDOW,
    ).values_list(
        "id",
        "near_duplicate_of_id",
        "created_at",
        "author_id",
        "author_handle",
        "is_spam",
        "spam_marked",
    )
    by_group: dict[int, list[Row]] = defaultdict(list)
    for post_id, original, created_at, author_id, handle, is_spam, spam_marked in copies:
        who = str(author_id or handle)
        by_group[original or post_id].append(
            (post_id, created_at, who, _open(is_spam, spam_marked))
        )
    marked: set[int] = set()
    for rows in by_group.values():
        rows.sort(key=lambda row: row[1])
        marked |= _windows_reaching(rows, COPY_WINDOW, COPY_AUTHORS, distinct_authors=True)
    return marked


def _flooding(workspace_id: int, posts: Sequence[Post]) -> set[int]:
    authors = {post.author_id for post in posts if post.author_id is not None}
    if not authors:
        return set()
    rows = Post.objects.filter(
        workspace_id=workspace_id,
        author_id__in=authors,
        created_at__gte=min(post.created_at for post in posts) - FLOOD_WINDOW,
        created_at__lte=max(post.created_at for post in posts) + FLOOD_WINDOW,
    ).values_list("id", "created_at", "author_id", "is_spam", "spam_marked")
    by_author: dict[int, list[Row]] = defaultdict(list)
    for post_id, created_at, author_id, is_spam, spam_marked in rows:
        by_author[author_id].append(
            (post_id, created_at, str(author_id), _open(is_spam, spam_marked))
        )
    marked: set[int] = set()
    for found in by_author.values():
        found.sort(key=lambda row: row[1])
        marked |= _windows_reaching(found, FLOOD_WINDOW, FLOOD_POSTS, distinct_authors=False)
    return marked


def _windows_reaching(
    rows: Sequence[Row],
    window: timedelta,
    needed: int,
    *,
    distinct_authors: bool,
) -> set[int]:
    """The ids, among rows whose verdict may still change, in any stretch of `window`
    (rows in time order) holding `needed` posts, or posts by `needed` distinct authors.

    One pass: the stretch ending at each row is kept with a count per author, and each
    row is marked at most once (stretches only move forward), so a group of n copies
    costs O(n), not O(n²)."""
    marked: set[int] = set()
    authors: Counter[str] = Counter()
    start = 0
    next_unmarked = 0  # rows before it are inside a stretch already marked
    for end, (_, created_at, who, _) in enumerate(rows):
        authors[who] += 1
        while created_at - rows[start][1] > window:
            authors[rows[start][2]] -= 1
            if not authors[rows[start][2]]:
                del authors[rows[start][2]]
            start += 1
        count = len(authors) if distinct_authors else end - start + 1
        if count >= needed:
            for row in rows[max(start, next_unmarked) : end + 1]:
                if row[3]:
                    marked.add(row[0])
            next_unmarked = end + 1
    return marked
