"""Inviting people into a workspace by e-mail, and their joining through the link."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from socialcycle.accounts.audit import record_change
from socialcycle.accounts.audit_actions import AuditAction
from socialcycle.accounts.models import Invitation, Membership, Role, User, Workspace
from socialcycle.accounts.services import add_member
from socialcycle.lib.errors import DomainError
from socialcycle.lib.urls import absolute

VALID_FOR = timedelta(days=7)


class InvitationError(DomainError):
    """An invitation that cannot be sent or used, said as a sentence."""

    code = "invitation"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def invite(workspace: Workspace, email: str, role: str, *, by: User) -> Invitation:
    """E-mail `email` a link to join `workspace` as `role`; earlier open invitations to
    the same address are replaced."""
    email = email.strip().lower()
    if role not in Role.values:
        raise InvitationError(f"{role!r} is not a role.")
    if Membership.objects.filter(workspace=workspace, user__email__iexact=email).exists():
        raise InvitationError(f"{email} is a member already.")
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        Invitation.objects.filter(
            workspace=workspace, email=email, accepted_at=None, revoked_at=None
        ).update(revoked_at=timezone.now())
        invitation = Invitation.objects.create(
            workspace=workspace,
            email=email,
            role=role,
            secret_hash=_digest(secret),
            invited_by=by,
            expires_at=timezone.now() + VALID_FOR,
        )
        record_change(
            workspace,
            by,
            AuditAction.INVITE,
            "invitation",
            invitation.pk,
            after={"email": email, "role": role},
        )
    link = absolute(reverse("invitation", args=[secret]))
    EmailMessage(
        subject=f"{by.get_username()} invites you to {workspace.name} on socialcycle",
        body=(
            f"Hello,\n\n{by.get_username()} invites you to join {workspace.name} on "
            f"socialcycle as {Role(role).label.lower()}.\n\nJoin here (the link works for "
            f"seven days, once):\n{link}\n\nIf you did not expect this, ignore it."
        ),
        to=[email],
    ).send()
    return invitation


def find_open(secret: str) -> Invitation | None:
    """The open invitation of a link's secret, or None (unknown, used, revoked, expired)."""
    found = (
        Invitation.objects.select_related("workspace").filter(secret_hash=_digest(secret)).first()
    )
    return found if found is not None and found.is_open else None


def accept(invitation: Invitation, user: User) -> Membership:
    """Join the invited workspace with the invited role, once."""
    if user.email.strip().lower() != invitation.email:
        raise InvitationError(
            f"this invitation is for {invitation.email}; sign in with that account."
        )
    with transaction.atomic():
        claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at=None).update(
            accepted_at=timezone.now(), accepted_by=user
        )
        if not claimed:
            raise InvitationError("this invitation has been used already.")
        existing = Membership.objects.filter(workspace=invitation.workspace, user=user).first()
        role = invitation.role
        if existing is not None and Role.rank(existing.role) > Role.rank(role):
            role = existing.role  # an invitation never lowers a role
        membership = add_member(invitation.workspace, user, role)
        record_change(
            invitation.workspace,
            user,
            AuditAction.ACCEPT_INVITATION,
            "membership",
            membership.pk,
            after={"user": user.username, "role": role, "invitation": invitation.pk},
        )
    return membership


def create_account_and_accept(invitation: Invitation, username: str, password: str) -> User:
    """A new staff account for the invited address, joined at once."""
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username=username, email=invitation.email, password=password
            )
            accept(invitation, user)
    except IntegrityError:
        raise InvitationError(f"the user name {username!r} is taken; choose another.") from None
    return user


def change_role(membership: Membership, role: str, *, by: User) -> None:
    """Give a member another role; the last admin of a workspace stays an admin."""
    if role not in Role.values:
        raise InvitationError(f"{role!r} is not a role.")
    if membership.role == Role.ADMIN and role != Role.ADMIN and _admins(membership) == 1:
        raise InvitationError("a workspace keeps at least one admin.")
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    record_change(
        membership.workspace,
        by,
        AuditAction.CHANGE_ROLE,
        "membership",
        membership.pk,
        before={"user": membership.user.username, "role": before},
        after={"user": membership.user.username, "role": role},
    )


def remove_member(membership: Membership, *, by: User) -> None:
    if membership.role == Role.ADMIN and _admins(membership) == 1:
        raise InvitationError("a workspace keeps at least one admin.")
    record_change(
        membership.workspace,
        by,
        AuditAction.REMOVE_MEMBER,
        "membership",
        membership.pk,
        before={"user": membership.user.username, "role": membership.role},
    )
    membership.delete()


def _admins(membership: Membership) -> int:
    return Membership.objects.filter(workspace=membership.workspace, role=Role.ADMIN).count()
