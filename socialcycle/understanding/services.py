"""Writes of the understanding app: analyse posts and store what was found."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from socialcycle.accounts.models import TrackedName, Workspace
from socialcycle.analysis import Analysis, AnalysisContext, explain
from socialcycle.analysis.explain import Evidence
from socialcycle.analysis.pipeline import shared_pipeline
from socialcycle.analysis.types import NamedThing
from socialcycle.lib.tasks import enqueue
from socialcycle.listening.models import Identity, Post
from socialcycle.understanding.models import PostAnalysis, PostKind, PostMention, Topic


def analysis_context(workspace_id: int) -> AnalysisContext:
    """What the analysis needs to know about a workspace: its products, brands, rivals."""
    by_kind: dict[str, list[NamedThing]] = {"product": [], "brand": [], "competitor": []}
    for tracked in TrackedName.objects.filter(workspace_id=workspace_id, kind__in=by_kind):
        by_kind[tracked.kind].append(
            NamedThing(tracked.name, tuple(tracked.aliases), tracked.case_sensitive)
        )
    topic_ids, centroids = topic_centroids(workspace_id)
    return AnalysisContext(
        products=tuple(by_kind["product"]),
        brands=tuple(by_kind["brand"]),
        competitors=tuple(by_kind["competitor"]),
        topic_ids=topic_ids,
        topic_centroids=centroids,
    )


def topic_centroids(workspace_id: int) -> tuple[tuple[int, ...], np.ndarray | None]:
    """Ids and centroids of the workspace's live topics (merged ones point elsewhere)."""
    rows = list(
        Topic.objects.filter(
            workspace_id=workspace_id, merged_into__isnull=True, retired_by_person=False
        )
        .exclude(centroid=None)
        .values_list("id", "centroid")
    )
    if not rows:
        return (), None
    ids = tuple(row[0] for row in rows)
    return ids, np.vstack([np.frombuffer(bytes(row[1] or b""), dtype=np.float32) for row in rows])


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
            wake_alert_check(workspace_id)
    return len(posts)


ALERT_CHECK_TASK = "measuring.check_workspace_alerts"
ALERT_CHECK_EVERY_SECONDS = 60


def wake_alert_check(workspace_id: int) -> bool:
    """Queue the early-warning check of a workspace whose new posts were just analysed.

    At most once a minute per workspace: a burst is judged within a minute of arriving,
    and a flood of batches costs one check a minute. Queued by name, as measuring comes
    after this app. Returns whether a check was queued.
    """
    if not cache.add(f"alert-check:{workspace_id}", 1, ALERT_CHECK_EVERY_SECONDS):
        return False
    enqueue(ALERT_CHECK_TASK, workspace_id)
    return True


def analyse_texts(posts: Sequence[Post]) -> list[Analysis]:
    texts = [f"{post.title}\n{post.text}" if post.title else post.text for post in posts]
    pipeline = shared_pipeline(settings.MODEL_DIR)
    return pipeline.analyze(
        texts, analysis_context(posts[0].workspace_id), audiences=author_audiences(posts)
    )


def author_audiences(posts: Sequence[Post]) -> list[int]:
    """Each post's author audience on its channel (followers), 0 when unknown."""
    handles = {(post.channel, post.author_handle) for post in posts if post.author_handle}
    audience: dict[tuple[str, str], int] = {}
    if handles:
        identities = Identity.objects.filter(
            workspace_id=posts[0].workspace_id,
            handle__in={handle for _, handle in handles},
        ).values_list("channel", "handle", "audience")
        audience = {(channel, handle): size for channel, handle, size in identities}
    return [audience.get((post.channel, post.author_handle), 0) for post in posts]


def store_analyses(posts: Sequence[Post], analyses: Sequence[Analysis]) -> None:
    """Replace the stored analysis of each post; what an analyst corrected is kept."""
    now = timezone.now()
    previous = {
        row.post_id: row
        for row in PostAnalysis.objects.filter(post__in=posts).prefetch_related("kinds")
    }
    PostAnalysis.objects.filter(post__in=posts).delete()
    fresh = [_analysis_row(post, result, now) for post, result in zip(posts, analyses, strict=True)]
    kinds = [dict(result.kinds) for result in analyses]
    for row, found in zip(fresh, kinds, strict=True):
        old = previous.get(row.post_id)
        if old is not None and old.corrected_fields:
            _keep_corrections(row, found, old)
    rows = PostAnalysis.objects.bulk_create(fresh)
    PostKind.objects.bulk_create(
        [
            PostKind(analysis=row, kind=kind, confidence=confidence)
            for row, found in zip(rows, kinds, strict=True)
            for kind, confidence in found.items()
        ]
    )
    PostMention.objects.bulk_create(
        [mention for row in rows for mention in mentions_of(row)], ignore_conflicts=True
    )
    for post, result in zip(posts, analyses, strict=True):
        post.analysed_at = now
        # Listening detects the language on the way in; the analysis only fills a gap.
        post.language = post.language or result.language
    Post.objects.bulk_update(posts, ["analysed_at", "language"])


MENTIONED_KINDS = ("product", "brand", "competitor")


def mentions_of(analysis: PostAnalysis) -> list[PostMention]:
    """The tracked names in an analysis's entities, as rows (each name once)."""
    names = {
        (entity["kind"], entity["name"][:120])
        for entity in analysis.entities
        if entity.get("kind") in MENTIONED_KINDS
    }
    return [
        PostMention(
            analysis=analysis,
            workspace_id=analysis.workspace_id,
            created_at=analysis.created_at,
            kind=kind,
            name=name,
        )
        for kind, name in sorted(names)
    ]


def _keep_corrections(row: PostAnalysis, kinds: dict[str, float], old: PostAnalysis) -> None:
    row.corrected_fields = list(old.corrected_fields)
    if "sentiment" in old.corrected_fields:
        row.sentiment, row.sentiment_score = old.sentiment, old.sentiment_score
    if "topic" in old.corrected_fields:
        row.topic_id = old.topic_id
    if "kinds" in old.corrected_fields:
        kinds.clear()
        kinds.update({kind.kind: kind.confidence for kind in old.kinds.all()})
        row.primary_kind = old.primary_kind


def _analysis_row(post: Post, result: Analysis, now: datetime) -> PostAnalysis:
    return PostAnalysis(
        post=post,
        workspace_id=post.workspace_id,
        created_at=post.created_at,
        channel=post.channel,
        language=result.language,
        not_analysed=result.not_analysed[:200],
        sentiment=result.sentiment,
        sentiment_score=result.sentiment_score,
        emotion=result.emotion,
        primary_kind=result.primary_kind,
        topic_id=result.topic,
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


def sentiment_evidence(post: Post, analysis: PostAnalysis | None) -> list[Evidence]:
    """The words that weighed most in the model's sentiment (none when a person set it)."""
    if analysis is None or analysis.not_analysed or "sentiment" in analysis.corrected_fields:
        return []
    sentiment = shared_pipeline(settings.MODEL_DIR).sentiment
    return explain.sentiment_evidence(post.text, sentiment.features, sentiment.head)
