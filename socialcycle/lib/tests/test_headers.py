"""Every response carries the Content-Security-Policy, unless its view chose its own; and
no template needs what the policy forbids (inline scripts, event handlers, javascript:)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import path

OWN_POLICY = "default-src 'none'; frame-ancestors 'none'"


def page_with_its_own_policy(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("<p>embedded elsewhere</p>")
    response["Content-Security-Policy"] = OWN_POLICY
    return response


def page_without_a_policy(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<p>plain</p>")


urlpatterns = [
    path("own-policy/", page_with_its_own_policy),
    path("no-policy/", page_without_a_policy),
]


@pytest.mark.parametrize(
    "page",
    [
        "/accounts/login/",
        "/w/{slug}/",
        "/w/{slug}/inbox/",
        "/w/{slug}/alerts/",
        "/w/{slug}/digest/",
        "/api/v1/health",
        "/api/docs",
        "/admin/login/",
        "/no-such-page/",
    ],
)
def test_every_page_gets_the_policy(client, cast, page):
    client.force_login(cast.admin)

    response = client.get(page.format(slug=cast.workspace.slug))

    assert response.status_code in {200, 302, 404}
    assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY


def test_signed_out_pages_and_redirects_get_it_too(client, cast):
    response = client.get(f"/w/{cast.workspace.slug}/")

    assert response.status_code == 302
    assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY


def test_static_files_get_it_too(client, settings, tmp_path):
    # WhiteNoise answers before the views' middleware; the policy is sent above it.
    (tmp_path / "site.css").write_text("body { color: black; }")
    settings.STATIC_ROOT = tmp_path

    response = client.get("/static/site.css")

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY


@pytest.mark.urls(__name__)
def test_a_policy_the_view_set_is_kept(client):
    own = client.get("/own-policy/")
    plain = client.get("/no-policy/")

    assert own["Content-Security-Policy"] == OWN_POLICY
    assert plain["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY


@pytest.mark.urls(__name__)
def test_the_policy_comes_from_the_setting(client, settings):
    settings.CONTENT_SECURITY_POLICY = "default-src 'self'"

    assert client.get("/no-policy/")["Content-Security-Policy"] == "default-src 'self'"


def directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


def test_scripts_come_only_from_our_own_files():
    policy = directives(settings.CONTENT_SECURITY_POLICY)

    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]


TEMPLATES = Path(settings.BASE_DIR) / "socialcycle" / "templates"
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
# htmx evaluates these with new Function, which script-src 'self' refuses.
HTMX_EVAL = re.compile(
    r"hx-on|hx-vars|hx-vals=[\"']\s*(?:js|javascript):|hx-trigger=\"[^\"]*\[", re.IGNORECASE
)


def template_problems(text: str) -> list[str]:
    problems = []
    for tag in SCRIPT_TAG.findall(text):
        if "src=" not in tag and 'type="application/json"' not in tag:
            problems.append(f"inline script {tag}")
    problems += [f"event handler{found}" for found in EVENT_HANDLER.findall(text)]
    problems += [f"htmx evaluation {found.group()}" for found in HTMX_EVAL.finditer(text)]
    if "javascript:" in text.lower():
        problems.append("javascript: link")
    return problems


def test_the_checker_finds_what_the_policy_would_refuse():
    assert len(template_problems('<select onchange="this.form.submit()">')) == 1
    assert len(template_problems("<script>alert(1)</script>")) == 1
    assert len(template_problems('<a href="javascript:void(0)">')) == 1
    assert len(template_problems('<button hx-on:click="go()">')) == 1
    assert template_problems('<script src="/static/js/charts.js" defer></script>') == []


def test_no_template_needs_an_inline_script():
    found = {
        str(template.relative_to(TEMPLATES)): problems
        for template in sorted(TEMPLATES.rglob("*.html"))
        if (problems := template_problems(template.read_text()))
    }

    assert found == {}


def test_no_static_script_evaluates_strings():
    scripts = sorted((Path(settings.BASE_DIR) / "socialcycle" / "static" / "js").glob("*.js"))

    assert scripts
    for script in scripts:
        text = script.read_text()
        assert not re.search(r"\beval\(|new Function\b|set(Timeout|Interval)\(\s*['\"]", text)
