"""`socialcycle import`: a progress bar, a report, and an exit code that reflects rejects."""

import csv
import os
import subprocess
import sys

import pytest

HEADER = "id,text,created_at,author\n"


@pytest.fixture
def env(tmp_path):
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DATA_DIR": str(tmp_path / "data"),
        "REDIS_URL": "",
    }
    cli(environment, "migrate")
    return environment


def cli(environment, *args):
    return subprocess.run(
        [sys.executable, "-m", "socialcycle.cli", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def make_workspace(environment):
    script = (
        "import django; django.setup(); "
        "from socialcycle.accounts.services import create_workspace; "
        "create_workspace(name='Lumio', slug='lumio')"
    )
    subprocess.run([sys.executable, "-c", script], env=environment, check=True)


def test_without_a_workspace_it_says_so(env, tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text(HEADER + "1,hello,2026-05-01,sam\n")
    result = cli(env, "import", str(path), "--source", "Chirper")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "socialcycle: there is no workspace yet; run `socialcycle init` (or `socialcycle demo`)."
    )


def test_a_clean_file_exits_0_and_reports_counts(env, tmp_path):
    make_workspace(env)
    path = tmp_path / "posts.csv"
    path.write_text(HEADER + "1,hello,2026-05-01,sam\n2,again,2026-05-02,kim\n")
    result = cli(env, "import", str(path), "--source", "Chirper")
    assert result.returncode == 0, result.stderr
    assert (
        "Imported posts.csv into Chirper: 2 new, 0 updated, 0 duplicates skipped, 0 rejected."
        in result.stdout
    )
    again = cli(env, "import", str(path), "--source", "Chirper")
    assert "0 new, 2 updated" in again.stdout


def test_rejected_rows_exit_1_with_sentences_and_a_csv_report(env, tmp_path):
    make_workspace(env)
    path = tmp_path / "posts.csv"
    path.write_text(HEADER + "1,hello,2026-05-01,sam\n2,bad,not a date,kim\n")
    report = tmp_path / "problems.csv"
    result = cli(env, "import", str(path), "--source", "Chirper", "--report", str(report))
    assert result.returncode == 1
    assert "1 new, 0 updated, 0 duplicates skipped, 1 rejected." in result.stdout
    assert "posts.csv, row 3, field created_at: 'not a date' is not a date" in result.stdout
    rows = list(csv.DictReader(report.open()))
    assert [(r["where"], r["field"]) for r in rows] == [("row 3", "created_at")]


def test_an_unreadable_file_exits_2(env, tmp_path):
    make_workspace(env)
    path = tmp_path / "empty.csv"
    path.write_text("")
    result = cli(env, "import", str(path), "--source", "Chirper")
    assert result.returncode == 2
    assert "empty.csv: the file is empty" in result.stdout


def test_an_unknown_mapping_is_one_sentence(env, tmp_path):
    make_workspace(env)
    path = tmp_path / "posts.csv"
    path.write_text(HEADER)
    result = cli(env, "import", str(path), "--source", "Chirper", "--mapping", "myspace")
    assert result.returncode == 2
    assert "no mapping named 'myspace'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_token_is_printed_once_and_scopes_follow_the_role(env):
    script = (
        "import django; django.setup(); "
        "from socialcycle.accounts.services import (create_workspace, create_staff_user, "
        "add_member); "
        "w = create_workspace(name='Lumio', slug='lumio'); "
        "add_member(w, create_staff_user(username='bob', password='x-long-pass-1'), 'analyst'); "
        "add_member(w, create_staff_user(username='vera', password='x-long-pass-2'), 'viewer')"
    )
    subprocess.run([sys.executable, "-c", script], env=env, check=True)
    made = cli(env, "token", "--workspace", "lumio", "--user", "bob", "--scope", "posts:write")
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines()[1].startswith("sc_")
    refused = cli(env, "token", "--workspace", "lumio", "--user", "vera", "--scope", "posts:write")
    assert refused.returncode == 2
    assert refused.stderr.strip() == (
        "socialcycle: the posts:write scope needs the analyst role in lumio."
    )
