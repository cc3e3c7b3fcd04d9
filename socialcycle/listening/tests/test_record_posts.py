from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from socialcycle.listening.models import EngagementEvent, Identity, Participant, Post
from socialcycle.listening.services import record_posts
from socialcycle.testing.factories import incoming, make_source


def test_same_external_id_in_one_source_is_refused_by_the_database(cast):
    source = make_source(cast.workspace)
    now = timezone.now()
    Post.objects.create(
        workspace=cast.workspace,
        source=source,
        channel=source.channel,
        external_id="42",
        text="first",
        created_at=now,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.create(
            workspace=cast.workspace,
            source=source,
            channel=source.channel,
            external_id="42",
            text="second",
            created_at=now,
        )


def test_same_external_id_in_another_source_is_a_different_post(cast):
    first = make_source(cast.workspace, "Chirper")
    second = make_source(cast.workspace, "StarReview")
    record_posts(first, [incoming("42", "hello")])
    record_posts(second, [incoming("42", "hello")])
    assert Post.objects.filter(external_id="42").count() == 2


def test_reimport_updates_instead_of_duplicating(cast):
    source = make_source(cast.workspace)
    first = record_posts(source, [incoming("1", "the hub is great"), incoming("2", "meh")])
    again = record_posts(source, [incoming("1", "the hub is great (edited)")])
    assert (first.created, first.updated) == (2, 0)
    assert (again.created, again.updated) == (0, 1)
    assert Post.objects.get(source=source, external_id="1").text == "the hub is great (edited)"
    assert Post.objects.filter(source=source).count() == 2


def test_one_handle_is_one_participant(cast):
    source = make_source(cast.workspace)
    record_posts(source, [incoming("1", author="sam"), incoming("2", author="sam")])
    record_posts(source, [incoming("3", author="sam"), incoming("4", author="kim")])
    assert Participant.objects.filter(workspace=cast.workspace).count() == 2
    assert Identity.objects.get(handle="sam").participant.posts.count() == 3


def test_replies_are_linked_to_their_parent_and_thread(cast):
    source = make_source(cast.workspace)
    start = timezone.now() - timedelta(hours=3)
    record_posts(
        source,
        [
            incoming("q", "How do I pair the hub?", created_at=start),
            incoming("a1", "Hold the button", parent="q", created_at=start + timedelta(hours=1)),
            incoming("a2", "Thanks!", parent="a1", created_at=start + timedelta(hours=2)),
        ],
    )
    question = Post.objects.get(external_id="q")
    second = Post.objects.get(external_id="a2")
    assert second.parent is not None
    assert second.parent.external_id == "a1"
    assert second.thread_root_id == question.id
    assert question.reply_count == 1


def test_new_posts_are_analysed_once_committed_and_count_as_creation(
    cast, django_capture_on_commit_callbacks
):
    source = make_source(cast.workspace)
    with django_capture_on_commit_callbacks(execute=True):
        record_posts(source, [incoming("1", "I love the hub, works great", author="sam")])
        assert Post.objects.get(external_id="1").analysed_at is None  # not before the commit
    post = Post.objects.get(external_id="1")
    assert post.analysed_at is not None
    assert post.analysis.sentiment == "positive"
    event = EngagementEvent.objects.get(post=post)
    assert (event.stage, event.participant_id) == ("creation", post.author_id)


def test_a_reply_imported_before_its_parent_is_linked_when_the_parent_arrives(cast):
    source = make_source(cast.workspace)
    start = timezone.now() - timedelta(hours=3)
    record_posts(source, [incoming("a1", "Hold the button", parent="q", created_at=start)])
    assert Post.objects.get(external_id="a1").parent is None
    record_posts(source, [incoming("q", "How do I pair?", created_at=start - timedelta(hours=1))])
    reply = Post.objects.get(external_id="a1")
    question = Post.objects.get(external_id="q")
    assert (reply.parent_id, reply.thread_root_id) == (question.id, question.id)
    assert question.reply_count == 1


def test_the_same_post_twice_in_one_batch_is_stored_once(cast):
    source = make_source(cast.workspace)
    result = record_posts(source, [incoming("1", "first copy"), incoming("1", "second copy")])
    assert (result.created, result.updated, result.repeated) == (1, 0, 1)
    assert Post.objects.get(source=source, external_id="1").text == "second copy"
