"""The demo dataset stored through the product's own services."""

from datetime import UTC, datetime

import pytest
from django.db.models import Count

from socialcycle.accounts.models import AuditEvent, TrackedName, Workspace
from socialcycle.acting.models import Insight
from socialcycle.community.models import Contribution, Vote
from socialcycle.demo.community import reset_member_login
from socialcycle.demo.generator import generate_demo_dataset
from socialcycle.demo.load import load_demo, refresh_product_names
from socialcycle.listening.models import EngagementEvent, Post
from socialcycle.measuring.alerts.detection import check_history
from socialcycle.understanding.models import PostAnalysis

END = datetime(2026, 6, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def dataset():
    return generate_demo_dataset(seed=3, end=END)


def test_the_demo_lands_whole_and_analysed(db, dataset, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workspace = load_demo(dataset, slug="demo-test")

    posts = Post.objects.filter(workspace=workspace)
    assert posts.count() == len(dataset.posts)
    assert set(posts.values_list("channel", flat=True)) == {
        "social",
        "review",
        "app_store",
        "community",
    }
    assert PostAnalysis.objects.filter(workspace=workspace).count() == len(dataset.posts)
    assert Vote.objects.filter(workspace=workspace).count() == len(dataset.votes)
    top = (
        Vote.objects.filter(workspace=workspace)
        .values("post__external_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert top is not None
    assert top["post__external_id"] == dataset.popular_idea_external_id
    stages = set(
        EngagementEvent.objects.filter(workspace=workspace).values_list("stage", flat=True)
    )
    assert stages == {"creation", "curation"}
    replies = posts.filter(parent__isnull=False).count()
    assert replies == sum(1 for post in dataset.posts if post.parent_external_id)


def test_the_planted_stories_become_insights(db, dataset, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workspace = load_demo(dataset, slug="demo-test")
    insights = {insight.kind: insight for insight in Insight.objects.filter(workspace=workspace)}
    assert insights["idea"].status == "planned"
    assert insights["early_warning"].status == "done"
    assert insights["competitive"].status == "acknowledged"
    outage_posts = insights["early_warning"].posts.all()
    assert outage_posts.count() == sum(1 for post in dataset.posts if post.story == "outage")
    negative = outage_posts.filter(analysis__sentiment="negative").count()
    assert negative / outage_posts.count() > 0.6


def test_the_planted_outage_is_found_in_the_demos_history_and_nothing_else(
    db, dataset, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workspace = load_demo(dataset, slug="demo-test")

    found = check_history(workspace, now=END)

    assert found, "the outage raised no alert"
    assert {alert.hour.date() for alert in found} <= set(dataset.outage_days)
    assert {alert.scope_label for alert in found} >= {"Lumio Hub"}
    assert all(alert.from_history for alert in found)


def test_the_community_threads_become_ideas_and_questions(db, dataset):
    workspace = load_demo(dataset, slug="demo-test")
    community = Post.objects.filter(workspace=workspace, channel="community")
    contributions = Contribution.objects.filter(workspace=workspace)
    assert contributions.count() == community.count()
    popular = contributions.get(post__external_id=dataset.popular_idea_external_id)
    assert popular.type == "idea"
    types = set(contributions.values_list("type", flat=True))
    assert {"idea", "question", "answer", "comment"} <= types
    for reply in contributions.filter(type__in=["answer", "comment"]).select_related("post"):
        parent_type = contributions.get(pk=reply.post.thread_root_id or reply.post.parent_id).type
        assert parent_type == ("question" if reply.type == "answer" else "idea")
    assert contributions.filter(type="answer", accepted_at__isnull=False).exists()
    member = reset_member_login(workspace, "a fresh demo password 1")
    assert member.is_verified
    assert member.participant.posts.filter(channel="community").exists()
    # Shown under the name their posts already carry, not a made-up one.
    assert member.participant.posts.filter(author_handle=member.handle).exists()
    assert reset_member_login(workspace, "another fresh password 2").pk == member.pk


def test_an_older_demo_stops_listening_for_the_app(db):
    workspace = Workspace.objects.create(name="Lumio", slug="lumio-old")
    TrackedName.objects.create(
        workspace=workspace, kind="product", name="Lumio App", aliases=["the app"]
    )
    assert refresh_product_names(workspace) == 1
    app = TrackedName.objects.get(workspace=workspace, name="Lumio App")
    assert "the app" not in app.aliases
    assert AuditEvent.objects.filter(workspace=workspace, object_type="tracked_name").exists()
    assert refresh_product_names(workspace) == 0


def test_the_demo_has_staff_replies_and_a_public_roadmap(db, dataset):
    from socialcycle.responding import measures, roadmap
    from socialcycle.responding.models import Reply

    workspace = load_demo(dataset, slug="demo-test")

    replies = Reply.objects.filter(workspace=workspace)
    assert replies.count() >= 10
    waits = [(r.created_at - r.post.created_at).total_seconds() / 3600 for r in replies]
    assert min(waits) > 0
    assert sorted(waits)[len(waits) // 2] <= 6  # most within hours, as a team answering
    times = measures.first_response_times(workspace, END.replace(year=2025))
    assert any(rows for rows in times.values())
    planned = [entry.insight.title for entry in roadmap.roadmap(workspace)["planned"]]
    shipped = [entry.insight.title for entry in roadmap.changelog(workspace)]
    assert len(planned) == 1
    assert shipped == ["Lumio Hub cloud outage"]
