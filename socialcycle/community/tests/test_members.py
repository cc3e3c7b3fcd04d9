"""Community accounts: sign up, confirm by e-mail (a real SMTP server), sign in."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from socialcycle.community.members import (
    SignUp,
    SignUpError,
    authenticate,
    sign_up,
    verification_token,
    verify,
)
from socialcycle.community.models import Member
from socialcycle.listening.models import Participant
from socialcycle.testing.members import MEMBER_PASSWORD, make_member, signed_in


def _join(client, workspace, handle, email, password=MEMBER_PASSWORD, address="10.0.0.1"):
    return client.post(
        reverse("community:sign-up", args=[workspace.slug]),
        {"handle": handle, "email": email, "password": password},
        REMOTE_ADDR=address,
    )


def test_a_visitor_joins_confirms_by_email_and_is_signed_in(cast, smtp_inbox):
    client = Client()
    response = _join(client, cast.workspace, "dana", "Dana@Example.com")
    assert response.status_code == 200
    assert b"Check your e-mail" in response.content
    member = Member.objects.get(workspace=cast.workspace, handle="dana")
    assert member.email == "dana@example.com"
    assert not member.is_verified
    assert member.password != MEMBER_PASSWORD
    assert member.password.startswith("md5$")
    [message] = smtp_inbox.to("dana@example.com")
    found = re.search(r"http://\S+/verify/\S+/", message.get_content())
    assert found is not None
    link = found.group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_verified
    home = client.get(reverse("community:home", args=[cast.workspace.slug]))
    assert b"dana" in home.content
    assert b"Sign out" in home.content


def test_a_tampered_confirmation_link_is_refused(cast):
    response = Client().get(reverse("community:verify", args=[cast.workspace.slug, "abc:def"]))
    assert response.status_code == 404


def test_sign_up_refuses_a_taken_email_a_bad_name_and_a_weak_password(cast):
    make_member(cast.workspace, "dana")
    with pytest.raises(SignUpError) as taken:
        sign_up(cast.workspace, SignUp("other", "DANA@example.com", MEMBER_PASSWORD))
    assert taken.value.field == "email"
    with pytest.raises(SignUpError) as bad_name:
        sign_up(cast.workspace, SignUp("<script>", "x@example.com", MEMBER_PASSWORD))
    assert bad_name.value.field == "handle"
    with pytest.raises(SignUpError) as weak:
        sign_up(cast.workspace, SignUp("newbie", "n@example.com", "123"))
    assert weak.value.field == "password"


def test_the_same_address_in_another_workspace_is_another_account(cast):
    make_member(cast.workspace, "dana")
    elsewhere = make_member(cast.other_workspace, "dana")
    assert elsewhere.workspace == cast.other_workspace


def test_a_known_email_joins_the_participant_staff_already_know(cast):
    known = Participant.objects.create(
        workspace=cast.workspace, display_name="Dana D.", email="dana@example.com"
    )
    member = make_member(cast.workspace, "dana")
    assert member.participant == known


def test_many_accounts_from_one_address_are_refused(cast, smtp_inbox):
    client = Client()
    codes = [
        _join(client, cast.workspace, f"user{i}", f"user{i}@example.com").status_code
        for i in range(5)
    ]
    assert codes[:3] == [200, 200, 200]
    assert codes[3:] == [429, 429]
    assert Member.objects.filter(workspace=cast.workspace).count() == 3
    assert (
        _join(client, cast.workspace, "u9", "u9@example.com", address="10.0.0.2").status_code == 200
    )


def test_sign_in_needs_the_right_password_and_a_confirmed_email(cast, smtp_inbox):
    make_member(cast.workspace, "dana")
    make_member(cast.workspace, "newbie", verified=False)
    url = reverse("community:sign-in", args=[cast.workspace.slug])
    client = Client()
    wrong = client.post(url, {"email": "dana@example.com", "password": "nope"})
    assert wrong.status_code == 400
    assert b"do not match" in wrong.content
    unconfirmed = client.post(url, {"email": "newbie@example.com", "password": MEMBER_PASSWORD})
    assert unconfirmed.status_code == 400
    assert b"confirm your e-mail" in unconfirmed.content
    assert len(smtp_inbox.to("newbie@example.com")) == 1  # the link is sent again
    right = client.post(
        url,
        {"email": "dana@example.com", "password": MEMBER_PASSWORD, "next": "https://evil.example/"},
    )
    assert right.status_code == 302
    assert right["Location"] == f"/c/{cast.workspace.slug}/"


def test_an_account_that_failed_five_times_is_locked_whoever_tries(cast):
    make_member(cast.workspace, "dana")
    url = reverse("community:sign-in", args=[cast.workspace.slug])
    wrong = {"email": "dana@example.com", "password": "nope"}
    for n in range(4):  # from different addresses: the per-address limit does not apply
        client = Client(REMOTE_ADDR=f"10.0.1.{n}")
        assert b"do not match" in client.post(url, wrong).content
    fifth = Client(REMOTE_ADDR="10.0.1.9").post(url, wrong)
    assert b"locked for 15 minutes" in fifth.content

    right = {"email": "dana@example.com", "password": MEMBER_PASSWORD}
    refused = Client(REMOTE_ADDR="10.0.2.1").post(url, right)
    assert refused.status_code == 400
    assert b"locked for" in refused.content
    other = Client().post(url, {"email": "sam@example.com", "password": "nope"})
    assert b"do not match" in other.content  # only that account


def test_authenticate_checks_the_password_of_this_workspace_only(cast):
    make_member(cast.workspace, "dana")
    assert authenticate(cast.workspace, "dana@example.com", MEMBER_PASSWORD) is not None
    assert authenticate(cast.other_workspace, "dana@example.com", MEMBER_PASSWORD) is None


def test_a_member_session_is_not_a_staff_session(cast):
    client = signed_in(make_member(cast.workspace, "dana"))
    staff_page = client.get(reverse("measuring:home", args=[cast.workspace.slug]))
    assert staff_page.status_code == 302  # to the staff sign-in page
    other_community = client.get(reverse("community:settings", args=[cast.other_workspace.slug]))
    assert other_community.status_code == 302  # not a member there


def test_settings_turn_email_off_and_on(cast):
    member = make_member(cast.workspace, "dana")
    client = signed_in(member)
    url = reverse("community:settings", args=[cast.workspace.slug])
    client.post(url, {"email_on_reply": "on"})
    member.refresh_from_db()
    member.participant.refresh_from_db()
    assert member.participant.email_opt_out
    assert member.email_on_reply
    client.post(url, {"email_on_status": "on"})
    member.refresh_from_db()
    member.participant.refresh_from_db()
    assert not member.participant.email_opt_out
    assert not member.email_on_reply


def test_an_unknown_community_is_404(db):
    assert Client().get(reverse("community:home", args=["nowhere"])).status_code == 404


def test_an_unconfirmed_sign_up_cannot_hold_someone_elses_address(cast, smtp_inbox):
    squatter = sign_up(cast.workspace, SignUp("squatter", "dana@example.com", MEMBER_PASSWORD))
    first_link = verification_token(squatter)
    # Dana signs up with her own address and password: she is not refused, she takes over.
    dana = sign_up(cast.workspace, SignUp("dana", "dana@example.com", "dana's own secret 99"))
    assert dana.pk == squatter.pk
    assert dana.handle == "dana"
    assert verify(cast.workspace, first_link) is None  # made for the squatter's password
    assert authenticate(cast.workspace, "dana@example.com", MEMBER_PASSWORD) is None
    assert verify(cast.workspace, verification_token(dana)) == dana
    with pytest.raises(SignUpError):  # once confirmed, the address is hers
        sign_up(cast.workspace, SignUp("late", "dana@example.com", MEMBER_PASSWORD))
