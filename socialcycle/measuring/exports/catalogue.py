"""The three exports of a workspace (posts with their analysis, insights with their counts,
participants with their ladder stage), the two formats, and the filter each takes.

The rows are chosen by the one post filter (understanding/queries.py), read from the
Posts page's own GET parameters (`parse_export_filter`), so "export these posts" takes
the posts that page shows. Insights and participants take only its period and channels.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from socialcycle.accounts.models import Role, Workspace
from socialcycle.measuring.exports.insights import INSIGHT_COLUMNS, read_insights
from socialcycle.measuring.exports.participants import PARTICIPANT_COLUMNS, read_participants
from socialcycle.measuring.exports.posts import POST_COLUMNS, read_posts
from socialcycle.measuring.exports.rows import Row
from socialcycle.understanding.queries import (
    FILTER_PARAMETERS,
    FilterError,
    ParsedFilter,
    PostFilter,
    parse_post_filter,
)

# Who may see people's e-mail addresses and customer ids, and so export participants.
PERSONAL_DATA_ROLE = Role.ANALYST


class Format(StrEnum):
    CSV = "csv"
    JSONL = "jsonl"

    @property
    def content_type(self) -> str:
        if self is Format.CSV:
            return "text/csv; charset=utf-8"
        return "application/x-ndjson; charset=utf-8"


PageReader = Callable[[Workspace, PostFilter, int, int], list[Row]]
# The filter parameters that narrow insights and participants too: the period and the
# channel. The rest (sentiment, product, words, …) say which posts, so only the posts
# export takes them; another export refuses them rather than ignore them.
PERIOD_AND_CHANNEL = ("since", "until", "day", "channel")


@dataclass(frozen=True)
class Export:
    """One kind of export: its columns, the role it needs, and how to read one page."""

    name: str
    title: str
    description: str
    columns: tuple[str, ...]
    role: str
    read: PageReader  # (workspace, filter, after id, limit) -> rows in id order
    parameters: tuple[str, ...]  # the filter parameters it takes (understanding/queries.py)

    def allowed_for(self, role: str) -> bool:
        return Role.rank(role) >= Role.rank(self.role)


def parse_export_filter(
    workspace: Workspace, export: Export, params: Mapping[str, Any]
) -> ParsedFilter:
    """The export's filter from GET parameters, read as the Posts page reads them
    (`parse_post_filter`), so its link carries the same posts here; a parameter the
    export does not take is an error naming it."""
    parsed = parse_post_filter(workspace, params)
    takes = ", ".join(export.parameters)
    refused = [
        FilterError(name, ", ".join(values), f"narrows posts only; {export.name} take {takes}")
        for name, values in parsed.given.items()
        if name not in export.parameters
    ]
    return replace(parsed, errors=[*parsed.errors, *refused])


POSTS = Export(
    name="posts",
    title="Posts with their analysis",
    description="Every post: where and when it was said, by whom, and what the analysis "
    "found (sentiment, feedback kinds, topic, urgency, abuse, model versions).",
    columns=POST_COLUMNS,
    role=Role.VIEWER,
    read=read_posts,
    parameters=FILTER_PARAMETERS,
)
INSIGHTS = Export(
    name="insights",
    title="Insights",
    description="Every insight: status, team, owner, SLA, supporting posts, people and votes.",
    columns=INSIGHT_COLUMNS,
    role=Role.VIEWER,
    read=read_insights,
    parameters=PERIOD_AND_CHANNEL,
)
PARTICIPANTS = Export(
    name="participants",
    title="Participants with their ladder stage",
    description="Every person: name, e-mail, customer id, handles, influence, ladder stage, "
    "first seen and posts. Personal data: analysts and admins only.",
    columns=PARTICIPANT_COLUMNS,
    role=PERSONAL_DATA_ROLE,
    read=read_participants,
    parameters=PERIOD_AND_CHANNEL,
)
EXPORTS: dict[str, Export] = {export.name: export for export in (POSTS, INSIGHTS, PARTICIPANTS)}
