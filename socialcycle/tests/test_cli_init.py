"""`socialcycle init`: an organisation's workspace and first admin, from flags or answers."""

import io
import os
import subprocess
import sys

import pytest

from socialcycle.accounts.models import AuditEvent, Membership, Role, TrackedName, User, Workspace
from socialcycle.cli import main

FLAGS = [
    "init",
    "--no-input",
    "--name",
    "Skyward Air",
    "--slug",
    "skyward",
    "--time-zone",
    "America/Chicago",
    "--admin-username",
    "ops",
    "--admin-email",
    "ops@skyward.example",
    "--admin-password",
    "a long enough secret 42",
    "--brand",
    "Skyward=SkywardAir,@skywardair",
    "--product",
    "Skyward App=App",
    "--product",
    "Rewards",
    "--competitor",
    "JetBlue=jetblue",
]


def tracked(workspace):
    return {
        (t.kind, t.name, tuple(t.aliases)) for t in TrackedName.objects.filter(workspace=workspace)
    }


@pytest.mark.django_db(transaction=True)
def test_flags_set_up_the_workspace_its_names_and_its_admin(capsys):
    assert main(FLAGS) == 0
    workspace = Workspace.objects.get(slug="skyward")
    assert (workspace.name, workspace.time_zone) == ("Skyward Air", "America/Chicago")
    assert tracked(workspace) == {
        ("brand", "Skyward", ("SkywardAir", "@skywardair")),
        ("product", "Skyward App", ("App",)),
        ("product", "Rewards", ()),
        ("competitor", "JetBlue", ("jetblue",)),
    }
    admin = User.objects.get(username="ops")
    assert admin.check_password("a long enough secret 42")
    assert admin.is_superuser  # the installation's first user
    assert Membership.objects.get(user=admin, workspace=workspace).role == Role.ADMIN
    assert AuditEvent.objects.filter(workspace=workspace, action="create").exists()
    out = capsys.readouterr().out
    assert "Created the workspace Skyward Air (skyward)" in out
    assert "a long enough secret 42" not in out


@pytest.mark.django_db(transaction=True)
def test_without_a_password_one_is_generated_and_printed_once(capsys):
    assert main(["init", "--no-input", "--name", "Skyward Air", "--admin-username", "ops"]) == 0
    out = capsys.readouterr().out.splitlines()
    password = out[out.index(next(line for line in out if "not shown again" in line)) + 1]
    assert User.objects.get(username="ops").check_password(password)
    workspace = Workspace.objects.get(slug="skyward-air")
    assert tracked(workspace) == {("brand", "Skyward Air", ())}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ["--slug", "taken"],
            "socialcycle: the slug 'taken' is taken by another workspace; choose another.",
        ),
        (
            ["--time-zone", "Mars/Olympus"],
            "socialcycle: 'Mars/Olympus' is not a time zone; use an IANA name such as "
            "Europe/Berlin or UTC.",
        ),
        (
            ["--slug", "Not A Slug"],
            "socialcycle: 'Not A Slug' is not a usable slug: use 1 to 60 "
            "lower-case letters, digits and dashes, starting and ending with a letter or digit.",
        ),
        (
            ["--admin-password", "short"],
            "socialcycle: the password is too weak: This password is "
            "too short. It must contain at least 8 characters.",
        ),
    ],
)
def test_bad_values_are_one_sentence_and_exit_2_with_nothing_written(capsys, change, message):
    Workspace.objects.create(name="Taken", slug="taken")
    args = [*FLAGS]
    flag = change[0]
    args[args.index(flag) + 1] = change[1]
    assert main(args) == 2
    assert capsys.readouterr().err.strip() == message
    assert not User.objects.exists()
    assert Workspace.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_existing_user_becomes_admin_of_another_workspace_and_keeps_their_password(capsys):
    assert main(FLAGS) == 0
    again = ["init", "--no-input", "--name", "Skyward Cargo", "--admin-username", "ops"]
    assert main(again) == 0
    cargo = Workspace.objects.get(slug="skyward-cargo")
    admin = User.objects.get(username="ops")
    assert Membership.objects.get(user=admin, workspace=cargo).role == Role.ADMIN
    assert admin.check_password("a long enough secret 42")
    assert "keeps their password" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_the_questions_are_answered_on_standard_input(monkeypatch, capsys):
    answers = [
        "Skyward Air",  # name
        "",  # slug: the default from the name
        "Europe/Dublin",
        "ops",
        "ops@skyward.example",
        "a long enough secret 42",
        "Skyward=SkywardAir",
        "Skyward App=App",
        "",  # no more products
        "JetBlue",
        "",  # no more competitors
    ]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(answers) + "\n"))
    assert main(["init"]) == 0
    workspace = Workspace.objects.get(slug="skyward-air")
    assert workspace.time_zone == "Europe/Dublin"
    assert tracked(workspace) == {
        ("brand", "Skyward", ("SkywardAir",)),
        ("product", "Skyward App", ("App",)),
        ("competitor", "JetBlue", ()),
    }
    assert User.objects.get(username="ops").check_password("a long enough secret 42")


def test_import_without_a_workspace_says_to_run_init(tmp_path):
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DATA_DIR": str(tmp_path / "data"),
        "REDIS_URL": "",
    }
    path = tmp_path / "posts.csv"
    path.write_text("id,text,created_at,author\n1,hello,2026-05-01,sam\n")
    run = lambda *args, stdin="": subprocess.run(  # noqa: E731
        [sys.executable, "-m", "socialcycle.cli", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        input=stdin,
    )
    assert run("migrate").returncode == 0
    before = run("import", str(path), "--source", "Chirper")
    assert "run `socialcycle init` (or `socialcycle demo`)" in before.stderr
    made = run("init", stdin="Skyward Air\n\nUTC\nops\n\n\n\n\n\n")
    assert made.returncode == 0, made.stderr
    assert "not shown again" in made.stdout
    after = run("import", str(path), "--source", "Chirper")
    assert after.returncode == 0, after.stderr
