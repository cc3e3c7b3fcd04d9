"""An erasure holds when the person's posts arrive again: re-imports, feeds and the intake
API leave them out, while everyone else's posts in the same file are stored."""

import pytest

from socialcycle.accounts.tokens import create_api_token
from socialcycle.community.posting import Draft, post_contribution
from socialcycle.listening.models import Identity, Participant, Post
from socialcycle.listening.reports import summary
from socialcycle.listening.tests.import_helpers import HEADER, run_import, write
from socialcycle.privacy.models import ErasureRecord
from socialcycle.privacy.services import erase_participant
from socialcycle.testing.factories import make_source
from socialcycle.testing.members import make_member

FIRST_EXPORT = HEADER + (
    "t1,Sam here: the hub keeps dropping,2026-05-01T10:00:00Z,sam\n"
    "t2,Works fine for me,2026-05-01T11:00:00Z,kim\n"
)
LATER_EXPORT = FIRST_EXPORT + (
    "t3,Sam again: still dropping,2026-05-02T10:00:00Z,SAM\nt4,Kim again,2026-05-02T11:00:00Z,kim\n"
)


def sam(workspace):
    return Identity.objects.get(workspace=workspace, handle="sam").participant


@pytest.fixture
def imported(cast, tmp_path):
    source = make_source(cast.workspace, "Chirper export")
    run_import(source, write(tmp_path, "first.csv", FIRST_EXPORT))
    return source


@pytest.mark.parametrize("mode", ErasureRecord.Mode.values)
def test_importing_the_export_again_does_not_bring_the_person_back(cast, tmp_path, imported, mode):
    record = erase_participant(sam(cast.workspace), mode=mode, by=cast.admin)
    assert record.counts["handles_withheld"] == 1

    run = run_import(imported, write(tmp_path, "later.csv", LATER_EXPORT))

    assert (run.created, run.updated, run.withheld) == (1, 1, 2)
    assert "2 withheld (their authors were erased)" in summary(run)
    assert not Identity.objects.filter(handle__iexact="sam").exists()
    assert list(Participant.objects.values_list("display_name", flat=True)) == ["kim"]
    kept = Post.objects.filter(source=imported)
    assert sorted(kept.values_list("external_id", flat=True)) == (
        ["t1", "t2", "t4"] if mode == "anonymise" else ["t2", "t4"]
    )
    if mode == "anonymise":
        # The anonymised copy is not updated back into a post with an author.
        assert kept.filter(external_id="t1", author=None, author_handle="").exists()


def test_the_intake_api_says_which_posts_were_withheld(client, cast, imported):
    erase_participant(sam(cast.workspace), mode="delete", by=cast.admin)
    _, secret = create_api_token(cast.workspace, cast.analyst, name="bot", scopes=["posts:write"])
    posts = [
        {"external_id": "a1", "text": "again", "created_at": "2026-05-03T10:00:00Z"},
        {"external_id": "a2", "text": "me", "created_at": "2026-05-03T10:00:00Z"},
    ]
    posts[0]["author_handle"], posts[1]["author_handle"] = "sam", "kim"
    answer = client.post(
        "/api/v1/posts",
        {"source": imported.name, "posts": posts},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    ).json()
    assert (answer["created"], answer["withheld"]) == (1, 1)
    assert [item["status"] for item in answer["results"]] == ["withheld", "created"]
    assert answer["results"][0]["field"] == "author_handle"
    assert not Post.objects.filter(external_id="a1").exists()


def test_an_erased_member_who_signs_up_again_can_post(cast):
    member = make_member(cast.workspace, "dana")
    erase_participant(member.participant, mode="delete", by=cast.admin)

    again = make_member(cast.workspace, "dana")
    contribution = post_contribution(again, Draft(type="idea", title="Dark mode", text="Please"))

    assert contribution.post.author == again.participant
