"""Topics of a workspace: discovered from its posts, assigned to new posts as they are
analysed, and renamed, merged and split by people (their choices survive rediscovery)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Count

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.models import User, Workspace
from socialcycle.analysis.pipeline import TOPIC_THRESHOLD, shared_pipeline
from socialcycle.analysis.topics import (
    NO_TOPIC,
    FoundTopic,
    TopicModel,
    assign_to_centroids,
    class_keywords,
)
from socialcycle.understanding.models import PostAnalysis, Topic

SAME_TOPIC_SIMILARITY = 0.8  # a rediscovered cluster this close to a topic is that topic
DISCOVERY_SAMPLE = 5000
SPLIT_SAMPLE = 2000


def live_topics(workspace: Workspace) -> list[Topic]:
    """Topics in use (not merged away), largest first, with their current post counts."""
    return list(
        Topic.objects.filter(workspace=workspace, merged_into__isnull=True)
        .exclude(centroid=None)
        .annotate(posts=Count("analyses"))
        .order_by("-posts", "label")
    )


def discover_topics(workspace: Workspace, sample: int = DISCOVERY_SAMPLE) -> int:
    """Cluster a sample of recent posts into topics and assign the sample; returns topics found.

    A cluster close to an existing topic updates it (a person's name stays); others become
    new topics. Posts outside the sample get their topic from the assignment task.
    """
    analyses = list(
        PostAnalysis.objects.filter(workspace=workspace, not_analysed="")
        .exclude(post__near_duplicate_of__isnull=False)
        .select_related("post")
        .order_by("-created_at")[:sample]
    )
    if not analyses:
        return 0
    texts = [row.post.text for row in analyses]
    pipeline = shared_pipeline(settings.MODEL_DIR)
    embeddings = pipeline.encode(texts)
    model = TopicModel(min_cluster_size=_cluster_size(len(texts))).fit(texts, embeddings)
    with transaction.atomic():
        before = {topic.pk for topic in live_topics(workspace)}
        topics = [_match_or_create(workspace, found) for found in model.topics_]
        _retire(workspace, before - {topic.pk for topic in topics})
        assigned = model.assign(embeddings)
        _assign(analyses, [topics[k] if k >= 0 else None for k in assigned])
    return len(topics)


def _retire(workspace: Workspace, topic_ids: set[int]) -> None:
    """Machine-made topics no cluster matched any more stop being used; their posts are
    placed again. Topics a person named or made by splitting are kept."""
    stale = Topic.objects.filter(workspace=workspace, pk__in=topic_ids, named_by_person=False)
    rows = PostAnalysis.objects.filter(topic__in=stale)
    chosen_by_people = [
        pk for pk, fields in rows.values_list("id", "corrected_fields") if "topic" in fields
    ]
    rows.exclude(pk__in=chosen_by_people).update(topic=None)
    stale.update(centroid=None, size=0)


def _cluster_size(count: int) -> int:
    # About 40 topics on the demo's 5,000 posts; never tiny clusters of chance neighbours.
    return max(10, min(50, count // 300))


def _match_or_create(workspace: Workspace, found: FoundTopic) -> Topic:
    existing = Topic.objects.filter(workspace=workspace, merged_into__isnull=True).exclude(
        centroid=None
    )
    best, best_similarity = None, SAME_TOPIC_SIMILARITY
    for topic in existing:
        similarity = float(_vector(topic) @ found.centroid)
        if similarity >= best_similarity:
            best, best_similarity = topic, similarity
    topic = best or Topic(workspace=workspace, label=found.label)
    if not topic.named_by_person:
        topic.label = found.label
    topic.keywords = list(found.keywords)
    topic.centroid = found.centroid.astype(np.float32).tobytes()
    topic.size = found.size
    topic.save()
    return topic


def _assign(analyses: Sequence[PostAnalysis], topics: Sequence[Topic | None]) -> None:
    changed = []
    for row, topic in zip(analyses, topics, strict=True):
        if "topic" in row.corrected_fields:
            continue  # an analyst chose this post's topic
        row.topic = topic
        changed.append(row)
    PostAnalysis.objects.bulk_update(changed, ["topic"])


def assign_unplaced(workspace: Workspace, after_id: int = 0, batch: int = 500) -> int | None:
    """Give one batch of topic-less posts (ids above `after_id`) their nearest topic.

    Returns the last id looked at, to continue from, or None when there is nothing left.
    Posts near no topic stay without one; posts whose topic an analyst chose are skipped.
    """
    rows = list(
        PostAnalysis.objects.filter(
            workspace=workspace, topic__isnull=True, not_analysed="", id__gt=after_id
        )
        .select_related("post")
        .order_by("id")[:batch]
    )
    topics = live_topics(workspace)
    if not rows or not topics:
        return None
    open_rows = [row for row in rows if "topic" not in row.corrected_fields]
    ids = [topic.pk for topic in topics]
    centroids = np.vstack([_vector(topic) for topic in topics])
    embeddings = shared_pipeline(settings.MODEL_DIR).encode([row.post.text for row in open_rows])
    for row, k in zip(
        open_rows, assign_to_centroids(embeddings, list(centroids), TOPIC_THRESHOLD), strict=True
    ):
        row.topic_id = ids[k] if k != NO_TOPIC else None
    PostAnalysis.objects.bulk_update(open_rows, ["topic"])
    return rows[-1].id


@transaction.atomic
def rename_topic(topic: Topic, label: str, by: User) -> Topic:
    label = label.strip()[:200]
    if not label:
        raise ValueError("a topic needs a name")
    before = topic.label
    topic.label = label
    topic.named_by_person = True
    topic.save(update_fields=["label", "named_by_person", "updated_at"])
    _audit(topic, by, "rename topic", {"label": before}, {"label": label})
    return topic


@transaction.atomic
def merge_topics(source: Topic, target: Topic, by: User) -> Topic:
    """Move every post of `source` to `target`; `source` points at `target` from now on."""
    if source.pk == target.pk or source.workspace_id != target.workspace_id:
        raise ValueError("a topic can only be merged into another topic of the same workspace")
    moved = PostAnalysis.objects.filter(topic=source).update(topic=target)
    if source.centroid is not None and target.centroid is not None:
        weights = np.array([max(source.size, 1), max(target.size, 1)], dtype=np.float32)
        mean = (weights[0] * _vector(source) + weights[1] * _vector(target)) / weights.sum()
        target.centroid = (mean / (np.linalg.norm(mean) or 1.0)).astype(np.float32).tobytes()
    target.size += source.size
    target.save()
    source.merged_into = target
    source.save(update_fields=["merged_into", "updated_at"])
    _audit(target, by, "merge topics", {"merged": source.pk, "posts": moved}, {"into": target.pk})
    return target


@transaction.atomic
def split_topic(topic: Topic, by: User, parts: int = 2) -> list[Topic]:
    """Cluster the topic's posts into `parts` new topics; the old one is merged into the first."""
    from sklearn.cluster import KMeans  # noqa: PLC0415

    rows = list(PostAnalysis.objects.filter(topic=topic).select_related("post")[:SPLIT_SAMPLE])
    if len(rows) < parts * 2:
        raise ValueError(f"a topic needs at least {parts * 2} posts to be split")
    texts = [row.post.text for row in rows]
    embeddings = shared_pipeline(settings.MODEL_DIR).encode(texts)
    labels = KMeans(n_clusters=parts, n_init=4, random_state=0).fit_predict(embeddings)
    groups = [[texts[i] for i in np.flatnonzero(labels == k)] for k in range(parts)]
    words = class_keywords(groups)
    created = []
    for k in range(parts):
        members = embeddings[labels == k]
        centroid = members.mean(axis=0)
        centroid = centroid / (np.linalg.norm(centroid) or 1.0)
        found = FoundTopic(tuple(words[k][:8]), centroid.astype(np.float32), len(members))
        created.append(
            Topic.objects.create(
                workspace_id=topic.workspace_id,
                named_by_person=True,  # a person's split: rediscovery must not undo it
                label=f"{topic.label} ({found.label})"[:200],
                keywords=list(found.keywords),
                centroid=found.centroid.tobytes(),
                size=found.size,
            )
        )
    for row, k in zip(rows, labels, strict=True):
        row.topic = created[int(k)]
    PostAnalysis.objects.bulk_update(rows, ["topic"])
    PostAnalysis.objects.filter(topic=topic).update(topic=created[0])
    topic.merged_into = created[0]
    topic.save(update_fields=["merged_into", "updated_at"])
    _audit(topic, by, "split topic", {"topic": topic.pk}, {"into": [t.pk for t in created]})
    return created


def _vector(topic: Topic) -> np.ndarray:
    return np.frombuffer(bytes(topic.centroid or b""), dtype=np.float32)


def _audit(
    topic: Topic, by: User, action: str, before: dict[str, object], after: dict[str, object]
) -> None:
    record_change(topic.workspace_id, by, action, "topic", topic.pk, before=before, after=after)
