"""Changing tracked names finds them again in recent posts: mentions and entities are
rewritten in the background, older posts are left alone, and the dashboard's mention
rollups follow."""

from datetime import timedelta

from django.utils import timezone

from socialcycle.accounts.models import TrackedName, Workspace
from socialcycle.accounts.workspaces import NameSpec, save_tracked_name
from socialcycle.listening.services import record_posts
from socialcycle.measuring.dashboard import rollups
from socialcycle.measuring.models import MentionDailyCount
from socialcycle.testing.factories import incoming, make_source
from socialcycle.understanding import redetection
from socialcycle.understanding.models import PostAnalysis, PostMention
from socialcycle.understanding.redetection import redetect_mentions
from socialcycle.understanding.services import analyse_pending_posts

TEXTS = {
    "ordinary": "the app keeps logging me out, please fix it",
    "named": "Updated Lumio App today and the App is great",
    "old": "the app was slow back then",
}


def mentioned(workspace):
    return {
        (m.analysis.post.external_id, m.name)
        for m in PostMention.objects.filter(workspace=workspace).select_related("analysis__post")
    }


def set_up(workspace):
    tracked = TrackedName.objects.create(
        workspace=workspace, kind="product", name="Lumio App", aliases=["the app"]
    )
    source = make_source(workspace, "Tweets")
    now = timezone.now()
    record_posts(
        source,
        [
            incoming("ordinary", TEXTS["ordinary"], created_at=now - timedelta(days=2)),
            incoming("named", TEXTS["named"], created_at=now - timedelta(days=3)),
            incoming("old", TEXTS["old"], created_at=now - timedelta(days=200)),
        ],
    )
    analyse_pending_posts(100)
    return tracked


def test_making_a_name_case_sensitive_takes_it_out_of_ordinary_posts(
    cast, settings, django_capture_on_commit_callbacks
):
    settings.REDETECT_DAYS = 90
    tracked = set_up(cast.workspace)
    assert mentioned(cast.workspace) == {
        ("ordinary", "Lumio App"),
        ("named", "Lumio App"),
        ("old", "Lumio App"),
    }
    rollups.bring_up_to_date(cast.workspace)
    before = sum(
        MentionDailyCount.objects.filter(workspace=cast.workspace).values_list("n", flat=True)
    )
    assert before == 3

    # Tests run tasks right after the commit: the re-detection and the recount happen here.
    with django_capture_on_commit_callbacks(execute=True):
        save_tracked_name(
            cast.workspace,
            by=cast.admin,
            kind="product",
            spec=NameSpec("Lumio App", ("App",), case_sensitive=True),
            tracked=tracked,
        )

    # The 200-day-old post is outside the window and keeps what it had.
    assert mentioned(cast.workspace) == {("named", "Lumio App"), ("old", "Lumio App")}
    named = PostAnalysis.objects.get(post__external_id="named")
    spans = [(e["name"], TEXTS["named"][e["start"] : e["end"]]) for e in named.entities]
    assert spans == [("Lumio App", "Lumio App"), ("Lumio App", "App")]
    after = sum(
        MentionDailyCount.objects.filter(workspace=cast.workspace).values_list("n", flat=True)
    )
    assert after == 2
    assert Workspace.objects.get(pk=cast.workspace.pk).names_changed_at is None


def test_a_change_arriving_during_a_run_keeps_the_workspace_marked(cast, monkeypatch):
    tracked = set_up(cast.workspace)
    save_tracked_name(
        cast.workspace, by=cast.admin, kind="product", spec=NameSpec("Lumio App"), tracked=tracked
    )  # its task waits for a commit that never comes in this test: run by hand below
    store = redetection._store

    def store_while_someone_changes_names(fresh):
        Workspace.objects.filter(pk=cast.workspace.pk).update(
            names_changed_at=timezone.now() + timedelta(seconds=1)
        )
        return store(fresh)

    monkeypatch.setattr(redetection, "_store", store_while_someone_changes_names)
    # "the app" is no alias any more: the ordinary post loses its mention, the named one a span
    assert redetect_mentions(cast.workspace.pk) == 2
    assert Workspace.objects.get(pk=cast.workspace.pk).names_changed_at is not None
    monkeypatch.setattr(redetection, "_store", store)
    assert redetect_mentions(cast.workspace.pk) == 0  # found already; the mark is cleared
    assert Workspace.objects.get(pk=cast.workspace.pk).names_changed_at is None
    assert redetect_mentions(cast.workspace.pk) == 0
    assert mentioned(cast.workspace) == {("named", "Lumio App"), ("old", "Lumio App")}
