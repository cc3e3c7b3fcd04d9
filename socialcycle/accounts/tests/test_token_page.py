"""The API tokens page: a token is shown once, works with the scopes chosen (never more
than the role allows), shows when it was last used, and stops working when revoked;
only its owner or an admin may revoke it; every change is in the audit log."""

import re

from django.test import Client
from django.urls import reverse

from socialcycle.accounts.models import ApiToken, AuditEvent
from socialcycle.accounts.tokens import create_api_token


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def make_on_the_page(client, workspace, name, scopes):
    url = reverse("workspace:tokens", args=[workspace.slug])
    return client.post(url, {"name": name, "scopes": scopes})


def test_a_token_is_shown_once_and_works_with_its_scope(cast):
    client = signed_in(cast.analyst)
    page = make_on_the_page(client, cast.workspace, "Shop import", ["read"])
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    shown = re.search(rb'data-testid="secret">(sc_[^<]+)<', page.content)
    assert shown is not None
    secret = shown.group(1).decode()

    token = ApiToken.objects.get(name="Shop import")
    assert token.secret_hash not in page.content.decode()
    assert (
        secret
        not in client.get(reverse("workspace:tokens", args=[cast.workspace.slug])).content.decode()
    )
    exports = f"/api/v1/workspaces/{cast.workspace.slug}/exports/posts"
    assert Client().get(exports, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    listed = client.get(reverse("workspace:tokens", args=[cast.workspace.slug])).content.decode()
    assert f"sc_{token.prefix}_" in listed
    assert "never" not in listed.split(f'id="token-{token.pk}"')[1].split("</tr>")[0]


def test_a_viewer_cannot_give_a_token_more_than_the_role_allows(cast):
    page = make_on_the_page(signed_in(cast.viewer), cast.workspace, "Sneaky", ["posts:write"])
    assert page.status_code == 400
    assert not ApiToken.objects.filter(name="Sneaky").exists()


def test_revoking_stops_the_token_and_is_audited(cast):
    token, secret = create_api_token(cast.workspace, cast.analyst, name="old", scopes=["read"])
    client = signed_in(cast.analyst)
    revoke = reverse("workspace:revoke-token", args=[cast.workspace.slug, token.pk])
    assert client.post(revoke).status_code == 302
    exports = f"/api/v1/workspaces/{cast.workspace.slug}/exports/posts"
    assert Client().get(exports, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    actions = list(
        AuditEvent.objects.filter(object_id=str(token.pk)).values_list("action", "actor")
    )
    assert actions == [("create API token", cast.analyst.pk), ("revoke API token", cast.analyst.pk)]
    assert secret not in str(list(AuditEvent.objects.values("before", "after")))


def test_only_the_owner_or_an_admin_revokes_a_token(cast):
    token, _ = create_api_token(cast.workspace, cast.analyst, name="theirs", scopes=["read"])
    revoke = reverse("workspace:revoke-token", args=[cast.workspace.slug, token.pk])
    assert signed_in(cast.viewer).post(revoke).status_code == 404
    assert signed_in(cast.outsider).post(revoke).status_code == 404
    viewer_page = signed_in(cast.viewer).get(
        reverse("workspace:tokens", args=[cast.workspace.slug])
    )
    assert b"theirs" not in viewer_page.content
    assert (
        b"theirs"
        in signed_in(cast.admin)
        .get(reverse("workspace:tokens", args=[cast.workspace.slug]))
        .content
    )
    assert signed_in(cast.admin).post(revoke).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
