"""Figures that say what they count: people active in the period and filters shown, posts
counted once while they are re-analysed, shares written as sentences, and one colour per
label of each label set."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from socialcycle.acting.models import Insight
from socialcycle.analysis.labels import FEEDBACK_KIND_LABELS
from socialcycle.listening.models import Channel, Participant, Post
from socialcycle.listening.participants import merge_participants
from socialcycle.listening.services import record_posts
from socialcycle.measuring.dashboard import palette, wording
from socialcycle.measuring.dashboard import sections as dashboard
from socialcycle.measuring.dashboard.filters import Scope
from socialcycle.measuring.digest import content, rendering
from socialcycle.measuring.ladder.stages import STAGES
from socialcycle.measuring.tests.rollup_helpers import counted
from socialcycle.measuring.tests.test_dashboard import NOW, said, scope
from socialcycle.responding.measures import LoopClosure
from socialcycle.testing.factories import PASSWORD, incoming, make_source
from socialcycle.understanding.learning import request_reanalysis
from socialcycle.understanding.models import PostAnalysis
from socialcycle.understanding.services import analyse_pending_posts


def heard(source, external_id, author, *, days_ago, text="The hub keeps dropping offline"):
    record_posts(
        source,
        [incoming(external_id, text, author=author, created_at=NOW - timedelta(days=days_ago))],
    )


def test_people_counts_who_posted_in_the_period_not_everyone_ever_heard(cast):
    social = make_source(cast.workspace)
    reviews = make_source(cast.workspace, "Reviews", Channel.REVIEW)
    heard(social, "1", "ann", days_ago=1)
    heard(social, "2", "ann", days_ago=2)
    heard(reviews, "3", "ben", days_ago=3)
    heard(social, "4", "old-timer", days_ago=400)  # an import of an old year
    assert Participant.objects.filter(workspace=cast.workspace).count() == 3
    assert dashboard.overview(scope(cast.workspace)).participants == 2
    assert dashboard.overview(scope(cast.workspace, channel=Channel.REVIEW)).participants == 1
    long_ago = Scope(cast.workspace, NOW - timedelta(days=401), NOW - timedelta(days=399))
    assert dashboard.overview(long_ago).participants == 1


def test_a_person_on_two_channels_counts_once_after_merging(cast):
    social = make_source(cast.workspace)
    reviews = make_source(cast.workspace, "Reviews", Channel.REVIEW)
    heard(social, "1", "ann", days_ago=1)
    heard(reviews, "2", "ann-reviews", days_ago=1)
    assert dashboard.overview(scope(cast.workspace)).participants == 2
    people = Participant.objects.filter(workspace=cast.workspace).order_by("pk")
    merge_participants(people[0], [people[1]])
    assert dashboard.overview(scope(cast.workspace)).participants == 1


def test_the_api_summary_counts_people_of_its_period(client, cast):
    source = make_source(cast.workspace)
    heard(source, "1", "ann", days_ago=1)
    heard(source, "2", "old-timer", days_ago=400)
    client.login(username=cast.viewer.username, password=PASSWORD)
    body = client.get(f"/api/v1/workspaces/{cast.workspace.slug}/summary").json()
    assert (body["posts"], body["participants"]) == (1, 1)


def _figures(workspace):
    counts = dashboard.overview(scope(workspace))
    return counts.posts, counts.analysed, counts.participants


def test_re_analysing_posts_leaves_every_count_unchanged(
    client, cast, django_capture_on_commit_callbacks
):
    source = make_source(cast.workspace)
    with django_capture_on_commit_callbacks(execute=True):
        for n, author in enumerate(["ann", "ben", "cat"]):
            heard(source, str(n), author, days_ago=n + 1)
    Post.objects.create(  # one that waits for its first analysis counts as heard too
        workspace=cast.workspace,
        source=source,
        channel=source.channel,
        external_id="waiting",
        text="not analysed yet",
        created_at=NOW - timedelta(hours=2),
    )
    before = _figures(cast.workspace)
    assert before == (4, 3, 3)
    client.login(username=cast.viewer.username, password=PASSWORD)
    summary_url = f"/api/v1/workspaces/{cast.workspace.slug}/summary"
    api_before = client.get(summary_url).json()

    assert request_reanalysis() == 3  # a retrained model: every analysed post waits again
    assert _figures(cast.workspace) == before
    assert client.get(summary_url).json() == api_before

    assert analyse_pending_posts(batch_size=2) == 2  # half-way through the re-analysis
    assert _figures(cast.workspace) == before
    analyse_pending_posts(batch_size=10)
    counted(cast.workspace)
    assert _figures(cast.workspace) == (4, 4, 3)


def test_shares_are_sentences_with_a_whole_percentage():
    assert wording.loop_sentence(LoopClosure(52, 3, 1)) == "1 of 52 insights closed the loop (2%)"
    assert wording.loop_sentence(LoopClosure(1, 1, 1)) == "1 of 1 insight closed the loop (100%)"
    assert wording.loop_sentence(LoopClosure(0, 0, 0)) == "No insights yet."
    assert wording.percent(1, 300) == "under 1%"
    assert wording.percent(299, 300) == "over 99%"
    assert wording.part_of(1200, 5000, "post", None, "were read") == (
        "1,200 of 5,000 posts were read (24%)"
    )


def test_the_dashboard_and_the_digest_write_loop_closure_as_a_sentence(client, cast):
    said(make_source(cast.workspace), days_ago=1)
    for n in range(52):  # one done, nobody to tell: it closed the loop
        status = "done" if n == 0 else "new"
        Insight.objects.create(workspace=cast.workspace, kind="idea", title=f"{n}", status=status)
    sentence = "1 of 52 insights closed the loop (2%)"
    counted(cast.workspace)
    client.login(username=cast.viewer.username, password=PASSWORD)
    page = client.get(reverse("measuring:home", args=[cast.workspace.slug]))
    assert sentence in page.content.decode()
    week = content.build_digest(cast.workspace, timezone.localdate(NOW) - timedelta(days=1))
    assert sentence in rendering.render_html(week)
    assert sentence in rendering.render_text(week)


def test_every_kind_and_every_stage_has_its_own_colour_and_no_kind_shares_a_stages():
    kinds = set(palette.KIND_COLOURS_BY_LABEL.values())
    stages = {palette.STAGE_COLOURS[stage] for stage in STAGES}
    assert len(kinds) == len(FEEDBACK_KIND_LABELS) + 1  # and "Unclassified"
    assert len(stages) == len(STAGES)
    assert not kinds & stages
    channels = {palette.CHANNEL_COLOURS[channel] for channel in Channel.values}
    assert len(channels) == len(Channel.values)


def test_the_kinds_chart_draws_each_kind_in_its_colour(cast):
    source = make_source(cast.workspace)
    said(source, days_ago=1)  # no kind: "Unclassified"
    for kind in ["idea", "complaint", "praise"]:
        post = said(source, days_ago=2)
        PostAnalysis.objects.filter(post=post).update(primary_kind=kind)
    counted(cast.workspace)
    kinds = dashboard.section(scope(cast.workspace), "kinds")
    assert kinds is not None
    assert kinds.chart is not None
    drawn = {trace["name"]: trace["marker"]["color"] for trace in kinds.chart.figure["data"]}
    assert drawn == {
        label: palette.KIND_COLOURS_BY_LABEL[label]
        for label in ["Idea", "Complaint", "Praise", "Unclassified"]
    }


def test_a_post_moved_by_a_re_import_is_counted_on_its_new_day_only(
    cast, django_capture_on_commit_callbacks
):
    source = make_source(cast.workspace)
    with django_capture_on_commit_callbacks(execute=True):
        heard(source, "1", "ann", days_ago=5)
    assert _figures(cast.workspace) == (1, 1, 1)
    with django_capture_on_commit_callbacks(execute=True):
        heard(source, "1", "ann", days_ago=2)  # the export says it was written later
    assert _figures(cast.workspace) == (1, 1, 1)
    daily = dashboard.daily_series(scope(cast.workspace), "channel", {})
    assert daily.total() == 1
