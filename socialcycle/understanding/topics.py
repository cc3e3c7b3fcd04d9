"""Topics of a workspace: discovered from its posts, assigned to new posts as they are
analysed, and renamed, merged and split by people (their choices survive rediscovery)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Count

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import TrackedName, User, Workspace
from socialcycle.analysis.pipeline import TOPIC_THRESHOLD, shared_pipeline
from socialcycle.analysis.topics import (
    NO_TOPIC,
    FoundTopic,
    TopicModel,
    assign_to_centroids,
    class_keywords,
)
from socialcycle.lib.errors import DomainError
from socialcycle.understanding.models import PostAnalysis, Topic

SAME_TOPIC_SIMILARITY = 0.8  # a rediscovered cluster this close to a topic is that topic
DISCOVERY_SAMPLE = 5000
SPLIT_SAMPLE = 2000
ENCODE_CHUNK = 250  # posts encoded between two progress reports
PLACE_BATCH = 500

Progress = Callable[[str, int], None]  # what is being done, percent done


class TopicError(DomainError):
    """A topic change that cannot be made, said as one sentence."""

    code = "topic"


def live_topics(workspace: Workspace) -> list[Topic]:
    """Topics in use (not merged away), largest first, with their current post counts."""
    return list(
        Topic.objects.filter(workspace=workspace, merged_into__isnull=True, retired_by_person=False)
        .exclude(centroid=None)
        .annotate(posts=Count("analyses"))
        .order_by("-posts", "label")
    )


@dataclass
class DiscoveryOutcome:
    """What one discovery did: posts clustered, topics found (new among them), posts placed."""

    considered: int = 0
    found: int = 0
    new: int = 0
    placed: int = 0
    unplaced: int = 0


def discover_topics(
    workspace: Workspace,
    sample: int = DISCOVERY_SAMPLE,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    unplaced_only: bool = False,
    progress: Progress | None = None,
) -> DiscoveryOutcome:
    """Cluster a sample of recent posts (of a period, or only those without a topic) into
    topics and place them; the model runs with no transaction open.

    A cluster close to an existing topic updates it (a person's name stays; a topic merged
    by a person answers for its target); others become new topics. A full discovery
    retires machine topics no cluster matched; one over unplaced posts only adds topics.
    Posts outside the sample get their topic from `assign_unplaced`.
    """
    report = progress or (lambda stage, percent: None)
    report("reading posts", 2)
    rows = PostAnalysis.objects.filter(workspace=workspace, not_analysed="").exclude(
        post__near_duplicate_of__isnull=False
    )
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    if until is not None:
        rows = rows.filter(created_at__lt=until)
    if unplaced_only:
        rows = rows.filter(topic__isnull=True)
    analyses = list(rows.select_related("post").order_by("-created_at")[:sample])
    outcome = DiscoveryOutcome(considered=len(analyses))
    if not analyses:
        return outcome
    texts = [row.post.text for row in analyses]
    embeddings = _encode(
        texts, lambda done: report("reading the posts' meaning", 5 + 55 * done // len(texts))
    )
    report("finding topics", 60)
    model = TopicModel(
        assign_threshold=TOPIC_THRESHOLD,
        max_share=settings.TOPIC_MAX_SHARE_PERCENT / 100,
        exclude=own_names(workspace),
    ).fit(texts, embeddings)
    report("storing topics", 85)
    with transaction.atomic():
        before = {topic.pk for topic in live_topics(workspace)}
        topics = [_match_or_create(workspace, found) for found in model.topics_]
        kept = {topic.pk for topic in topics if topic is not None}
        if not unplaced_only:
            _retire(workspace, before - kept)
        placed = [NO_TOPIC] * len(analyses)
        for row, k in zip(model.sample_, model.sample_topics_, strict=True):
            placed[int(row)] = k if k >= 0 and topics[k] is not None else NO_TOPIC
        _assign(analyses, [topics[k] if k >= 0 else None for k in placed])
    outcome.found = len(kept)
    outcome.new = len(kept - before)
    outcome.placed = sum(1 for k in placed if k >= 0)
    outcome.unplaced = len(placed) - outcome.placed
    return outcome


def own_names(workspace: Workspace) -> list[str]:
    """The workspace's brand and product names with their aliases: never a topic's name."""
    names: list[str] = []
    for name, aliases in TrackedName.objects.filter(
        workspace=workspace, kind__in=["brand", "product"]
    ).values_list("name", "aliases"):
        names += [name, *(aliases or [])]
    return names


def _encode(texts: Sequence[str], advance: Callable[[int], None]) -> np.ndarray:
    pipeline = shared_pipeline(settings.MODEL_DIR)
    parts = []
    for start in range(0, len(texts), ENCODE_CHUNK):
        parts.append(pipeline.encode(texts[start : start + ENCODE_CHUNK]))
        advance(start + len(parts[-1]))
    return np.vstack(parts)


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


def _match_or_create(workspace: Workspace, found: FoundTopic) -> Topic | None:
    """The topic this cluster is: the closest existing one (a merged topic answers for the
    topic a person merged it into), else a new one; None when a person retired it."""
    existing = Topic.objects.filter(workspace=workspace).exclude(centroid=None)
    best, best_similarity = None, SAME_TOPIC_SIMILARITY
    for topic in existing:
        similarity = float(_vector(topic) @ found.centroid)
        if similarity >= best_similarity:
            best, best_similarity = topic, similarity
    if best is not None and best.merged_into_id is not None:
        best = _merged_target(best)
    if best is not None and best.retired_by_person:
        return None  # a person said this is no topic: its posts stay without one
    topic = best or Topic(workspace=workspace, label=found.label)
    if not topic.named_by_person:
        topic.label = found.label
    topic.keywords = list(found.keywords)
    topic.centroid = found.centroid.astype(np.float32).tobytes()
    topic.size = found.size
    topic.save()
    return topic


def _merged_target(topic: Topic) -> Topic:
    seen = {topic.pk}
    while topic.merged_into_id is not None and topic.merged_into_id not in seen:
        seen.add(topic.merged_into_id)
        topic = Topic.objects.get(pk=topic.merged_into_id)
    return topic


def _assign(analyses: Sequence[PostAnalysis], topics: Sequence[Topic | None]) -> None:
    changed = []
    for row, topic in zip(analyses, topics, strict=True):
        if "topic" in row.corrected_fields:
            continue  # an analyst chose this post's topic
        row.topic = topic
        changed.append(row)
    PostAnalysis.objects.bulk_update(changed, ["topic"])


def assign_unplaced(workspace: Workspace, after_id: int = 0, batch: int = PLACE_BATCH) -> Placed:
    """Give one batch of topic-less posts (ids above `after_id`) their nearest topic.

    Returns the last id looked at, to continue from (None when there is nothing left), and
    how many posts got a topic. Posts near no topic stay without one (once enough gather,
    `discovery.discover_unplaced_if_due` finds topics among them); posts whose topic an
    analyst chose are skipped.
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
        return Placed(None, 0)
    open_rows = [row for row in rows if "topic" not in row.corrected_fields]
    ids = [topic.pk for topic in topics]
    centroids = np.vstack([_vector(topic) for topic in topics])
    embeddings = shared_pipeline(settings.MODEL_DIR).encode([row.post.text for row in open_rows])
    found = assign_to_centroids(embeddings, list(centroids), TOPIC_THRESHOLD)
    placed = [row for row, k in zip(open_rows, found, strict=True) if k != NO_TOPIC]
    for row, k in zip(open_rows, found, strict=True):
        row.topic_id = ids[k] if k != NO_TOPIC else None
    PostAnalysis.objects.bulk_update(placed, ["topic"])
    return Placed(rows[-1].id, len(placed))


