"""Community accounts: sign up with e-mail verification, sign in, notification settings.

A member is signed in to one workspace's community through its own session key, so a
staff session and a member session never stand for each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from socialcycle.accounts.models import Workspace
from socialcycle.community.models import Member
from socialcycle.lib.errors import DomainError
from socialcycle.lib.urls import absolute
from socialcycle.listening.models import Channel, Identity, Participant

VERIFY_SALT = "socialcycle.community.verify"
VERIFY_MAX_AGE = 3 * 24 * 3600
HANDLE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{1,39}$")


@cache
def _dummy_hash() -> str:
    """A hash to check an unknown e-mail's password against: any check_password costs the
    same, so a wrong e-mail and a wrong password look alike. Made on first use (hashing
    costs a quarter second, paid at every process start when made on import)."""
    return make_password("not a real password")


class SignUpError(DomainError):
    """Why a sign-up was refused, in words for the person signing up (field: message)."""

    code = "sign_up"
    field: str

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field=field)


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
    existing = Member.objects.filter(workspace=workspace, email__iexact=email).first()
    if existing is not None and existing.is_verified:
        raise SignUpError("email", "An account with this e-mail address already exists.")
    taken = Member.objects.filter(workspace=workspace, handle__iexact=handle)
    names = Identity.objects.filter(
        workspace=workspace, channel=Channel.COMMUNITY, handle__iexact=handle
    )
    if existing is not None:
        taken, names = (
            taken.exclude(pk=existing.pk),
            names.exclude(participant=existing.participant),
        )
    if taken.exists() or names.exists():
        raise SignUpError("handle", "This name is taken; please choose another.")
    if existing is not None:
        return _restart_sign_up(existing, handle, form.password, address)
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


def _restart_sign_up(member: Member, handle: str, password: str, address: str | None) -> Member:
    """Signing up again with the address of an account nobody confirmed yet starts over.

    Whoever signed up first never proved the address, so they must not keep it: the
    newest sign-up's name and password replace theirs, and their confirmation link stops
    working (it carries a fingerprint of the password it was made for).
    """
    with transaction.atomic():
        Identity.objects.filter(
            participant=member.participant, channel=Channel.COMMUNITY, handle=member.handle
        ).update(handle=handle)
        member.handle = handle
        member.password = make_password(password)
        member.signup_address = address
        member.save(update_fields=["handle", "password", "signup_address"])
    return member


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
    payload = {"m": member.pk, "e": member.email, "p": _fingerprint(member)}
    return signing.dumps(payload, salt=VERIFY_SALT, compress=True)


def _fingerprint(member: Member) -> str:
    """Changes whenever the password does, so a link made for another password is void."""
    return salted_hmac(VERIFY_SALT, member.password).hexdigest()[:16]


def send_verification(member: Member) -> None:
    link = absolute(
        reverse("community:verify", args=[member.workspace.slug, verification_token(member)])
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
    if member is None or member.email != data.get("e") or data.get("p") != _fingerprint(member):
        return None
    if member.email_verified_at is None:
        member.email_verified_at = timezone.now()
        member.save(update_fields=["email_verified_at"])
    return member


def authenticate(workspace: Workspace, email: str, password: str) -> Member | None:
    member = Member.objects.filter(workspace=workspace, email__iexact=email.strip()).first()
    if member is None:
        check_password(password, _dummy_hash())
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
