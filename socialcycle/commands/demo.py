"""`socialcycle demo`: migrate, store the demo company's posts, print a login and serve,
while a process beside the server analyses them, discovers topics and replays alerts
(`demo/preparation.py`; every page shows how far it is). `--no-serve` prepares it all
before it returns."""

from __future__ import annotations

import argparse
import fcntl
import os
import secrets
import subprocess
import sys
from pathlib import Path

from rich.progress import Progress

from socialcycle.commands.analyze import analyse_all_pending
from socialcycle.commands.base import Command
from socialcycle.commands.errors import UserFacingError, setup
from socialcycle.commands.migrate import apply_migrations
from socialcycle.commands.serve import prepare_to_serve, run_gunicorn, serving_line

ADMIN_USERNAME = "admin"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, default=7, help="demo data seed (default 7)")
    parser.add_argument(
        "--posts", type=int, default=5000, help="about how many posts (at least 1000)"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-serve", action="store_true", help="set up, print the login, stop")
    parser.add_argument("--finish-only", action="store_true", help=argparse.SUPPRESS)


def ensure_demo_data(seed: int, n_posts: int) -> str:
    """Create the demo workspace and store its posts unless it exists; returns its slug.
    What comes after storing (analysis, topics, alerts) is `finish_demo`'s."""
    from socialcycle.accounts.models import Workspace
    from socialcycle.demo import preparation
    from socialcycle.demo.generator import generate_demo_dataset
    from socialcycle.demo.load import DEMO_SLUG, load_demo, refresh_product_names

    existing = Workspace.objects.filter(slug=DEMO_SLUG).first()
    if existing is not None:
        print("The demo workspace exists already; keeping it.")
        if refresh_product_names(existing):
            print("Its product names were updated; recent posts are being searched again.")
        return DEMO_SLUG
    try:
        dataset = generate_demo_dataset(seed=seed, n_posts=n_posts)
    except ValueError as error:
        raise UserFacingError(str(error)) from None
    preparation.start()
    with Progress() as progress:
        bar = progress.add_task("Loading demo posts", total=len(dataset.posts))
        load_demo(dataset, advance=lambda n: progress.update(bar, advance=n))
    return DEMO_SLUG


def finish_demo(slug: str, *, progress_bar: bool = True) -> None:
    """Analyse, choose testimonials, discover topics and replay alerts, here and now."""
    from socialcycle.accounts.models import Workspace
    from socialcycle.demo import preparation

    if progress_bar:  # on a console; `finish` then finds nothing waiting
        analyse_all_pending(500)
    try:
        preparation.finish(Workspace.objects.get(slug=slug))
    except Exception as error:  # noqa: BLE001 (said in one sentence, as the notice says it)
        raise UserFacingError(f"preparing the demo failed: {error}") from None


def finish_demo_in_background() -> Path:
    """Start a process that finishes the demo while the server answers; its output goes
    to DATA_DIR/preparing.log. Returns that file."""
    from django.conf import settings

    log = Path(settings.DATA_DIR) / "preparing.log"
    with log.open("a") as output:
        subprocess.Popen(
            [sys.executable, "-m", "socialcycle.cli", "demo", "--finish-only"],
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    return log


def finish_only() -> int:
    """`demo --finish-only`: the background half. One at a time: a second one (a demo
    started again while the first still prepares) leaves at once."""
    from django.conf import settings

    from socialcycle.demo import preparation
    from socialcycle.demo.load import DEMO_SLUG

    with (Path(settings.DATA_DIR) / "preparing.lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("The demo is being prepared by another process already.", flush=True)
            return 0
        if preparation.unfinished():
            finish_demo(DEMO_SLUG, progress_bar=False)
    return 0


def reset_admin_login(slug: str) -> str:
    """Make sure the demo admin exists with a fresh password, and return that password."""
    from socialcycle.accounts.models import Role, User, Workspace
    from socialcycle.accounts.services import add_member, create_staff_user

    password = secrets.token_urlsafe(9)
    user = User.objects.filter(username=ADMIN_USERNAME).first()
    if user is None:
        user = create_staff_user(
            username=ADMIN_USERNAME,
            password=password,
            email="admin@lumio.example",
            is_superuser=True,
        )
    else:
        user.set_password(password)
        user.save(update_fields=["password"])
    add_member(Workspace.objects.get(slug=slug), user, Role.ADMIN)
    return password


def reset_community_login(slug: str) -> tuple[str, str]:
    """A customer's community account with a fresh password: (e-mail, password)."""
    from socialcycle.accounts.models import Workspace
    from socialcycle.demo.community import reset_member_login

    password = secrets.token_urlsafe(12)
    member = reset_member_login(Workspace.objects.get(slug=slug), password)
    return member.email, password


def run(args: argparse.Namespace) -> int:
    setup()
    from socialcycle.demo import preparation

    mail_folder = mail_to_files()
    if args.finish_only:
        return finish_only()
    apply_migrations(verbosity=0)
    slug = ensure_demo_data(args.seed, args.posts)
    if args.no_serve and preparation.unfinished():
        finish_demo(slug)
    password = reset_admin_login(slug)
    email, member_password = reset_community_login(slug)
    log = None
    if not args.no_serve:
        prepare_to_serve()  # its output comes before the logins, which are printed last
        if preparation.unfinished():
            log = finish_demo_in_background()
    url = f"http://{args.host}:{args.port}/"
    print()
    if mail_folder is not None:
        print(f"  E-mails the demo sends are written to {mail_folder}/ (EMAIL_URL sends them).")
    if log is not None:
        print(
            "  The demo's analysis, topics and alerts are being prepared beside the server"
            f" (about 2 minutes; every page shows how far; log: {log})."
        )
    if not args.no_serve:
        print(f"  {serving_line(args.host, args.port)}")
    print(f"  Open {url} and sign in as  {ADMIN_USERNAME} / {password}")
    print(f"  The public community: {url}c/{slug}/  (a customer: {email} / {member_password})")
    print(flush=True)
    if not args.no_serve:
        run_gunicorn(args.host, args.port, workers=2)
    return 0


def mail_to_files() -> Path | None:
    """Without EMAIL_URL, the e-mails of the demo (notifications, digests) go to files in
    DATA_DIR/mail, for this process and the server it starts, instead of burying the
    logins on the console. Returns the folder, or None when EMAIL_URL says where to send."""
    from django.conf import settings

    if os.environ.get("EMAIL_URL"):
        return None
    folder = Path(settings.DATA_DIR) / "mail"
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["EMAIL_URL"] = f"file://{folder}"  # read by the server and the scheduler
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(folder)
    return folder


COMMAND = Command(
    name="demo",
    help="Set up the demo company, print a login and serve it.",
    run=run,
    add_arguments=add_arguments,
)
