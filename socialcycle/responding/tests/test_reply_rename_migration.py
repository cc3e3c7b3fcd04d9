"""Renaming Response to Reply (migration responding 0008) keeps every reply and template."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("responding", "0007_post_assignment")


def _migrate(responding_at: tuple[str, str] | None = None):
    """Every app at its newest migration, responding at `responding_at` if given."""
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    targets = [node for node in leaves if responding_at is None or node[0] != "responding"]
    if responding_at is not None:
        targets.append(responding_at)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_replies_and_templates_survive_the_rename():
    old = _migrate(BEFORE)
    try:
        _store_old_rows(old)
        new = _migrate()
    finally:
        _migrate()
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
