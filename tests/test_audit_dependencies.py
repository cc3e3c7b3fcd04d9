"""tools/audit-dependencies reads the lock and OSV advisories offline, and reports the
locked versions an advisory covers, with the versions that fix them."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools/audit-dependencies"


def audit(lock: Path, advisories: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(TOOL), "--lock", str(lock), "--advisories", str(advisories)],
        capture_output=True,
        text=True,
        check=False,
    )


def advisory(folder: Path, ident: str, package: str, *events: dict[str, str], **extra: str) -> None:
    record = {
        "id": ident,
        "affected": [
            {
                "package": {"ecosystem": "PyPI", "name": package},
                "ranges": [{"type": "ECOSYSTEM", "events": list(events)}],
            }
        ],
        **extra,
    }
    (folder / f"{ident}.json").write_text(json.dumps(record))


def test_a_locked_version_inside_a_range_is_reported_with_its_fix(tmp_path):
    lock = tmp_path / "requirements.lock"
    lock.write_text("# locked\nDjango==5.2.3\nsome_lib==2.0.0\nsafe-lib==3.1\n")
    advisory(tmp_path, "PYSEC-0001", "django", {"introduced": "5.2"}, {"fixed": "5.2.4"})
    advisory(tmp_path, "PYSEC-0002", "Some.Lib", {"introduced": "0"}, {"last_affected": "2.0.0"})
    advisory(tmp_path, "PYSEC-0003", "safe-lib", {"introduced": "0"}, {"fixed": "3.0"})
    advisory(
        tmp_path,
        "PYSEC-0004",
        "django",
        {"introduced": "0"},
        withdrawn="2026-01-01T00:00:00Z",
    )

    done = audit(lock, tmp_path)

    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "django 5.2.3: PYSEC-0001 (fixed in 5.2.4)",
        "some-lib 2.0.0: PYSEC-0002 (no fixed release yet)",
        "3 locked packages checked against the OSV records in "
        f"{tmp_path}: 2 known vulnerabilities.",
    ]


def test_a_version_between_two_affected_ranges_is_clean(tmp_path):
    lock = tmp_path / "requirements.lock"
    lock.write_text("lib==1.5\n")
    advisory(
        tmp_path,
        "GHSA-x",
        "lib",
        {"introduced": "0"},
        {"fixed": "1.2"},
        {"introduced": "2.0"},
        {"fixed": "2.1"},
    )

    done = audit(lock, tmp_path)

    assert done.returncode == 0
    assert "no known vulnerabilities" in done.stdout


def test_a_malformed_lock_line_is_named_with_its_file_and_line(tmp_path):
    lock = tmp_path / "requirements.lock"
    lock.write_text("django==5.2.3\ndjango>=5\n")

    done = audit(lock, tmp_path)

    assert done.returncode == 2
    assert f"{lock}:2: expected name==version" in done.stderr


def test_the_projects_lock_pins_every_package(tmp_path):
    done = audit(ROOT / "requirements.lock", tmp_path)  # no advisories: nothing affected

    assert done.returncode == 0, done.stderr
    assert "locked packages checked" in done.stdout
