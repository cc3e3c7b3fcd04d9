"""Writes of the accounts app: workspaces, people and their roles."""

from __future__ import annotations

from django.db import transaction

from socialcycle.accounts.models import Membership, Role, TrackedName, User, Workspace


def create_workspace(*, name: str, slug: str, description: str = "") -> Workspace:
    return Workspace.objects.create(name=name, slug=slug, description=description)


def add_member(workspace: Workspace, user: User, role: str = Role.VIEWER) -> Membership:
    """Give `user` a role in `workspace`, replacing any role they had there."""
    membership, _ = Membership.objects.update_or_create(
        user=user, workspace=workspace, defaults={"role": role}
    )
    return membership


def track_name(
    workspace: Workspace, *, kind: str, name: str, aliases: list[str] | tuple[str, ...] = ()
) -> TrackedName:
    """Listen for a product, brand, competitor or keyword (idempotent on kind + name)."""
    tracked, _ = TrackedName.objects.update_or_create(
        workspace=workspace, kind=kind, name=name, defaults={"aliases": list(aliases)}
    )
    return tracked


@transaction.atomic
def create_staff_user(
    *, username: str, password: str, email: str = "", is_superuser: bool = False
) -> User:
    """Create a user who can sign in; superusers may also use the Django admin."""
    if is_superuser:
        return User.objects.create_superuser(username=username, email=email, password=password)
    return User.objects.create_user(username=username, email=email, password=password)
