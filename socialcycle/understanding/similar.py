"""Posts like this one: the nearest posts of the same workspace by sentence embedding.

No embedding is stored per post (only topic centroids are), so the post and a bounded
set of candidates are embedded on request with the shared pipeline's encoder: the most
recent CANDIDATES posts of the same topic, topped up with the workspace's most recent
posts when the topic has fewer (or the post has none). A near post outside that set is
not found; the bound keeps the request near a second on a laptop's CPU.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.conf import settings

from socialcycle.analysis.pipeline import shared_pipeline
from socialcycle.listening.models import Post

CANDIDATES = 200
SHOWN = 10


@dataclass(frozen=True)
class Similar:
    post: Post
    similarity: float  # cosine, 1 is the same meaning


def similar_posts(post: Post, limit: int = SHOWN) -> list[Similar]:
    """The posts nearest in meaning to `post` among its candidates, nearest first."""
    candidates = _candidates(post)
    if not candidates:
        return []
    vectors = shared_pipeline(settings.MODEL_DIR).encode(
        [_text(post)] + [_text(other) for other in candidates]
    )
    vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    scores = vectors[1:] @ vectors[0]
    order = np.argsort(-scores, kind="stable")[:limit]
    return [Similar(candidates[i], float(scores[i])) for i in order]


def _candidates(post: Post) -> list[Post]:
    others = Post.objects.filter(workspace_id=post.workspace_id).exclude(pk=post.pk)
    others = others.exclude(near_duplicate_of=post).select_related("analysis")
    topic_id = Post.objects.filter(pk=post.pk).values_list("analysis__topic_id", flat=True).first()
    found: list[Post] = []
    if topic_id is not None:
        found = list(
            others.filter(analysis__topic_id=topic_id).order_by("-created_at")[:CANDIDATES]
        )
    if len(found) < CANDIDATES:
        seen = [other.pk for other in found]
        recent = others.exclude(pk__in=seen).order_by("-created_at")
        found += list(recent[: CANDIDATES - len(found)])
    return found


def _text(post: Post) -> str:
    return f"{post.title}. {post.text}" if post.title else post.text
