"""Renaming Response to Reply (migration responding 0008) keeps every reply and template."""

from datetime import UTC, datetime

import pytest

from socialcycle.testing.migrations import migrate

BEFORE = ("responding", "0007_post_assignment")


@pytest.mark.django_db(transaction=True)
def test_replies_and_templates_survive_the_rename():
    old = migrate(BEFORE)
    try:
        _store_old_rows(old)
        new = migrate()
    finally:
        migrate()
    reply = new.get_model("responding", "Reply").objects.get()
    assert reply.text == "On its way"
    assert new.get_model("responding", "ReplyTemplate").objects.get().body == "Thanks {name}!"
    post = new.get_model("listening", "Post").objects.get()
    assert list(post.staff_replies.all()) == [reply]


def _store_old_rows(old) -> None:
    workspace = old.get_model("accounts", "Workspace").objects.create(name="Lumio", slug="lumio")
    source = old.get_model("listening", "Source").objects.create(
        workspace=workspace, name="Forum", channel="forum"
    )
    post = old.get_model("listening", "Post").objects.create(
        workspace=workspace,
        source=source,
        channel="forum",
        external_id="p1",
        text="Where is my parcel?",
        created_at=datetime(2026, 12, 1, 9, tzinfo=UTC),
    )
    old.get_model("responding", "Response").objects.create(
        workspace=workspace, post=post, text="On its way"
    )
    old.get_model("responding", "ResponseTemplate").objects.create(
        workspace=workspace, name="Thanks", body="Thanks {name}!"
    )
