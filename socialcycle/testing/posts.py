"""Posts with a stored analysis, written directly: for tests of what is read, not of the
models (those go through `understanding/tests/helpers.analysed_posts`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count
from typing import Any

from django.utils import timezone

from socialcycle.listening.models import Post, Source
from socialcycle.understanding.models import PostAnalysis, PostKind, PostMention, Topic
from socialcycle.understanding.services import mentions_of

_ids = count(1)


def stored_post(
    source: Source,
    text: str = "words",
    *,
    when: datetime | None = None,
    sentiment: str = "neutral",
    kinds: tuple[str, ...] = (),
    topic: Topic | None = None,
    products: tuple[str, ...] = (),
    language: str = "en",
    author: str = "sam",
    title: str = "",
    analysed: bool = True,
    **post_fields: Any,
) -> Post:
    """One post of `source`, analysed as told (entities and mentions for `products`)."""
    when = when or timezone.now() - timedelta(hours=1)
    post = Post.objects.create(
        workspace=source.workspace,
        source=source,
        channel=source.channel,
        external_id=f"stored-{next(_ids)}",
        text=text,
        title=title,
        author_handle=author,
        language=language,
        created_at=when,
        analysed_at=timezone.now() if analysed else None,
        **post_fields,
    )
    if not analysed:
        return post
    analysis = PostAnalysis.objects.create(
        post=post,
        workspace=source.workspace,
        created_at=when,
        language=language,
        sentiment=sentiment,
        sentiment_score={"positive": 0.8, "negative": -0.8}.get(sentiment, 0.0),
        primary_kind=kinds[0] if kinds else "",
        topic=topic,
        entities=[
            {"kind": "product", "name": name, "start": 0, "end": len(name)} for name in products
        ],
        analysed_at=timezone.now(),
        is_spam=post.is_spam,
    )
    PostKind.objects.bulk_create(
        [PostKind(analysis=analysis, kind=kind, confidence=0.9) for kind in kinds]
    )
    PostMention.objects.bulk_create(mentions_of(analysis))
    return post
