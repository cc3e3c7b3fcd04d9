"""/admin/ signs in only through the staff sign-in page, with its lockout and rate limit:
the admin's own form, which checked passwords without either, takes none."""

import pytest

from socialcycle.testing.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def make_root():
    user = make_user("root")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_the_admin_login_sends_people_to_the_staff_sign_in_and_checks_no_password(client):
    make_root()

    for _ in range(3):
        tried = client.post("/admin/login/", {"username": "root", "password": PASSWORD})
        assert tried.status_code == 302
        assert tried["Location"] == "/accounts/login/?next=/admin/"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_a_staff_member_signed_in_on_the_staff_page_reaches_the_admin(client):
    make_root()

    signed = client.post(
        "/accounts/login/?next=/admin/", {"username": "root", "password": PASSWORD}
    )

    assert signed.status_code == 302
    assert signed["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_wrong_passwords_lock_the_account_for_the_admin_too(client):
    make_root()
    for _ in range(6):
        client.post("/accounts/login/", {"username": "root", "password": "wrong"})

    client.post("/accounts/login/", {"username": "root", "password": PASSWORD})

    assert client.get("/admin/").status_code == 302  # locked: not signed in
