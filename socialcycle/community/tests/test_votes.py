"""Votes: one per person and post, each one a curation step on the ladder."""

from django.utils import timezone

from socialcycle.community.models import Vote
from socialcycle.community.services import record_votes
from socialcycle.listening.models import EngagementEvent
from socialcycle.listening.services import participant_for_handle
from socialcycle.testing.factories import make_post, make_source


def test_a_person_votes_once_per_post(cast):
    idea = make_post(make_source(cast.workspace, "Community", "community"), "idea-1")
    kim = participant_for_handle(cast.workspace, channel="community", handle="kim")
    now = timezone.now()
    assert record_votes([(idea, kim, now), (idea, kim, now)]) == 1
    assert record_votes([(idea, kim, now)]) == 0
    assert Vote.objects.filter(post=idea).count() == 1
    event = EngagementEvent.objects.get(participant=kim)
    assert (event.stage, event.action, event.post) == ("curation", "vote:idea", idea)


def test_the_same_handle_is_the_same_participant(cast):
    first = participant_for_handle(cast.workspace, channel="community", handle="kim")
    again = participant_for_handle(cast.workspace, channel="community", handle="kim")
    elsewhere = participant_for_handle(cast.workspace, channel="social", handle="kim")
    assert first == again
    assert first != elsewhere
