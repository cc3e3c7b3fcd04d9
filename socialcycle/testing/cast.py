"""The people every access test starts from: an owner, a colleague, a stranger."""

from __future__ import annotations

from dataclasses import dataclass

from socialcycle.accounts.models import Role, User, Workspace
from socialcycle.testing.factories import make_user, make_workspace


@dataclass(frozen=True)
class Cast:
    workspace: Workspace
    admin: User  # owns the workspace
    analyst: User
    viewer: User
    other_workspace: Workspace
    outsider: User  # admin of the other workspace, nothing in ours


def make_cast() -> Cast:
    workspace = make_workspace("Lumio")
    other = make_workspace("Elsewhere")
    return Cast(
        workspace=workspace,
        admin=make_user("alice", workspace, Role.ADMIN),
        analyst=make_user("bob", workspace, Role.ANALYST),
        viewer=make_user("vera", workspace, Role.VIEWER),
        other_workspace=other,
        outsider=make_user("charlie", other, Role.ADMIN),
    )
