"""Staff sign-in: the right password signs in; five failures lock the account for
everyone; one address cannot hammer the page."""

from django.test import Client
from django.urls import reverse

from socialcycle.testing.factories import PASSWORD

URL = reverse("accounts:login")


def attempt(username, password, address="10.0.0.1"):
    return Client(REMOTE_ADDR=address).post(URL, {"username": username, "password": password})


def test_the_right_password_signs_in_and_lands_in_the_workspace(cast):
    response = attempt(cast.analyst.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_five_failures_lock_the_account_from_any_address(cast):
    for n in range(4):
        response = attempt(cast.analyst.username, "wrong", f"10.0.1.{n}")
        assert b"do not match an account" in response.content
    fifth = attempt(cast.analyst.username, "wrong", "10.0.1.9")
    assert b"locked for 15 minutes" in fifth.content

    refused = attempt(cast.analyst.username, PASSWORD, "10.0.2.1")
    assert refused.status_code == 200  # the form again, with the reason
    assert b"locked for" in refused.content
    assert "_auth_user_id" not in refused.wsgi_request.session
    assert attempt(cast.viewer.username, PASSWORD).status_code == 302  # only that account


def test_unknown_names_are_locked_the_same_way(cast):
    for _ in range(5):
        response = attempt("nobody-here", "guess")
    assert b"locked for 15 minutes" in response.content


def test_a_success_forgets_earlier_failures(cast):
    for _ in range(4):
        attempt(cast.analyst.username, "wrong")
    assert attempt(cast.analyst.username, PASSWORD).status_code == 302
    for _ in range(4):
        response = attempt(cast.analyst.username, "wrong")
    assert b"locked" not in response.content


def test_one_address_is_slowed_down(cast):
    client = Client(REMOTE_ADDR="10.0.3.1")
    codes = [client.get(URL).status_code for _ in range(21)]
    assert codes[:20] == [200] * 20
    assert codes[20] == 429
    assert Client(REMOTE_ADDR="10.0.3.2").get(URL).status_code == 200
