"""Bad configuration ends with one sentence naming the problem, never a traceback."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from socialcycle.lib.config import check_redis_url, env_bool, parse_email_url, redact_url


def run_cli(*args, **env):
    return subprocess.run(
        [sys.executable, "-m", "socialcycle.cli", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def assert_one_clear_sentence(result, *fragments):
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_unreachable_database_is_one_sentence():
    result = run_cli("migrate", DATABASE_URL="postgres://someone:secret@127.0.0.1:1/nowhere")
    assert_one_clear_sentence(
        result, "cannot connect to the database", "DATABASE_URL", "127.0.0.1:1"
    )
    assert "secret" not in result.stderr


def test_malformed_database_url_is_one_sentence():
    result = run_cli("migrate", DATABASE_URL="mongodb://127.0.0.1/db")
    assert_one_clear_sentence(result, "DATABASE_URL")


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:6379/0", "redis://127.0.0.1:notaport/0", "redis:///0", "redis://h/x"]
)
def test_malformed_redis_url_is_one_sentence(url):
    result = run_cli("migrate", REDIS_URL=url)
    assert_one_clear_sentence(result, "REDIS_URL")


def test_worker_without_redis_explains_it_is_not_needed(tmp_path):
    env = {"REDIS_URL": "", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    result = run_cli("worker", **env)
    assert_one_clear_sentence(result, "REDIS_URL")


def test_bad_boolean_is_refused():
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be true or false"):
        env_bool({"DEBUG": "maybe"}, "DEBUG", False)


def test_redis_url_accepts_the_usual_forms():
    for url in ["redis://127.0.0.1:6379/0", "rediss://user:pw@cache.internal:6380", "redis://h"]:
        assert check_redis_url(url) == url


def test_email_url_forms():
    smtp = parse_email_url("smtp+tls://mailer:p%40ss@mail.example.com")
    assert (smtp.host, smtp.port, smtp.user, smtp.password, smtp.use_tls) == (
        "mail.example.com",
        587,
        "mailer",
        "p@ss",
        True,
    )
    assert parse_email_url("smtps://mail.example.com").port == 465
    assert parse_email_url("console://").backend.endswith("console.EmailBackend")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        parse_email_url("pigeon://coop")


def test_passwords_are_hidden_in_messages():
    assert redact_url("postgres://u:hunter2@db:5432/x") == "postgres://u:***@db:5432/x"


def test_a_generated_secret_key_is_kept_private_and_reused(tmp_path):
    from socialcycle.lib.config import load_secret_key

    first = load_secret_key({}, tmp_path / "data")
    assert len(first) >= 50
    assert load_secret_key({}, tmp_path / "data") == first
    assert (tmp_path / "data" / "secret_key").stat().st_mode & 0o777 == 0o600
    assert load_secret_key({"SECRET_KEY": "given"}, tmp_path / "data") == "given"


def test_a_demo_too_small_for_its_stories_is_one_sentence(tmp_path):
    result = run_cli(
        "demo",
        "--posts",
        "500",
        "--no-serve",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DATA_DIR=str(tmp_path),
        REDIS_URL="",
    )
    assert_one_clear_sentence(result, "n_posts must be at least")


def test_the_demo_writes_its_e_mails_to_files_unless_told_where_to_send(
    settings, tmp_path, monkeypatch
):
    from django.core.mail import send_mail

    from socialcycle.commands.demo import mail_to_files

    settings.DATA_DIR = tmp_path
    monkeypatch.delenv("EMAIL_URL", raising=False)

    folder = mail_to_files()
    send_mail("Your idea is planned", "Thanks for it.", None, ["sam@example.com"])

    assert folder == tmp_path / "mail"
    assert os.environ["EMAIL_URL"] == f"file://{folder}"  # the server and scheduler too
    (written,) = (tmp_path / "mail").iterdir()
    assert "Your idea is planned" in written.read_text()

    monkeypatch.setenv("EMAIL_URL", "smtp://mail.example.com:25")
    assert mail_to_files() is None  # a chosen EMAIL_URL is kept
