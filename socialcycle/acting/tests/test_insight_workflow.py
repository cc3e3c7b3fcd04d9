"""Insights: supporting posts, status changes with history, honest declines."""

import pytest
from django.db import IntegrityError, transaction

from socialcycle.acting import workflow
from socialcycle.acting.models import Insight, InsightEvent, Webhook, WebhookDelivery
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


def test_a_change_to_the_same_status_changes_nothing(cast, django_capture_on_commit_callbacks):
    insight = create_insight(cast.workspace, kind="idea", title="Sunset scenes")
    Webhook.objects.create(
        workspace=cast.workspace,
        url="https://hooks.example/x",
        events=[Webhook.Event.INSIGHT_STATUS_CHANGED],
    )
    change_insight_status(insight, Insight.Status.PLANNED, by=cast.analyst)
    changed_at = insight.status_changed_at
    with django_capture_on_commit_callbacks() as wake_ups:
        change_insight_status(insight, Insight.Status.PLANNED, by=cast.analyst)

    assert InsightEvent.objects.filter(insight=insight, kind="status_changed").count() == 1
    assert insight.status_changed_at == changed_at
    assert WebhookDelivery.objects.count() == 1  # the first change's, none for the second
    assert wake_ups == []  # nobody is told again


def test_declining_again_with_a_new_reason_keeps_it_without_telling_anyone(
    cast, django_capture_on_commit_callbacks
):
    insight = create_insight(cast.workspace, kind="idea", title="Sunset scenes")
    change_insight_status(insight, "declined", decline_reason="Not this year")
    with django_capture_on_commit_callbacks() as wake_ups:
        change_insight_status(insight, "declined", decline_reason="Not on our plan for 2027")

    insight.refresh_from_db()
    assert insight.decline_reason == "Not on our plan for 2027"
    assert InsightEvent.objects.filter(insight=insight, kind="status_changed").count() == 2
    assert wake_ups == []


def test_showing_publicly_and_renaming_are_their_own_kinds_of_history(cast):
    insight = create_insight(cast.workspace, kind="idea", title="Sunset scenes")
    workflow.set_public(insight, True, by=cast.analyst)
    workflow.set_public(insight, True, by=cast.analyst)  # already shown: nothing to record
    workflow.rename(insight, "Scenes at sunset", by=cast.analyst)
    workflow.assign_owner(insight, None, by=cast.analyst)  # no owner before either

    kinds = list(insight.events.order_by("pk").values_list("kind", "before", "after"))
    assert kinds == [
        ("created", None, None),
        ("published", {"is_public": False}, {"is_public": True}),
        ("renamed", {"title": "Sunset scenes"}, {"title": "Scenes at sunset"}),
    ]
