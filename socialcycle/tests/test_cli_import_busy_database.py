"""`socialcycle import` on a database another process keeps locked: one sentence, exit 2."""

import sqlite3
import subprocess
import sys

from socialcycle.tests.test_cli_import import HEADER, cli, env, make_workspace

__all__ = ["env"]  # the fixture, used by name


def test_a_locked_database_is_one_sentence_not_a_traceback(env, tmp_path):
    make_workspace(env)
    path = tmp_path / "posts.csv"
    path.write_text(HEADER + "1,hello,2026-05-01,sam\n")
    assert cli(env, "import", str(path), "--source", "Chirper").returncode == 0
    path.write_text(HEADER + "2,again,2026-05-02,kim\n")
    database = env["DATABASE_URL"].removeprefix("sqlite:///")
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process writes and does not let go
    try:
        result = cli(
            {**env, "SQLITE_BUSY_TIMEOUT": "1"}, "import", str(path), "--source", "Chirper"
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    # Beside the progress bar's last state, one line says what happened and what to do.
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("socialcycle:")]
    assert line == (
        "socialcycle: the import of posts.csv stopped: the database stayed locked by other "
        "work (such as the analysis of waiting posts) for too long; run the same command "
        "again in a minute: it continues after the last stored row."
    )
    assert result.stderr.strip().endswith(line)


def test_an_unreachable_database_is_one_sentence(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text(HEADER + "1,hello,2026-05-01,sam\n")
    result = subprocess.run(
        [sys.executable, "-m", "socialcycle.cli", "import", str(path), "--source", "Chirper"],
        env={
            "PATH": "/usr/bin:/bin",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nowhere",
            "DATA_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("socialcycle: cannot connect to the database")
    assert len(result.stderr.strip().splitlines()) == 1
