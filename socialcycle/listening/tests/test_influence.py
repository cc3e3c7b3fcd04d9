"""Influence from audience and from what others curate; shares recorded as curation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from socialcycle.listening.influence import influence_score, refresh_influence
from socialcycle.listening.models import EngagementEvent, Identity, Participant, Post
from socialcycle.listening.services import record_posts
from socialcycle.listening.tasks import refresh_influence as refresh_task
from socialcycle.testing.factories import incoming, make_source

ORIGINAL = "The new hub firmware fixed every pairing problem I had, thank you Lumio team!"


def participant(handle):
    return Identity.objects.get(handle=handle).participant


def test_the_score_grows_with_audience_and_curation_and_stays_within_0_and_100():
    assert influence_score(0, 0) == 0.0
    assert influence_score(100, 0) < influence_score(10_000, 0) < influence_score(10**6, 0)
    assert influence_score(0, 5) < influence_score(0, 500)
    assert influence_score(10**9, 10**9) == 100.0
    assert influence_score(10**6, 0) == 50.0


def test_refresh_orders_people_by_reach_and_by_what_others_curate(cast):
    source = make_source(cast.workspace)
    record_posts(
        source,
        [
            incoming("1", "Our router keeps dropping the connection", author="famous"),
            incoming("2", "Dark mode please, my eyes hurt at night", author="loved"),
            incoming("3", "Nothing to say really about anything", author="quiet"),
        ],
    )
    Identity.objects.filter(handle="famous").update(audience=50_000)
    loved_post = Post.objects.get(external_id="2")
    Post.objects.filter(pk=loved_post.pk).update(likes=40, shares=10)
    voters = Participant.objects.bulk_create(
        [Participant(workspace=cast.workspace, display_name=f"v{n}") for n in range(5)]
    )
    EngagementEvent.objects.bulk_create(
        [
            EngagementEvent(
                workspace=cast.workspace,
                participant=voter,
                stage=EngagementEvent.Stage.CURATION,
                action="vote:idea",
                post=loved_post,
                occurred_at=timezone.now(),
            )
            for voter in voters
        ]
    )
    # The author's own vote on their post is not others' curation.
    EngagementEvent.objects.create(
        workspace=cast.workspace,
        participant=participant("quiet"),
        stage=EngagementEvent.Stage.CURATION,
        action="vote:idea",
        post=Post.objects.get(external_id="3"),
        occurred_at=timezone.now(),
    )
    assert refresh_influence(cast.workspace) == 2
    famous, loved, quiet = (participant(h) for h in ("famous", "loved", "quiet"))
    assert famous.influence == influence_score(50_000, 0)
    assert loved.influence == influence_score(0, 55)
    assert quiet.influence == 0.0
    assert famous.influence > loved.influence > quiet.influence
    assert refresh_influence(cast.workspace) == 0  # nothing changed, nothing written


def test_the_hourly_task_covers_every_workspace_and_only_its_own_people(cast):
    record_posts(make_source(cast.workspace), [incoming("1", "hello there", author="a")])
    record_posts(make_source(cast.other_workspace), [incoming("1", "hello there", author="b")])
    Identity.objects.update(audience=1000)
    assert refresh_task() == 2
    assert set(Participant.objects.values_list("influence", flat=True)) == {
        influence_score(1000, 0)
    }


@pytest.fixture
def shared(cast):
    """A post by `maker`, then a retweet by `fan` and a self-repost by `maker`."""
    source = make_source(cast.workspace)
    earlier = timezone.now() - timedelta(hours=2)
    record_posts(source, [incoming("1", ORIGINAL, author="maker", created_at=earlier)])
    record_posts(
        source,
        [
            incoming("2", f"RT @maker: {ORIGINAL}", author="fan"),
            incoming("3", ORIGINAL + " (again)", author="maker"),
        ],
    )
    return source


def test_a_copy_of_someone_elses_post_is_a_share_not_a_creation(shared):
    fan_events = EngagementEvent.objects.filter(participant=participant("fan"))
    (share,) = fan_events
    original, copy = Post.objects.get(external_id="1"), Post.objects.get(external_id="2")
    assert (share.stage, share.action, share.post) == ("curation", "share", original)
    assert share.details == {"copy_post_id": copy.pk}
    assert share.occurred_at == copy.created_at


def test_a_copy_of_ones_own_post_stays_a_creation(shared):
    assert Post.objects.get(external_id="3").near_duplicate_of == Post.objects.get(external_id="1")
    maker_events = EngagementEvent.objects.filter(participant=participant("maker"))
    assert sorted(maker_events.values_list("stage", "action")) == [
        ("creation", "post"),
        ("creation", "post"),
    ]


def test_a_share_counts_towards_the_original_authors_influence(shared, cast):
    refresh_influence(cast.workspace)
    assert participant("maker").influence == influence_score(0, 1)
    assert participant("fan").influence == 0.0
