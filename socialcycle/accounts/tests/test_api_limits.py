"""The API counts requests per client address and per account, and answers 429 with
Retry-After past the limit, whatever the token."""

from django.test import Client

from socialcycle.accounts import api_auth
from socialcycle.accounts.tokens import create_api_token


def test_one_account_is_slowed_down_from_any_address(cast, monkeypatch):
    monkeypatch.setattr(api_auth, "PER_ACCOUNT_PER_MINUTE", 3)
    _, secret = create_api_token(cast.workspace, cast.analyst, name="busy", scopes=["read"])
    url = f"/api/v1/workspaces/{cast.workspace.slug}/exports/posts"
    codes = [
        Client(REMOTE_ADDR=f"10.0.5.{n}").get(url, HTTP_AUTHORIZATION=f"Bearer {secret}")
        for n in range(4)
    ]
    assert [response.status_code for response in codes] == [200, 200, 200, 429]
    assert codes[-1]["Retry-After"] == "60"
    assert "account" in codes[-1].json()["detail"]


def test_one_address_guessing_tokens_is_slowed_down(cast, monkeypatch):
    monkeypatch.setattr(api_auth, "PER_ADDRESS_PER_MINUTE", 2)
    url = f"/api/v1/workspaces/{cast.workspace.slug}/exports/posts"
    guess = Client(REMOTE_ADDR="10.0.6.1")
    codes = [
        guess.get(url, HTTP_AUTHORIZATION=f"Bearer sc_{n:08x}_guess").status_code for n in range(3)
    ]
    assert codes == [401, 401, 429]
