"""A person's data: exported whole on request, or erased (posts deleted or kept without
anything that names them), with a record that it happened and nothing left in exports."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import AuditEvent
from socialcycle.community.models import Member, Vote
from socialcycle.listening.models import Identity, Participant, Post
from socialcycle.measuring.dashboard import rollups
from socialcycle.measuring.exports import catalogue, streams
from socialcycle.measuring.tests.test_dashboard import scope
from socialcycle.privacy.models import ErasureRecord
from socialcycle.privacy.services import erase_participant, participant_data
from socialcycle.responding.models import Reply
from socialcycle.testing.factories import make_post, make_source
from socialcycle.testing.members import make_member
from socialcycle.understanding.models import PostAnalysis
from socialcycle.understanding.queries import PostFilter


@pytest.fixture
def dana(cast):
    """Dana: a community member who also posted on social, and a second record merged in."""
    member = make_member(cast.workspace, "dana")
    person = member.participant
    social = make_source(cast.workspace, "Chirper")
    post = make_post(
        social, "s1", "I am dana, the hub keeps failing like Danalux's, mail dana@example.com"
    )
    Post.objects.filter(pk=post.pk).update(
        author=person, url="https://chirper.example/dana/1", raw={"user": "dana"}
    )
    old = Participant.objects.create(workspace=cast.workspace, display_name="Dana D.")
    Participant.objects.filter(pk=old.pk).update(merged_into=person)
    older = make_post(social, "s2", "Dana D. again: still failing")
    Post.objects.filter(pk=older.pk).update(author=old)
    Reply.objects.create(workspace=cast.workspace, post=post, text="Sorry dana, we are on it")
    idea = make_post(make_source(cast.workspace, "Forum", "community"), "c1", "Dark mode")
    Vote.objects.create(
        workspace=cast.workspace, post=idea, participant=person, created_at=idea.created_at
    )
    other = make_post(social, "s3", "Someone else entirely", author="sam")
    return person, [post.pk, older.pk], other


def test_the_export_holds_everything_about_the_person_and_nothing_else(cast, dana):
    person, their_posts, other = dana
    data = participant_data(person)
    assert sorted(post["id"] for post in data["posts"]) == sorted(their_posts)
    assert other.pk not in [post["id"] for post in data["posts"]]
    assert data["participant"]["merged_records"] != []
    assert {i["handle"] for i in data["identities"]} >= {"dana"}
    assert data["community_accounts"][0]["email"] == "dana@example.com"
    assert "password" not in json.dumps(data["community_accounts"])
    assert len(data["votes"]) == 1
    replies = [reply["text"] for post in data["posts"] for reply in post["replies"]]
    assert replies == ["Sorry dana, we are on it"]


def test_anonymising_keeps_the_posts_but_nothing_that_names_the_person(cast, dana):
    person, their_posts, other = dana
    record = erase_participant(person, mode="anonymise", by=cast.admin, reason="asked by e-mail")

    kept = Post.objects.filter(pk__in=their_posts)
    assert kept.count() == 2
    for post in kept:
        assert (post.author_id, post.author_handle, post.url, post.raw) == (None, "", "", {})
    assert "Dana D." not in kept.get(external_id="s2").text
    assert kept.get(external_id="s1").text == (
        "I am [removed], the hub keeps failing like Danalux's, mail [removed]"
    )
    assert Reply.objects.get().text == "Sorry [removed], we are on it"
    assert not Participant.objects.filter(display_name__icontains="dana").exists()
    assert not Identity.objects.filter(handle="dana").exists()
    assert not Member.objects.exists()
    assert not Vote.objects.exists()
    assert Post.objects.get(pk=other.pk).author_handle == "sam"  # nobody else touched
    assert (record.mode, record.counts["posts"], record.counts["records"]) == ("anonymise", 2, 2)
    event = AuditEvent.objects.get(action="erase participant")
    assert "dana" not in json.dumps(event.after).lower()


def test_after_erasure_no_export_names_the_person(cast, dana):
    person, _, _ = dana
    erase_participant(person, mode="anonymise", by=cast.admin)
    filters = PostFilter()
    everything = "".join(
        "".join(streams.stream(export, cast.workspace, filters, catalogue.Format.JSONL))
        for export in catalogue.EXPORTS.values()
    ).lower()
    assert not re.search(r"\bdana\b|dana d\.|dana@example\.com", everything)
    assert "sam" in everything


def test_erasure_takes_the_person_out_of_the_audit_log_and_keeps_who_did_what(cast, dana):
    person, _, _ = dana
    said = {"text": "Sorry Dana, write to dana@example.com", "tags": ["dana", "hub"], "n": 2}
    record_change(cast.workspace, cast.analyst, AuditAction.REPLY, "post", 1, after=said)
    renamed = {"name": "Danalux hub"}
    record_change(cast.workspace, cast.admin, AuditAction.RENAME_TOPIC, "topic", 2, after=renamed)

    record = erase_participant(person, mode="delete", by=cast.admin)

    reply = AuditEvent.objects.get(action="reply")
    assert reply.after == {
        "text": "Sorry [removed], write to [removed]",
        "tags": ["[removed]", "hub"],
        "n": 2,
    }
    assert (reply.actor, reply.object_id) == (cast.analyst, "1")
    assert AuditEvent.objects.get(action="rename topic").after == renamed
    assert record.counts["audit_entries_scrubbed"] == 1


def test_deleting_removes_the_posts_and_recounts_the_dashboard(
    cast, dana, django_capture_on_commit_callbacks
):
    person, their_posts, _ = dana
    for post in Post.objects.filter(pk__in=their_posts):
        PostAnalysis.objects.create(
            post=post,
            workspace=cast.workspace,
            created_at=post.created_at,
            sentiment="negative",
            sentiment_score=-0.5,
            analysed_at=post.created_at,
        )
    rollups.bring_up_to_date(cast.workspace)
    assert rollups.total(scope(cast.workspace)) == 2

    with django_capture_on_commit_callbacks(execute=True):
        erase_participant(person, mode="delete", by=cast.admin)

    assert not Post.objects.filter(pk__in=their_posts).exists()
    assert not PostAnalysis.objects.exists()
    assert rollups.total(scope(cast.workspace)) == 0


def admin_client(cast):
    client = Client()
    client.force_login(cast.admin)
    return client


def test_an_admin_downloads_the_data_and_erases_from_the_page(cast, dana):
    person, _, _ = dana
    client = admin_client(cast)
    download = client.get(reverse("privacy:data", args=[cast.workspace.slug, person.pk]))
    assert download["Content-Type"] == "application/json"
    assert json.loads(download.content)["participant"]["email"] == person.email
    page_url = reverse("privacy:person", args=[cast.workspace.slug, person.pk])
    assert b"Download everything" in client.get(page_url).content

    unconfirmed = client.post(page_url, {"mode": "delete"})
    assert unconfirmed.status_code == 400
    assert Participant.objects.filter(pk=person.pk).exists()
    done = client.post(page_url, {"mode": "delete", "confirm": "on", "reason": "request 12"})
    assert done.status_code == 302
    assert not Participant.objects.filter(pk=person.pk).exists()
    listed = client.get(reverse("privacy:erasures", args=[cast.workspace.slug]))
    assert b"request 12" in listed.content
    assert ErasureRecord.objects.get().erased_by == cast.admin
    assert client.get(page_url).status_code == 404  # nobody left to show
