"""One person across channels: merge suggestions and merging."""

import pytest
from django.utils import timezone

from socialcycle.accounts.models import AuditEvent
from socialcycle.community.models import Vote
from socialcycle.community.services import record_votes
from socialcycle.listening.models import Identity, Participant, Post
from socialcycle.listening.participants import MergeError, merge_participants, suggest_merges
from socialcycle.listening.services import participant_for_handle, record_posts
from socialcycle.testing.factories import incoming, make_post, make_source

# Uploads and problems files go to the test's own folder (the listening tests' rule).
pytestmark = pytest.mark.usefixtures("private_data_dir")


def person(cast, channel, handle, email=""):
    return participant_for_handle(cast.workspace, channel=channel, handle=handle, email=email)


def test_the_same_email_on_two_channels_suggests_a_merge(cast):
    chirper = person(cast, "social", "maria_k", email="Maria@Example.com")
    forum = person(cast, "community", "mariak", email="maria@example.com ")
    person(cast, "social", "kim", email="kim@example.com")
    participant_for_handle(
        cast.other_workspace, channel="social", handle="m", email="maria@example.com"
    )
    (suggestion,) = suggest_merges(cast.workspace)
    assert suggestion.reason == "same e-mail address"
    assert set(suggestion.participants) == {chirper, forum}


def test_a_shared_customer_id_suggests_a_merge(cast):
    first, second = person(cast, "social", "a"), person(cast, "support", "b")
    Participant.objects.filter(pk__in=[first.pk, second.pk]).update(customer_id="C-1001")
    assert [s.reason for s in suggest_merges(cast.workspace)] == ["same customer id"]


def test_merging_moves_identities_posts_and_votes(cast):
    social, community = (
        make_source(cast.workspace),
        make_source(cast.workspace, "Forum", "community"),
    )
    record_posts(social, [incoming("s1", author="maria_k")])
    record_posts(community, [incoming("c1", author="mariak")])
    idea = make_post(community, "idea", author="someone")
    keep = Identity.objects.get(handle="maria_k").participant
    other = Identity.objects.get(handle="mariak").participant
    now = timezone.now()
    record_votes([(idea, keep, now), (idea, other, now)])

    merge_participants(keep, [other], by=cast.analyst)

    assert set(keep.identities.values_list("handle", flat=True)) == {"maria_k", "mariak"}
    assert set(Post.objects.filter(author=keep).values_list("external_id", flat=True)) == {
        "s1",
        "c1",
    }
    assert Vote.objects.filter(post=idea).count() == 1
    assert Vote.objects.get(post=idea).participant == keep
    other.refresh_from_db()
    assert other.merged_into == keep
    assert suggest_merges(cast.workspace) == []
    event = AuditEvent.objects.get(action="merge_participants")
    assert (event.actor, event.after) == (cast.analyst, {"into": keep.pk})


def test_participants_of_two_workspaces_cannot_merge(cast):
    ours = person(cast, "social", "a")
    theirs = participant_for_handle(cast.other_workspace, channel="social", handle="a")
    with pytest.raises(MergeError, match="different workspaces"):
        merge_participants(ours, [theirs])
    theirs.refresh_from_db()
    assert theirs.merged_into is None
