"""Writes of the understanding app: analyse posts and store what was found."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from socialcycle.accounts.models import TrackedName, Workspace
from socialcycle.analysis import Analysis, AnalysisContext, analyze
from socialcycle.analysis.types import NamedThing
from socialcycle.listening.models import Post
from socialcycle.understanding.models import PostAnalysis, PostKind


def analysis_context(workspace_id: int) -> AnalysisContext:
    """What the analysis needs to know about a workspace: its products, brands, rivals."""
    by_kind: dict[str, list[NamedThing]] = {"product": [], "brand": [], "competitor": []}
    for tracked in TrackedName.objects.filter(workspace_id=workspace_id, kind__in=by_kind):
        by_kind[tracked.kind].append(NamedThing(tracked.name, tuple(tracked.aliases)))
    return AnalysisContext(
        products=tuple(by_kind["product"]),
        brands=tuple(by_kind["brand"]),
        competitors=tuple(by_kind["competitor"]),
    )


def analyse_pending_posts(batch_size: int) -> int:
    """Analyse up to `batch_size` posts not analysed yet; returns how many were done.

    On PostgreSQL the rows are locked with SKIP LOCKED, so workers running side by side
    take different posts; SQLite serialises writers itself.
    """
    with transaction.atomic():
        posts = list(
            Post.objects.select_for_update(skip_locked=True)
            .filter(analysed_at__isnull=True)
            .order_by("id")[:batch_size]
        )
        if not posts:
            return 0
        for workspace_id in {post.workspace_id for post in posts}:
            in_workspace = [post for post in posts if post.workspace_id == workspace_id]
            store_analyses(in_workspace, analyse_texts(in_workspace))
    return len(posts)


def analyse_texts(posts: Sequence[Post]) -> list[Analysis]:
    texts = [f"{post.title}\n{post.text}" if post.title else post.text for post in posts]
    return analyze(texts, analysis_context(posts[0].workspace_id))


def store_analyses(posts: Sequence[Post], analyses: Sequence[Analysis]) -> None:
    """Replace the stored analysis of each post with a new one."""
    now = timezone.now()
    PostAnalysis.objects.filter(post__in=posts).delete()
    rows = PostAnalysis.objects.bulk_create(
        [_analysis_row(post, result, now) for post, result in zip(posts, analyses, strict=True)]
    )
    PostKind.objects.bulk_create(
        [
            PostKind(analysis=row, kind=kind, confidence=confidence)
            for row, result in zip(rows, analyses, strict=True)
            for kind, confidence in result.kinds.items()
        ]
    )
    for post, result in zip(posts, analyses, strict=True):
        post.analysed_at = now
        # Listening detects the language on the way in; the analysis only fills a gap.
        post.language = post.language or result.language
    Post.objects.bulk_update(posts, ["analysed_at", "language"])


def _analysis_row(post: Post, result: Analysis, now: datetime) -> PostAnalysis:
    return PostAnalysis(
        post=post,
        workspace_id=post.workspace_id,
        created_at=post.created_at,
        language=result.language,
        sentiment=result.sentiment,
        sentiment_score=result.sentiment_score,
        primary_kind=result.primary_kind,
        entities=[asdict(entity) for entity in result.entities],
        urgency=result.urgency,
        urgency_reasons=list(result.urgency_reasons),
        toxicity=result.toxicity,
        is_abusive=result.is_abusive,
        model_versions=result.model_versions,
        analysed_at=now,
    )


def count_pending(workspace: Workspace | None = None) -> int:
    pending = Post.objects.filter(analysed_at__isnull=True)
    if workspace is not None:
        pending = pending.filter(workspace=workspace)
    return pending.count()
