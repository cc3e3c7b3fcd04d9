"""The inbox: the posts that need attention, most urgent first, with filters.

Built on PostAnalysis, which carries the workspace, time, sentiment, kind, topic and
urgency of each post, so the usual inbox (unanswered, most urgent first) reads one index
(`analysis_inbox`: workspace, urgency, time) and stops after a page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from socialcycle.accounts.models import User, Workspace
from socialcycle.acting.models import Insight
from socialcycle.understanding.models import PostAnalysis
from socialcycle.understanding.queries import PostFilter, filter_analyses

PAGE_SIZE = 50


@dataclass(frozen=True)
class InboxFilters:
    channel: str = ""
    kind: str = ""
    sentiment: str = ""
    topic_id: int | None = None
    team_id: int | None = None
    min_urgency: float | None = None
    unanswered: bool = True
    mine: bool = False
    spam: str = "hide"  # hide, include or only (understanding/queries.SPAM_CHOICES)

    def post_filter(self) -> PostFilter:
        """The filters on posts, in the one post filter (understanding/queries.py); a
        kind is any of a post's kinds, as in routing rules."""
        return PostFilter(
            channels=(self.channel,) if self.channel else (),
            kinds=(self.kind,) if self.kind else (),
            sentiments=(self.sentiment,) if self.sentiment else (),
            topic_ids=(self.topic_id,) if self.topic_id is not None else (),
            min_urgency=self.min_urgency,
            has_reply=False if self.unanswered else None,
            spam=self.spam,
        )


def inbox(workspace: Workspace, user: User, filters: InboxFilters) -> QuerySet[PostAnalysis]:
    rows = filter_analyses(workspace, filters.post_filter())
    rows = rows.filter(post__near_duplicate_of__isnull=True).select_related(
        "post__assignment__assignee", "topic"
    )
    if filters.team_id is not None:
        # Through insights a post can appear once per insight: keep one of each.
        rows = rows.filter(
            Exists(Insight.objects.filter(posts=OuterRef("post_id"), team_id=filters.team_id))
        )
    if filters.mine:  # posts assigned to me, and the posts of insights I own
        owned = Insight.objects.filter(posts=OuterRef("post_id"), owner=user)
        rows = rows.filter(Exists(owned) | Q(post__assignment__assignee=user))
    return rows.order_by("-urgency", "-created_at")


def page_of(rows: QuerySet[PostAnalysis], number: int) -> tuple[list[PostAnalysis], bool]:
    """One page and whether another follows, without counting every match (slow at 1M)."""
    start = (max(number, 1) - 1) * PAGE_SIZE
    found = list(rows[start : start + PAGE_SIZE + 1])
    return found[:PAGE_SIZE], len(found) > PAGE_SIZE
