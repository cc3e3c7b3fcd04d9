"""Every page and API route is guarded by one of the access decorators (or API auth
classes), and docs/security.md's permission table says what the code does."""

import re
from pathlib import Path

from socialcycle.accounts.api_auth import Anyone, ScopedToken, StaffSession
from socialcycle.lib.access import access_of
from socialcycle.testing.routes import all_routes

SECURITY_DOC = Path(__file__).resolve().parents[3] / "docs" / "security.md"
# django-ninja's own index of /api/: it answers 404 and shows nothing.
FRAMEWORK_VIEWS = {"api:api-root"}


def test_every_page_is_served_by_a_guarded_view():
    unguarded = [
        f"{route.pattern} ({route.name})"
        for route in all_routes()
        if route.api_operations is None
        and route.name not in FRAMEWORK_VIEWS
        and access_of(route.view) is None
    ]
    assert unguarded == [], "pages served by a view no access decorator made"


def test_every_api_route_names_who_may_call_it():
    found = 0
    for route in all_routes():
        path_view = route.api_operations
        if path_view is None:
            continue
        for operation in path_view.operations:
            found += 1
            guards = operation.auth_callbacks
            assert guards, f"{route.pattern} {operation.methods} has no auth"
            assert all(isinstance(g, ScopedToken | StaffSession | Anyone) for g in guards)
    assert found >= 7


def test_the_permission_table_lists_every_page_with_its_roles():
    documented = _documented_rows()
    for route in all_routes():
        access = access_of(route.view)
        if access is None:
            continue
        row = documented.get(route.name)
        assert row is not None, f"{route.name} ({route.pattern}) is missing in docs/security.md"
        assert row == (access.audience, access.read_role or "-", access.write_role or "-"), (
            f"docs/security.md says {row} for {route.name}; the code says {access}"
        )


def _documented_rows():
    """`| name | path | audience | read | write | …` rows of the pages table."""
    rows = {}
    for line in SECURITY_DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 5 and re.fullmatch(r"[a-z_-]+:[a-z_-]+|[a-z_-]+", cells[0]):
            rows[cells[0]] = (cells[2], cells[3], cells[4])
    return rows
