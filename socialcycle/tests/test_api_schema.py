"""schemathesis against the API's own OpenAPI schema: generated requests never get a
5xx, and every response has a status code, content type and body the schema declares."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis import checks

from socialcycle.accounts.tokens import create_api_token
from socialcycle.testing.cast import Cast
from socialcycle.testing.world import furnish
from socialcycle.wsgi import application

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


# Loaded as collection starts (Django is set up by then): one test per operation.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture(autouse=True)
def requests_keep_the_connection() -> Iterator[None]:
    """As with Django's own test client, requests to the WSGI app in-process leave the
    database connection open: it holds the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def admin_credentials(cast: Cast) -> dict[str, Any]:
    """A token with every scope and a signed-in session, both of the workspace's admin,
    in a workspace with a post, an analysis, an insight and people to export."""
    furnish(cast.workspace, cast.admin, "fuzz")
    _, secret = create_api_token(
        cast.workspace, cast.admin, name="fuzz", scopes=["read", "posts:write", "admin"]
    )
    staff = Client()
    staff.force_login(cast.admin)
    return {
        "slug": cast.workspace.slug,
        "headers": {"Authorization": f"Bearer {secret}"},
        "cookies": {"sessionid": staff.cookies["sessionid"].value},
    }


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=30,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_generated_request_is_answered_as_the_schema_says(
    case: Any, admin_credentials: dict[str, Any]
) -> None:
    if "slug" in (case.path_parameters or {}):
        case.path_parameters["slug"] = admin_credentials["slug"]
    case.call_and_validate(
        headers=admin_credentials["headers"],
        cookies=admin_credentials["cookies"],
        checks=CHECKS,
    )
