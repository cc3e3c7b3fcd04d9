"""Error pages look like the rest of the product and lead back to it, and say why."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_unknown_address_gets_a_styled_404_with_a_way_back(client, cast):
    client.force_login(cast.viewer)

    page = client.get("/w/no-such-workspace/posts/")

    assert page.status_code == 404
    body = page.content.decode()
    assert "<h1>Not found</h1>" in body
    assert 'href="/"' in body
    assert "site.css" in body


def test_a_refusal_says_which_role_is_needed(client, cast):
    client.force_login(cast.viewer)
    address = reverse(
        "measuring:export_download", args=[cast.workspace.slug, "participants", "csv"]
    )

    page = client.get(address)

    assert page.status_code == 403
    body = page.content.decode()
    assert "<h1>Not allowed</h1>" in body
    assert "it needs the analyst role" in body


def test_a_failure_on_our_side_gets_a_styled_500(cast, monkeypatch):
    from socialcycle.understanding import views

    def broken(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(views, "render", broken)
    answering = Client(raise_request_exception=False)
    answering.force_login(cast.admin)

    page = answering.get(f"/w/{cast.workspace.slug}/posts/")

    assert page.status_code == 500
    assert "Something went wrong" in page.content.decode()
    assert "a bug" not in page.content.decode()  # nothing of the failure is shown


def test_a_form_sent_without_its_csrf_check_says_what_to_do(cast):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cast.admin)

    page = strict.post(reverse("responding:templates", args=[cast.workspace.slug]), {})

    assert page.status_code == 403
    assert "This form has expired" in page.content.decode()
