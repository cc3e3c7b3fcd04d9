"""Posts by erased people are left out of every intake and counted as withheld."""

from socialcycle.listening.erasures import erased_among, handle_digest, remember_erased
from socialcycle.listening.models import ErasedHandle, Identity, Post
from socialcycle.listening.services import record_posts
from socialcycle.testing.factories import incoming, make_source


def test_a_remembered_handle_is_found_whatever_its_case_and_only_on_its_channel(cast):
    workspace_id = cast.workspace.pk
    handles = [("social", "Sam"), ("social", "sam"), ("review", "")]
    assert remember_erased(workspace_id, handles) == 1
    assert erased_among(workspace_id, "social", ["SAM", "sam ", "kim"]) == {"SAM", "sam "}
    assert erased_among(workspace_id, "review", ["sam"]) == set()
    assert remember_erased(workspace_id, [("social", "SAM")]) == 0


def test_only_a_digest_of_the_handle_is_kept(cast):
    remember_erased(cast.workspace.pk, [("social", "sam.the.customer")])
    (kept,) = ErasedHandle.objects.values_list("digest", flat=True)
    assert "sam" not in kept
    assert kept == handle_digest(cast.workspace.pk, "social", "Sam.The.Customer")


def test_the_digest_depends_on_the_workspace(cast):
    remember_erased(cast.workspace.pk, [("social", "sam")])
    assert erased_among(cast.other_workspace.pk, "social", ["sam"]) == set()


def test_recording_leaves_out_erased_authors_and_keeps_everyone_else(cast):
    source = make_source(cast.workspace)
    remember_erased(cast.workspace.pk, [("social", "sam")])
    result = record_posts(
        source,
        [incoming("1", author="sam"), incoming("2", author="kim"), incoming("3", author="Sam")],
    )
    assert (result.created, result.withheld_ids) == (1, ["1", "3"])
    assert list(Post.objects.values_list("external_id", flat=True)) == ["2"]
    assert list(Identity.objects.values_list("handle", flat=True)) == ["kim"]


def test_a_batch_of_erased_authors_only_stores_nothing(cast):
    source = make_source(cast.workspace)
    remember_erased(cast.workspace.pk, [("social", "sam")])
    result = record_posts(source, [incoming("1", author="sam")])
    assert (result.created, result.withheld, result.post_ids) == (0, 1, [])
    assert not Post.objects.exists()