class Placed(NamedTuple):
    after: int | None
    placed: int


@transaction.atomic
def rename_topic(topic: Topic, label: str, *, by: User) -> Topic:
    label = label.strip()[:200]
    if not label:
        raise TopicError("a topic needs a name.", field="name")
    before = topic.label
    topic.label = label
    topic.named_by_person = True
    topic.save(update_fields=["label", "named_by_person", "updated_at"])
    _audit(topic, AuditAction.RENAME_TOPIC, {"label": before}, {"label": label}, by=by)
    return topic


@transaction.atomic
def merge_topics(source: Topic, target: Topic, *, by: User) -> Topic:
    """Move every post of `source` to `target`; `source` points at `target` from now on."""
    if source.pk == target.pk or source.workspace_id != target.workspace_id:
        raise TopicError(
            "a topic can only be merged into another topic of the same workspace.", field="into"
        )
    moved = PostAnalysis.objects.filter(topic=source).update(topic=target)
    if source.centroid is not None and target.centroid is not None:
        weights = np.array([max(source.size, 1), max(target.size, 1)], dtype=np.float32)
        mean = (weights[0] * _vector(source) + weights[1] * _vector(target)) / weights.sum()
        target.centroid = (mean / (np.linalg.norm(mean) or 1.0)).astype(np.float32).tobytes()
    target.size += source.size
    target.save()
    source.merged_into = target
    source.save(update_fields=["merged_into", "updated_at"])
    _audit(
        target,
        AuditAction.MERGE_TOPICS,
        {"merged": source.pk, "posts": moved},
        {"into": target.pk},
        by=by,
    )
    return target


@transaction.atomic
def retire_topic(topic: Topic, *, by: User) -> int:
    """A person says this is no topic: its posts lose it, and rediscovery will not bring
    it back (a cluster matching it leaves its posts without a topic). Returns posts freed."""
    if topic.merged_into_id is not None:
        raise TopicError("a merged topic lives on in the topic it was merged into.")
    freed = PostAnalysis.objects.filter(topic=topic).update(topic=None)
    topic.retired_by_person = True
    topic.save(update_fields=["retired_by_person", "updated_at"])
    _audit(topic, AuditAction.RETIRE_TOPIC, {"posts": freed}, {"retired": True}, by=by)
    return freed


@transaction.atomic
def split_topic(topic: Topic, *, by: User, parts: int = 2) -> list[Topic]:
    """Cluster the topic's posts into `parts` new topics; the old one is merged into the first."""
    from sklearn.cluster import KMeans  # noqa: PLC0415

    rows = list(PostAnalysis.objects.filter(topic=topic).select_related("post")[:SPLIT_SAMPLE])
    if len(rows) < parts * 2:
        raise TopicError(f"a topic needs at least {parts * 2} posts to be split.")
    texts = [row.post.text for row in rows]
    embeddings = shared_pipeline(settings.MODEL_DIR).encode(texts)
    labels = KMeans(n_clusters=parts, n_init=4, random_state=0).fit_predict(embeddings)
    groups = [[texts[i] for i in np.flatnonzero(labels == k)] for k in range(parts)]
    words = class_keywords(groups, exclude=own_names(topic.workspace))
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
    _audit(
        topic,
        AuditAction.SPLIT_TOPIC,
        {"topic": topic.pk},
        {"into": [t.pk for t in created]},
        by=by,
    )
    return created


def _vector(topic: Topic) -> np.ndarray:
    return np.frombuffer(bytes(topic.centroid or b""), dtype=np.float32)


def _audit(
    topic: Topic,
    action: AuditAction,
    before: dict[str, object],
    after: dict[str, object],
    *,
    by: User,
) -> None:
    record_change(topic.workspace_id, by, action, "topic", topic.pk, before=before, after=after)
