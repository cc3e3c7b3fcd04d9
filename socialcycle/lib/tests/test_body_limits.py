"""Oversized request bodies get 413 naming the limit, before anything reads them."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_page_form_over_its_limit_gets_413_and_an_upload_is_left_to_its_form(
    client, cast, settings
):
    settings.PAGE_MAX_BODY_BYTES = 1_000
    client.force_login(cast.admin)
    url = f"/w/{cast.workspace.slug}/posts/"

    response = client.post(
        url, "q=" + "x" * 2_000, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 413
    assert "the limit is 1,000 bytes (PAGE_MAX_BODY_BYTES)" in response.content.decode()
    upload = client.post(url, {"q": "x" * 2_000})  # multipart, as a file upload is
    assert upload.status_code != 413


def test_the_api_answers_json_and_a_body_within_the_limit_passes(client, settings):
    settings.API_MAX_BODY_BYTES = 100

    over = client.post("/api/v1/posts", "x" * 200, content_type="application/json")
    within = client.post("/api/v1/posts", "{}", content_type="application/json")

    assert over.status_code == 413
    assert over.json()["detail"].startswith("The request body is 200 bytes; the limit is 100")
    assert within.status_code == 401  # read and judged as usual: no token
