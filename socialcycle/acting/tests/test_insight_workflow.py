"""Insights: supporting posts, status changes with history, honest declines."""

import pytest
from django.db import IntegrityError, transaction

from socialcycle.acting.models import Insight, InsightEvent
from socialcycle.acting.services import attach_posts, change_insight_status, create_insight
from socialcycle.testing.factories import make_post, make_source


def test_attaching_the_same_post_twice_keeps_one_link(cast):
    post = make_post(make_source(cast.workspace))
    insight = create_insight(cast.workspace, kind="idea", title="Sunset scenes")
    assert attach_posts(insight, [post, post]) == 1
    assert attach_posts(insight, [post]) == 0
    assert list(insight.posts.all()) == [post]


def test_posts_of_another_workspace_are_not_attached(cast):
    stranger_post = make_post(make_source(cast.other_workspace))
    insight = create_insight(cast.workspace, kind="idea", title="Sunset scenes")
    assert attach_posts(insight, [stranger_post]) == 0


def test_status_changes_are_recorded_with_who_and_what(cast):
    insight = create_insight(cast.workspace, kind="idea", title="Sunset scenes", by=cast.admin)
    change_insight_status(insight, Insight.Status.PLANNED, by=cast.analyst)
    event = InsightEvent.objects.get(insight=insight, kind="status_changed")
    assert (event.actor, event.before, event.after) == (
        cast.analyst,
        {"status": "new"},
        {"status": "planned"},
    )


def test_declining_needs_a_reason(cast):
    insight = create_insight(cast.workspace, kind="idea", title="Teleporter")
    with pytest.raises(ValueError, match="reason"):
        change_insight_status(insight, Insight.Status.DECLINED, decline_reason="  ")
    insight.refresh_from_db()
    assert insight.status == "new"
    change_insight_status(
        insight,
        Insight.Status.DECLINED,
        decline_reason="Physics",
        decline_alternative="Try the train",
    )
    assert insight.is_closed()


def test_the_database_refuses_a_declined_insight_without_reason(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        Insight.objects.create(workspace=cast.workspace, kind="idea", title="x", status="declined")
