"""The authorisation matrix: every staff page and every API route, requested by every role
of the workspace, by an admin of another workspace, with another workspace's objects and
signed out, answers as its declared access says: allowed (a page, a redirect or a form
error), 403 below the role, 404 for a stranger."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from socialcycle.accounts.models import ApiToken, Role
from socialcycle.accounts.tokens import SCOPE_ROLES, create_api_token
from socialcycle.lib.access import STAFF, access_of
from socialcycle.testing.factories import make_user
from socialcycle.testing.routes import all_routes
from socialcycle.testing.world import furnish

ROLES = [Role.VIEWER, Role.RESPONDER, Role.ANALYST, Role.ADMIN]
STAFF_ROUTES = [r for r in all_routes() if getattr(access_of(r.view), "audience", "") == STAFF]
# Pages about a particular kind of community post take that post as their post_id.
POST_OF_KIND = {
    "community:manage-idea": "idea",
    "community:promote-tip": "answer",
    "community:staff-accept-answer": "answer",
    "community:moderate": "idea",
}
# What a page needs besides its URL to show something: the form field naming an object,
# or the upload that the user's own session started.
POST_DATA = {
    "community:select-testimonial": lambda objects: {"post": objects["review"]},
    "workspace:members": lambda objects: {"invite": "", "email": "new@example.com"},
}
SESSION = {
    "listening:preview": lambda objects: {
        f"upload:{objects['token']}": {
            "source": objects["source_id"],
            "format": "csv",
            "mapping": None,
        }
    }
}
OBJECT_KEYWORD = re.compile(r"_id$|^token$|^handle$")
# Objects each user may only touch when they are theirs: made for the user who asks.
OWN_OBJECTS = {"workspace:revoke-token": "token_id"}


def own_object(workspace, user):
    token, _ = create_api_token(workspace, user, name="mine", scopes=["read"])
    return {"token_id": token.pk}


ALLOWED = {"get": {200, 302}, "post": {200, 302, 400}}


def keywords(pattern):
    return re.findall(r"<(?:\w+:)?(\w+)>", pattern)


def url_for(route, slug, objects):
    kwargs = {"slug": slug}
    for name in keywords(route.pattern):
        if name != "slug":
            kwargs[name] = objects[
                POST_OF_KIND.get(route.name, name) if name == "post_id" else name
            ]
    return reverse(route.name, kwargs=kwargs)


def status(user, method, url, route=None, objects=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    if route is not None and route.name in SESSION:
        session = client.session
        session.update(SESSION[route.name](objects))
        session.save()
    data = POST_DATA[route.name](objects) if route is not None and route.name in POST_DATA else {}
    return (
        getattr(client, method)(url, data).status_code
        if method == "post"
        else (client.get(url).status_code)
    )


@pytest.fixture
def world(cast):
    people = {role: make_user(f"{role}-in-lumio", cast.workspace, role) for role in ROLES}
    own = furnish(cast.workspace, cast.admin, "a")
    theirs = furnish(cast.other_workspace, cast.outsider, "b")
    return people, own, theirs


@pytest.mark.parametrize("route", STAFF_ROUTES, ids=lambda route: route.name)
def test_a_staff_page_answers_each_role_and_each_stranger(route, cast, world):
    people, own, _ = world
    access = access_of(route.view)
    assert access is not None
    url = url_for(route, cast.workspace.slug, own)
    for method in ("get", "post"):
        if status(people[Role.ADMIN], method, url) == 405:
            continue  # the page does not take this method, whoever asks
        needed = access.role_for(method)
        for role, user in people.items():
            mine = url
            if route.name in OWN_OBJECTS:
                mine = url_for(
                    route, cast.workspace.slug, {**own, **own_object(cast.workspace, user)}
                )
            got = status(user, method, mine, route, own)
            if Role.rank(role) >= Role.rank(needed):
                assert got in ALLOWED[method], f"{method} {url} as {role}: {got}"
            else:
                assert got == 403, f"{method} {url} as {role} (needs {needed}): {got}"
        assert status(cast.outsider, method, url) == 404, f"{method} {url} as a stranger"
        if any(OBJECT_KEYWORD.search(name) for name in keywords(route.pattern)):
            # Their own workspace with our objects: as unknown as our workspace.
            crossed = url_for(route, cast.other_workspace.slug, own)
            assert status(cast.outsider, method, crossed) == 404, f"{method} {crossed}"
    anonymous = Client().get(url)
    assert anonymous.status_code in (302, 405)
    if anonymous.status_code == 302:
        assert anonymous["Location"].startswith(reverse("accounts:login"))


# The API ------------------------------------------------------------------------------
def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def tokens(cast, world):
    """For each role, a token with every scope the role may hold, and a stranger's."""
    people, _, _ = world
    made = {}
    for role, user in people.items():
        scopes = [s for s, needed in SCOPE_ROLES.items() if Role.rank(role) >= Role.rank(needed)]
        made[role] = create_api_token(cast.workspace, user, name="matrix", scopes=scopes)[1]
    made["stranger"] = create_api_token(
        cast.other_workspace, cast.outsider, name="theirs", scopes=list(SCOPE_ROLES)
    )[1]
    return made


EXPORTS = {"posts": Role.VIEWER, "insights": Role.VIEWER, "participants": Role.ANALYST}


@pytest.mark.parametrize(("export", "needed"), EXPORTS.items())
def test_export_routes_answer_each_token(cast, tokens, export, needed):
    url = f"/api/v1/workspaces/{cast.workspace.slug}/exports/{export}"
    for role in ROLES:
        got = Client().get(url, **bearer(tokens[role])).status_code
        assert got == (200 if Role.rank(role) >= Role.rank(needed) else 403), (role, got)
    assert Client().get(url, **bearer(tokens["stranger"])).status_code == 404
    assert Client().get(url).status_code == 401
    assert Client().get(url, **bearer("sc_nothing_here")).status_code == 401


@pytest.mark.parametrize("path", ["/api/v1/posts", "/api/v1/events"])
def test_write_routes_need_a_posts_write_token(cast, tokens, path):
    for role in ROLES:
        got = Client().post(path, "{}", content_type="application/json", **bearer(tokens[role]))
        holds = Role.rank(role) >= Role.rank(SCOPE_ROLES[ApiToken.Scope.POSTS_WRITE])
        assert (got.status_code != 401) == holds, (role, got.status_code)
        assert got.status_code < 500
    assert Client().post(path, "{}", content_type="application/json").status_code == 401


def test_the_summary_needs_a_member_session(cast, world):
    people, _, _ = world
    url = f"/api/v1/workspaces/{cast.workspace.slug}/summary"
    for user in people.values():
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code == 200
    stranger = Client()
    stranger.force_login(cast.outsider)
    assert stranger.get(url).status_code == 404
    assert Client().get(url).status_code == 401


def test_the_health_check_is_open_to_anyone(db):
    assert Client().get("/api/v1/health").json()["status"] == "ok"
