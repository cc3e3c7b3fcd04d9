"""`socialcycle token`: make an API token for a user (shown once), or revoke one."""

from __future__ import annotations

import argparse

from socialcycle.commands.base import Command
from socialcycle.commands.errors import UserFacingError, setup


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workspace", required=True, help="workspace slug")
    parser.add_argument("--user", help="username the token acts for (to create)")
    parser.add_argument(
        "--scope",
        action="append",
        default=[],
        help="read, posts:write, insights:write or admin; repeat for several",
    )
    parser.add_argument("--name", default="API token", help="what the token is for")
    parser.add_argument("--revoke", metavar="PREFIX", help="revoke the token with this prefix")


def run(args: argparse.Namespace) -> int:
    setup()
    from socialcycle.accounts.models import ApiToken, User, Workspace
    from socialcycle.accounts.tokens import (
        TokenScopeError,
        create_api_token,
        revoke_api_token,
    )

    workspace = Workspace.objects.filter(slug=args.workspace).first()
    if workspace is None:
        raise UserFacingError(f"there is no workspace {args.workspace!r}.")
    if args.revoke:
        token = ApiToken.objects.filter(workspace=workspace, prefix=args.revoke).first()
        if token is None:
            raise UserFacingError(f"no token with prefix {args.revoke!r} in {workspace.slug}.")
        revoke_api_token(token)
        print(f"Revoked {token}.")
        return 0
    user = User.objects.filter(username=args.user or "").first()
    if user is None:
        raise UserFacingError("name an existing user with --user USERNAME.")
    try:
        _, secret = create_api_token(workspace, user, name=args.name, scopes=args.scope or ["read"])
    except TokenScopeError as error:
        raise UserFacingError(str(error)) from None
    print("Keep this token now; it is not shown again:")
    print(secret)
    return 0


COMMAND = Command(
    name="token", help="Create or revoke an API token.", run=run, add_arguments=add_arguments
)
