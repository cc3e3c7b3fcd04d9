"""The posts export: every post with its analysis, one keyset page at a time."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from socialcycle.accounts.models import Workspace
from socialcycle.measuring.exports.rows import Row, driver_rows, moment, parsed_json
from socialcycle.understanding.models import PostKind
from socialcycle.understanding.queries import PostFilter, filter_posts

POST_COLUMNS = (
    "id",
    "source",
    "channel",
    "external_id",
    "author_id",
    "author_handle",
    "created_at",
    "title",
    "text",
    "url",
    "rating",
    "language",
    "analysed_at",
    "sentiment",
    "sentiment_score",
    "emotion",
    "primary_kind",
    "kinds",
    "topic",
    "urgency",
    "urgency_reasons",
    "toxicity",
    "is_abusive",
    "model_versions",
)


def read_posts(workspace: Workspace, post_filter: PostFilter, after: int, limit: int) -> list[Row]:
    zone = workspace.zone()
    posts = filter_posts(workspace, post_filter).filter(id__gt=after)
    found = driver_rows(
        posts.order_by("id").values_list(
            "id",
            "source__name",
            "channel",
            "external_id",
            "author_id",
            "author_handle",
            "created_at",
            "title",
            "text",
            "url",
            "rating",
            "language",
            "analysis__id",
            "analysis__language",
            "analysis__analysed_at",
            "analysis__sentiment",
            "analysis__sentiment_score",
            "analysis__emotion",
            "analysis__primary_kind",
            "analysis__topic__label",
            "analysis__urgency",
            "analysis__urgency_reasons",
            "analysis__toxicity",
            "analysis__is_abusive",
            "analysis__model_versions",
        )[:limit]
    )
    kinds = _kinds([row[12] for row in found if row[12] is not None])
    # Most rows share their model versions and urgency reasons: parse each text once a page.
    parsed: dict[str, Any] = {}
    rows = []
    for (
        post_id,
        source,
        channel,
        external_id,
        author_id,
        author_handle,
        created_at,
        title,
        text,
        url,
        rating,
        language,
        analysis_id,
        analysis_language,
        analysed_at,
        sentiment,
        sentiment_score,
        emotion,
        primary_kind,
        topic,
        urgency,
        urgency_reasons,
        toxicity,
        is_abusive,
        model_versions,
    ) in found:
        rows.append(
            {
                "id": post_id,
                "source": source,
                "channel": channel,
                "external_id": external_id,
                "author_id": author_id,
                "author_handle": author_handle,
                "created_at": moment(created_at, zone),
                "title": title,
                "text": text,
                "url": url,
                "rating": rating,
                "language": analysis_language or language,
                "analysed_at": moment(analysed_at, zone),
                "sentiment": sentiment or None,
                "sentiment_score": sentiment_score,
                "emotion": emotion or None,
                "primary_kind": primary_kind or None,
                "kinds": kinds.get(analysis_id, []),
                "topic": topic,
                "urgency": urgency,
                "urgency_reasons": parsed_json(urgency_reasons, parsed) or [],
                "toxicity": toxicity,
                "is_abusive": None if is_abusive is None else bool(is_abusive),
                "model_versions": parsed_json(model_versions, parsed) or {},
            }
        )
    return rows


def _kinds(analysis_ids: list[int]) -> dict[int, list[str]]:
    """Each analysis's feedback kinds, most confident first."""
    kinds: dict[int, list[str]] = defaultdict(list)
    pairs = (
        PostKind.objects.filter(analysis_id__in=analysis_ids)
        .order_by("analysis_id", "-confidence", "kind")
        .values_list("analysis_id", "kind")
    )
    for analysis_id, kind in pairs:
        kinds[analysis_id].append(kind)
    return kinds
