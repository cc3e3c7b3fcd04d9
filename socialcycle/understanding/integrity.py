"""Stored posts that break today's rules for incoming values, found and repaired.

Values are checked on the way in (listening/importers/values.py); rows stored before a
rule existed may still break it, and one such row can break every page that reads it
(a post dated year 10000 cannot be read back from PostgreSQL at all). `find_bad_rows`
counts them without reading the bad values themselves; `repair_bad_rows` mends them:

- a post dated before 1970 or more than a day ahead takes the time it was imported
  (the analysis's copy too, so the dashboard counts it on that day); one the analysis
  could not read waits for it again;
- a count above 2^31 - 1 (only SQLite could store one) is lowered to that bound;
- NUL and other control characters are dropped from a post's text, title and author
  handle (only SQLite could store them).

`socialcycle check-data` runs them; nothing runs them behind anyone's back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from socialcycle.listening.importers.values import (
    CONTROL_CHARACTERS,
    EARLIEST_DATE,
    FUTURE_SLACK,
    MAX_COUNT,
    repair_text,
)
from socialcycle.listening.models import Identity, Post
from socialcycle.understanding.models import PostAnalysis

EXAMPLES = 5


@dataclass(frozen=True)
class Finding:
    rule: str
    repair: str
    count: int
    example_ids: tuple[int, ...]  # a few post (or identity) ids, to look at


@dataclass(frozen=True)
class _Rule:
    rule: str
    repair: str
    rows: Callable[[datetime], QuerySet]  # type: ignore[type-arg]
    mend: Callable[[QuerySet, datetime], None]  # type: ignore[type-arg]


def _dated_out_of_range(now: datetime) -> QuerySet[Post]:
    return Post.objects.filter(
        Q(created_at__lt=EARLIEST_DATE) | Q(created_at__gt=now + FUTURE_SLACK)
    )


def _redate(rows: QuerySet[Post], now: datetime) -> None:
    ids = list(rows.values_list("id", flat=True))
    rows.update(created_at=F("imported_at"))
    # One the analysis set aside unread goes back to it.
    Post.objects.filter(id__in=ids, analysis__isnull=True).update(analysed_at=None)
    # The analysis keeps a copy of the date; a fresh updated_at makes the rollups count
    # the post again on its new day. Neither date is read into Python: it may be unreadable.
    PostAnalysis.objects.filter(post_id__in=ids).update(
        created_at=Subquery(Post.objects.filter(pk=OuterRef("post_id")).values("created_at")[:1]),
        updated_at=now,
    )


def _counts_out_of_range(now: datetime) -> QuerySet[Post]:
    return Post.objects.filter(
        Q(likes__gt=MAX_COUNT) | Q(shares__gt=MAX_COUNT) | Q(reply_count__gt=MAX_COUNT)
    )


def _lower_counts(rows: QuerySet[Post], now: datetime) -> None:
    for field in ("likes", "shares", "reply_count"):
        rows.filter(**{f"{field}__gt": MAX_COUNT}).update(**{field: MAX_COUNT})


def _audiences_out_of_range(now: datetime) -> QuerySet[Identity]:
    return Identity.objects.filter(audience__gt=MAX_COUNT)


def _lower_audiences(rows: QuerySet[Identity], now: datetime) -> None:
    rows.update(audience=MAX_COUNT)


def _text_with_controls(now: datetime) -> QuerySet[Post]:
    # A character class, not `contains`: SQLite's LIKE stops at a NUL in its pattern and
    # would match every row. PostgreSQL cannot store NUL, nor take one in a pattern.
    nul = "\x00" if connection.vendor == "sqlite" else ""
    pattern = f"[{nul}{CONTROL_CHARACTERS}]"
    found = Q(text__regex=pattern) | Q(title__regex=pattern) | Q(author_handle__regex=pattern)
    return Post.objects.filter(found)


def _repair_texts(rows: QuerySet[Post], now: datetime) -> None:
    for post in rows.only("id", "text", "title", "author_handle"):
        post.text = repair_text(post.text)
        post.title = repair_text(post.title)
        post.author_handle = repair_text(post.author_handle)
        post.save(update_fields=["text", "title", "author_handle"])


RULES = (
    _Rule(
        "post dated before 1970-01-01 or more than a day ahead",
        "dated when it was imported",
        _dated_out_of_range,
        _redate,
    ),
    _Rule(
        "post count (likes, shares, replies) over 2,147,483,647",
        "lowered to 2,147,483,647",
        _counts_out_of_range,
        _lower_counts,
    ),
    _Rule(
        "author audience over 2,147,483,647",
        "lowered to 2,147,483,647",
        _audiences_out_of_range,
        _lower_audiences,
    ),
    _Rule(
        "post text, title or handle holding control characters",
        "the characters dropped",
        _text_with_controls,
        _repair_texts,
    ),
)


def find_bad_rows() -> list[Finding]:
    """Each rule that stored rows break, with how many and a few ids."""
    now = timezone.now()
    findings = []
    for rule in RULES:
        rows = rule.rows(now)
        ids = tuple(rows.order_by("id").values_list("id", flat=True)[:EXAMPLES])
        if ids:
            findings.append(Finding(rule.rule, rule.repair, rows.count(), ids))
    return findings


def repair_bad_rows() -> list[Finding]:
    """Mend every row a rule finds; returns what was found (and so mended)."""
    findings = find_bad_rows()
    now = timezone.now()
    with transaction.atomic():
        for rule in RULES:
            rule.mend(rule.rows(now), now)
    return findings
