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


def export_like_the_airline_tweets(rows, dates):
    """A CSV shaped like the export that failed: `id,created_at,author,brand,text,retweets`."""
    lines = ["id,created_at,author,brand,text,retweets"]
    for number in range(rows):
        lines.append(
            f"{570306133677760513 + number},{dates(number)},flyer{number % 40},Virgin,"
            f'"@VirginAmerica flight {number} was fine, thanks",{number % 3}'
        )
    return "\n".join(lines) + "\n"


def stored_dates(environment, source):
    script = (
        "import django; django.setup(); "
        "from socialcycle.listening.models import Post, Source; "
        f"s = Source.objects.get(name={source!r}); "
        "print(s.config.get('date_format', '')); "
        "[print(p.external_id, p.created_at.isoformat()) "
        "for p in Post.objects.filter(source=s).order_by('external_id')[:2]]"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True
    )
    return done.stdout.splitlines()


def test_a_day_first_export_is_detected_and_a_chosen_format_is_kept(env, tmp_path):
    make_workspace(env)
    day_first = tmp_path / "Tweets.csv"
    day_first.write_text(
        export_like_the_airline_tweets(500, lambda n: f"{n % 28 + 1:02d}-02-2015 11:{n % 60:02d}")
    )
    result = cli(env, "import", str(day_first), "--source", "Airlines")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "500 new, 0 updated, 0 duplicates skipped, 0 rejected." in result.stdout
    assert "Read as day-first (day, month, year)" in result.stdout
    assert stored_dates(env, "Airlines")[1] == "570306133677760513 2015-02-01T11:00:00+00:00"

    # Every date is ambiguous: the flag says month first, and the source remembers it.
    ambiguous = tmp_path / "march.csv"
    ambiguous.write_text(export_like_the_airline_tweets(20, lambda n: "03/04/2015 1:05 PM"))
    chosen = cli(env, "import", str(ambiguous), "--source", "Later", "--date-format", "month-first")
    assert chosen.returncode == 0, chosen.stdout + chosen.stderr
    assert "Dates are read as month-first (month, day, year)" in chosen.stdout
    assert stored_dates(env, "Later")[:2] == [
        "month-first",
        "570306133677760513 2015-03-04T13:05:00+00:00",
    ]
    again = tmp_path / "march-again.csv"
    again.write_text(export_like_the_airline_tweets(20, lambda n: "05/06/2015 1:05 PM"))
    assert cli(env, "import", str(again), "--source", "Later").returncode == 0
    assert stored_dates(env, "Later")[1] == "570306133677760513 2015-05-06T13:05:00+00:00"


def test_an_unknown_date_format_is_one_sentence(env, tmp_path):
    make_workspace(env)
    path = tmp_path / "posts.csv"
    path.write_text(HEADER)
    result = cli(env, "import", str(path), "--source", "Chirper", "--date-format", "%H:%M")
    assert result.returncode == 2
    assert "'%H:%M' is not a date pattern we can read dates with" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_report_holds_every_problem_beyond_the_first_thousand(env, tmp_path):
    make_workspace(env)
    path = tmp_path / "Tweets.csv"
    path.write_text(
        export_like_the_airline_tweets(1500, lambda n: "24-02-2015 11:35" if n < 10 else "soon")
    )
    report = tmp_path / "problems.csv"
    result = cli(env, "import", str(path), "--source", "Airlines", "--report", str(report))
    assert result.returncode == 1
    assert "10 new, 0 updated, 0 duplicates skipped, 1490 rejected." in result.stdout
    rows = list(csv.DictReader(report.open()))
    assert len(rows) == 1490
    assert {row["field"] for row in rows} == {"created_at"}
    assert [row["where"] for row in rows[-2:]] == ["row 1500", "row 1501"]


def test_excel_serial_dates_can_be_chosen_by_name(env, tmp_path):
    make_workspace(env)
    path = tmp_path / "Sheet1.csv"
    path.write_text(export_like_the_airline_tweets(3, lambda n: f"{42059 + n}.4826388889"))
    result = cli(env, "import", str(path), "--source", "Sheets", "--date-format", "excel-serial")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Dates are read as excel-serial (Excel's serial days" in result.stdout
    assert stored_dates(env, "Sheets")[:2] == [
        "excel-serial",
        "570306133677760513 2015-02-24T11:35:00+00:00",
    ]
