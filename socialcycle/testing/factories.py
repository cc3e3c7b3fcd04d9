"""Small functions that make valid objects, so a test reads as a story."""

from __future__ import annotations

from datetime import datetime
from itertools import count
from typing import Any

from django.utils import timezone

from socialcycle.accounts.models import Role, User, Workspace
from socialcycle.accounts.services import add_member, create_staff_user, create_workspace
from socialcycle.listening.incoming import IncomingPost
from socialcycle.listening.models import Channel, Post, Source
from socialcycle.listening.services import create_source, record_posts

PASSWORD = "correct horse battery staple"
_serial = count(1)


def make_workspace(name: str = "Acme") -> Workspace:
    number = next(_serial)
    return create_workspace(name=name, slug=f"{name.lower().replace(' ', '-')}-{number}")


def make_user(username: str, workspace: Workspace | None = None, role: str = Role.VIEWER) -> User:
    user = create_staff_user(username=username, password=PASSWORD, email=f"{username}@example.com")
    if workspace is not None:
        add_member(workspace, user, role)
    return user


def make_source(
    workspace: Workspace, name: str = "Chirper export", channel: str = Channel.SOCIAL
) -> Source:
    return create_source(workspace, name=name, channel=channel)


def incoming(
    external_id: str,
    text: str = "I love the new dashboard",
    *,
    author: str = "sam",
    created_at: datetime | None = None,
    parent: str = "",
) -> IncomingPost:
    return IncomingPost(
        external_id=external_id,
        text=text,
        created_at=created_at or timezone.now(),
        author_handle=author,
        parent_external_id=parent,
    )


def make_post(
    source: Source, external_id: str = "1", text: str = "I love it", **kwargs: Any
) -> Post:
    record_posts(source, [incoming(external_id, text, **kwargs)])
    return Post.objects.get(source=source, external_id=external_id)
