"""Writes of the understanding app: analyse posts and store what was found."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime, timedelta

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone

from socialcycle.accounts.models import TrackedName, Workspace
from socialcycle.analysis import Analysis, AnalysisContext, explain
from socialcycle.analysis.explain import Evidence
from socialcycle.analysis.pipeline import shared_pipeline
from socialcycle.analysis.types import NamedThing
from socialcycle.lib.tasks import enqueue
from socialcycle.listening.models import Identity, Post
from socialcycle.understanding.models import PostAnalysis, PostKind, PostMention, Topic
from socialcycle.understanding.workspace_models import pipeline_for

logger = logging.getLogger(__name__)
# What a post the models failed on says (the error itself goes to the log).
MODELS_FAILED = "the models failed on this post (the error is in the log)"


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
    """Analyse up to `batch_size` waiting posts; returns how many were claimed.

    Three steps, so that no transaction is open while the models run: claim the posts
    (a short transaction), analyse them (none), store the results (a second short one
    that keeps only the posts this call still holds). The write lock is therefore held
    for milliseconds, not for a batch's analysis, and imports keep writing meanwhile.
    """
    token, claimed = claim_pending_posts(batch_size)
    if not claimed:
        return 0
    posts = readable_posts(token, claimed)
    workspaces = sorted({post.workspace_id for post in posts})
    failures: list[Exception] = []
    for workspace_id in workspaces:
        in_workspace = [post for post in posts if post.workspace_id == workspace_id]
        try:
            analyses = analyse_apart(in_workspace)
            urgent = first_time_urgent(in_workspace, analyses)
            if store_claimed_analyses(token, in_workspace, analyses):
                wake_alert_check(workspace_id)
                wake_rollup_recount(workspace_id)
                if urgent:
                    enqueue(URGENT_TASK, workspace_id, urgent)
        except Exception as error:  # one workspace's failure must not stop the others
            logger.exception("analysis failed for workspace %s", workspace_id)
            failures.append(error)
    if failures and len(failures) == len(workspaces):
        raise failures[0]  # nothing could be analysed: the caller must hear of it
    return len(claimed)


def readable_posts(token: uuid.UUID, ids: list[int]) -> list[Post]:
    """The posts of `ids`; one whose stored row Python cannot read (a date past year 9999,
    stored before intake checked dates) is set aside, analysed with nothing, and logged,
    so that it cannot stop the batch. `socialcycle check-data --repair` mends it and sends
    it back to the analysis."""
    try:
        with transaction.atomic():
            return list(Post.objects.filter(id__in=ids).order_by("id"))
    except DatabaseError:
        pass
    posts = []
    for post_id in ids:
        try:
            with transaction.atomic():
                posts.append(Post.objects.get(id=post_id))
        except DatabaseError:
            logger.exception("post %s cannot be read; run `socialcycle check-data`", post_id)
            Post.objects.filter(id=post_id, analysis_claim=token).update(
                analysed_at=timezone.now(), analysis_claim=None, analysis_claimed_at=None
            )
    return posts


def claim_pending_posts(batch_size: int) -> tuple[uuid.UUID, list[int]]:
    """Mark up to `batch_size` waiting posts as this worker's; returns its token and their ids.

    A post is waiting while it has no analysis stamp and no live claim: a claim older than
    ANALYSIS_CLAIM_SECONDS belongs to a worker that died and is taken again. On PostgreSQL
    the rows are locked with SKIP LOCKED while they are marked, so workers running side by
    side take different posts; SQLite's IMMEDIATE transactions serialise the claims.
    """
    token = uuid.uuid4()
    now = timezone.now()
    expired = now - timedelta(seconds=settings.ANALYSIS_CLAIM_SECONDS)
    with transaction.atomic():
        ids = list(
            Post.objects.select_for_update(skip_locked=True)
            .filter(analysed_at__isnull=True)
            .filter(Q(analysis_claimed_at__isnull=True) | Q(analysis_claimed_at__lt=expired))
            .order_by("id")
            .values_list("id", flat=True)[:batch_size]
        )
        if ids:
            Post.objects.filter(id__in=ids).update(analysis_claim=token, analysis_claimed_at=now)
    return token, ids


def store_claimed_analyses(
    token: uuid.UUID, posts: Sequence[Post], analyses: Sequence[Analysis]
) -> int:
    """Store the analyses of the posts still claimed by `token`; returns how many.

    A post changed by a re-import meanwhile lost its claim (it waits for a fresh analysis)
    and one whose claim expired may have been taken by another worker: neither is
    overwritten with what was found here.
    """
    by_id = {post.id: (post, analysis) for post, analysis in zip(posts, analyses, strict=True)}
    with transaction.atomic():
        held = set(
            Post.objects.select_for_update()
            .filter(id__in=list(by_id), analysis_claim=token, analysed_at__isnull=True)
            .values_list("id", flat=True)
        )
        kept = [by_id[post_id] for post_id in sorted(held)]
        if kept:
            store_analyses([post for post, _ in kept], [analysis for _, analysis in kept])
    return len(kept)


# Posts this urgent, analysed for the first time, are announced to the chat and webhooks
# that asked for them (acting/webhooks.py: "post.urgent"); queued by name.
URGENT_TASK = "acting.announce_urgent_posts"
URGENT_AT = 0.7
ROLLUP_TASK = "measuring.refresh_workspace_rollups"
ROLLUP_RECOUNT_EVERY_SECONDS = 10
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


def first_time_urgent(posts: Sequence[Post], analyses: Sequence[Analysis]) -> list[int]:
    """The posts found urgent (URGENT_AT or more) that had no analysis before: a post
    analysed again (a retrained model, a re-import) is not announced twice."""
    urgent = [
        post.pk for post, found in zip(posts, analyses, strict=True) if found.urgency >= URGENT_AT
    ]
    if not urgent:
        return []
    known = set(PostAnalysis.objects.filter(post_id__in=urgent).values_list("post_id", flat=True))
    return [pk for pk in urgent if pk not in known]


def wake_rollup_recount(workspace_id: int) -> bool:
    """Queue the recount of the dashboard's daily counts of a workspace whose posts were
    just analysed: pages only read the counts (measuring/dashboard/rollups.py).

    At most every ROLLUP_RECOUNT_EVERY_SECONDS per workspace: a recount compares the
    workspace's totals, which a flood of batches should not pay each time; what a skipped
    batch brought is counted by the next one or by the every-minute task. Queued by name,
    as measuring comes after this app. Returns whether a recount was queued.
    """
    if not cache.add(f"rollup-recount:{workspace_id}", 1, ROLLUP_RECOUNT_EVERY_SECONDS):
        return False
    enqueue(ROLLUP_TASK, workspace_id)
    return True


def analyse_texts(posts: Sequence[Post]) -> list[Analysis]:
    """Analyse posts of one workspace, with its own kinds head when it has one."""
    texts = [f"{post.title}\n{post.text}" if post.title else post.text for post in posts]
    pipeline = pipeline_for(posts[0].workspace_id, settings.MODEL_DIR)
    return pipeline.analyze(
        texts, analysis_context(posts[0].workspace_id), audiences=author_audiences(posts)
    )


def analyse_apart(posts: Sequence[Post]) -> list[Analysis]:
    """`analyse_texts`, with a post the models fail on set apart: the batch is halved until
    the failing posts are alone, and each gets "not analysed" with the reason while the
    others are analysed. When every post fails alone too, the failure is not the posts'
    (a missing model, say): the first error is raised, and the batch waits for its claim
    to lapse."""
    errors: list[Exception] = []
    results = _analyse_halving(posts, errors)
    if len(errors) == len(posts):
        raise errors[0]
    return results


def _analyse_halving(posts: Sequence[Post], errors: list[Exception]) -> list[Analysis]:
    """The analyses of `posts`; a post that fails alone is logged, its error kept in
    `errors`, and it gets the "models failed" analysis."""
    try:
        return analyse_texts(posts)
    except Exception as error:
        if len(posts) == 1:
            logger.exception("analysis failed for post %s", posts[0].pk)
            errors.append(error)
            return [_failed_analysis()]
    middle = len(posts) // 2
    return _analyse_halving(posts[:middle], errors) + _analyse_halving(posts[middle:], errors)


def _failed_analysis() -> Analysis:
    return Analysis(
        language="",
        sentiment="",
        sentiment_score=0.0,
        kinds={},
        primary_kind="",
        not_analysed=MODELS_FAILED,
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
    # Read again: a person may have marked a post while the models were reading it.
    spam = set(
        Post.objects.filter(pk__in=[p.pk for p in posts], is_spam=True).values_list("pk", flat=True)
    )
    for post in posts:
        post.is_spam = post.pk in spam
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
        post.analysis_claim, post.analysis_claimed_at = None, None
        # Listening detects the language on the way in; the analysis only fills a gap.
        post.language = post.language or result.language
    Post.objects.bulk_update(
        posts, ["analysed_at", "language", "analysis_claim", "analysis_claimed_at"]
    )


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
        kinds_uncertainty=result.kinds_uncertainty,
        topic_id=result.topic,
        entities=[asdict(entity) for entity in result.entities],
        urgency=result.urgency,
        urgency_reasons=list(result.urgency_reasons),
        toxicity=result.toxicity,
        is_abusive=result.is_abusive,
        is_spam=post.is_spam,
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
    if analysis is None or not analysis.sentiment or "sentiment" in analysis.corrected_fields:
        return []
    # A post in another language got its sentiment from that language's head.
    sentiment = shared_pipeline(settings.MODEL_DIR).sentiment_head(analysis.language)
    return explain.sentiment_evidence(
        post.text, sentiment.features, sentiment.head, towards=analysis.sentiment
    )
