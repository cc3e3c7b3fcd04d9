"""Community accounts: sign up with e-mail verification, sign in, notification settings.

A member is signed in to one workspace's community through its own session key, so a
staff session and a member session never stand for each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from socialcycle.accounts.models import Workspace
from socialcycle.community.models import Member
from socialcycle.listening.models import Channel, Identity, Participant

VERIFY_SALT = "socialcycle.community.verify"
VERIFY_MAX_AGE = 3 * 24 * 3600
HANDLE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{1,39}$")
# Any check_password run costs the same, so a wrong e-mail and a wrong password look alike.
_DUMMY_HASH = make_password("not a real password")


class SignUpError(ValueError):
    """Why a sign-up was refused, in words for the person signing up (field: message)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class SignUp:
    handle: str
    email: str
    password: str


def session_key(workspace: Workspace) -> str:
    return f"community_member:{workspace.pk}"


def sign_up(workspace: Workspace, form: SignUp, address: str | None = None) -> Member:
    """Create an unverified member (and their participant); the caller sends the e-mail.

    An e-mail address staff already know from another channel joins that participant, so
    the person's history follows them into the community.
    """
    handle, email = form.handle.strip(), form.email.strip().lower()
    if not HANDLE.match(handle):
        raise SignUpError(
            "handle", "Use 2-40 letters, digits, dots, dashes or underscores for your name."
        )
    try:
        validate_password(form.password)
    except ValidationError as error:
        raise SignUpError("password", " ".join(error.messages)) from None
    if Member.objects.filter(workspace=workspace, email__iexact=email).exists():
        raise SignUpError("email", "An account with this e-mail address already exists.")
    if Member.objects.filter(workspace=workspace, handle__iexact=handle).exists() or (
        Identity.objects.filter(
            workspace=workspace, channel=Channel.COMMUNITY, handle__iexact=handle
        ).exists()
    ):
        raise SignUpError("handle", "This name is taken; please choose another.")
    try:
        with transaction.atomic():
            participant = _participant_for(workspace, handle, email)
            Identity.objects.create(
                workspace=workspace,
                participant=participant,
                channel=Channel.COMMUNITY,
                handle=handle,
            )
            return Member.objects.create(
                workspace=workspace,
                participant=participant,
                handle=handle,
                email=email,
                password=make_password(form.password),
                signup_address=address,
            )
    except IntegrityError:  # the same name or address, a moment ago
        raise SignUpError("email", "An account with this e-mail or name already exists.") from None


def _participant_for(workspace: Workspace, handle: str, email: str) -> Participant:
    known = (
        Participant.objects.filter(
            workspace=workspace, email__iexact=email, merged_into__isnull=True
        )
        .exclude(member__isnull=False)
        .order_by("pk")
        .first()
    )
    if known is not None:
        return known
    return Participant.objects.create(workspace=workspace, display_name=handle, email=email)


def verification_token(member: Member) -> str:
    return signing.dumps({"m": member.pk, "e": member.email}, salt=VERIFY_SALT, compress=True)


def send_verification(member: Member) -> None:
    link = settings.SITE_URL + reverse(
        "community:verify", args=[member.workspace.slug, verification_token(member)]
    )
    EmailMessage(
        subject=f"Confirm your e-mail for the {member.workspace.name} community",
        body=(
            f"Hello {member.handle},\n\nPlease confirm your e-mail address to start posting:\n"
            f"{link}\n\nThe link works for three days. If you did not sign up, ignore this."
        ),
        to=[member.email],
    ).send()


def verify(workspace: Workspace, token: str) -> Member | None:
    """Mark the member of a valid, unexpired token verified; None for a bad token."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.BadSignature:
        return None
    member = Member.objects.filter(pk=data.get("m"), workspace=workspace).first()
    if member is None or member.email != data.get("e"):
        return None
    if member.email_verified_at is None:
        member.email_verified_at = timezone.now()
        member.save(update_fields=["email_verified_at"])
    return member


def authenticate(workspace: Workspace, email: str, password: str) -> Member | None:
    member = Member.objects.filter(workspace=workspace, email__iexact=email.strip()).first()
    if member is None:
        check_password(password, _DUMMY_HASH)
        return None
    return member if check_password(password, member.password) else None


def sign_in(request: HttpRequest, member: Member) -> None:
    request.session.cycle_key()  # a new session id at sign-in (no session fixation)
    request.session[session_key(member.workspace)] = member.pk
    member.last_sign_in_at = timezone.now()
    member.save(update_fields=["last_sign_in_at"])


def sign_out(request: HttpRequest, workspace: Workspace) -> None:
    request.session.pop(session_key(workspace), None)


def current_member(request: HttpRequest, workspace: Workspace) -> Member | None:
    pk = request.session.get(session_key(workspace))
    if pk is None:
        return None
    return (
        Member.objects.select_related("participant", "workspace")
        .filter(pk=pk, workspace=workspace)
        .first()
    )


def update_settings(member: Member, *, email_on_status: bool, email_on_reply: bool) -> None:
    member.email_on_reply = email_on_reply
    member.save(update_fields=["email_on_reply"])
    participant = member.participant
    participant.email_opt_out = not email_on_status
    participant.save(update_fields=["email_opt_out"])
