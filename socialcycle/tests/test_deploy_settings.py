"""Production settings pass `manage.py check --deploy`; the embedded default stays plain HTTP.

Settings are read once per process, so each environment gets a fresh subprocess.
"""

import json
import os
import secrets
import string
import subprocess
import sys

import pytest
from django.conf import settings

from socialcycle.testing.factories import make_user

# Variables that change what the security settings say; cleared so the developer's own
# environment cannot make these tests pass or fail.
SECURITY_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "BEHIND_HTTPS_PROXY",
    "SECURE_COOKIES",
    "HSTS_SECONDS",
    "HSTS_PRELOAD",
}
SHOWN_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
]
SHOW_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings; "
    f"print(json.dumps({{name: getattr(settings, name) for name in {SHOWN_SETTINGS!r}}}))"
)


def random_secret_key() -> str:
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(60))


def production(tmp_path, **overrides):
    return {
        "DEBUG": "false",
        "SECRET_KEY": random_secret_key(),
        "ALLOWED_HOSTS": "feedback.example.com",
        "BEHIND_HTTPS_PROXY": "true",
        "DATA_DIR": str(tmp_path),
        **overrides,
    }


def run_python(args, env):
    # The browser journeys set DJANGO_ALLOW_ASYNC_UNSAFE for their own process; a
    # deployment never has it (check --deploy refuses it), so neither does this one.
    inherited = SECURITY_VARIABLES | {"DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {name: value for name, value in os.environ.items() if name not in inherited}
    return subprocess.run(
        [sys.executable, *args],
        env={**base, "DJANGO_SETTINGS_MODULE": "socialcycle.settings", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def check_deploy(env):
    return run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)


def settings_under(env):
    result = run_python(["-c", SHOW_SETTINGS], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = check_deploy(production(tmp_path))

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_turning_hsts_off_is_reported_by_the_deploy_check(tmp_path):
    # The check above is not passing by accident: it does see a weaker configuration.
    result = check_deploy(production(tmp_path, HSTS_SECONDS="0"))

    assert result.returncode == 1
    assert "security.W004" in result.stderr


def test_behind_an_https_proxy_everything_secure_is_on(tmp_path):
    shown = settings_under(production(tmp_path))

    assert shown == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
    }


def test_the_embedded_default_serves_plain_http(tmp_path):
    shown = settings_under({"DATA_DIR": str(tmp_path)})

    assert shown["SECURE_SSL_REDIRECT"] is False
    assert shown["SECURE_PROXY_SSL_HEADER"] is None
    assert shown["SECURE_HSTS_SECONDS"] == 0
    assert shown["SESSION_COOKIE_SECURE"] is False
    assert shown["CSRF_COOKIE_SECURE"] is False


def test_explicit_variables_win_over_what_the_proxy_implies(tmp_path):
    shown = settings_under(
        production(tmp_path, SECURE_COOKIES="false", HSTS_SECONDS="300", HSTS_PRELOAD="true")
    )

    assert shown["SESSION_COOKIE_SECURE"] is False
    assert shown["CSRF_COOKIE_SECURE"] is False
    assert shown["SECURE_HSTS_SECONDS"] == 300
    assert shown["SECURE_HSTS_PRELOAD"] is True


def test_a_negative_hsts_duration_is_one_sentence(tmp_path):
    result = run_python(
        ["-m", "socialcycle.cli", "migrate"], production(tmp_path, HSTS_SECONDS="-1")
    )

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "socialcycle: HSTS_SECONDS must be 0 (no HSTS) or more, not -1."
    ]


@pytest.fixture
def behind_the_proxy(settings):
    """The settings BEHIND_HTTPS_PROXY=true gives, in this process."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000


@pytest.mark.django_db
@pytest.mark.usefixtures("behind_the_proxy")
def test_plain_http_is_redirected_but_the_health_check_is_answered(client):
    make_user("someone")  # set up, so the sign-in page is not the first-run redirect
    page = client.get("/accounts/login/")
    health = client.get("/api/v1/health")
    secure = client.get("/accounts/login/", headers={"X-Forwarded-Proto": "https"})

    assert page.status_code == 301
    assert page["Location"] == "https://testserver/accounts/login/"
    assert page["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
    assert health.status_code == 200
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
