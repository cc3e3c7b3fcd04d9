"""`socialcycle demo`: migrate, generate the demo company, print a login, serve."""

from __future__ import annotations

import argparse
import os
import secrets
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


def discover_all_topics() -> None:
    from socialcycle.accounts.models import Workspace  # noqa: PLC0415
    from socialcycle.understanding.discovery import discover_now  # noqa: PLC0415

    print("Discovering topics ...", flush=True)
    for workspace in Workspace.objects.all():
        run = discover_now(workspace)
        if run.status == run.Status.FAILED:
            raise UserFacingError(f"topic discovery failed: {run.error}")
        print(f"{workspace.name}: found {run.topics_found} topics ({run.get_status_display()}).")


def ensure_demo_data(seed: int, n_posts: int) -> str:
    """Create the demo workspace unless it exists; returns its slug."""
    from socialcycle.accounts.models import Workspace  # noqa: PLC0415
    from socialcycle.demo.generator import generate_demo_dataset  # noqa: PLC0415
    from socialcycle.demo.load import DEMO_SLUG, load_demo, refresh_product_names  # noqa: PLC0415

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
    with Progress() as progress:
        bar = progress.add_task("Loading demo posts", total=len(dataset.posts))
        load_demo(dataset, advance=lambda n: progress.update(bar, advance=n))
    analyse_all_pending(500)
    discover_all_topics()
    check_past_alerts(DEMO_SLUG)
    return DEMO_SLUG


def check_past_alerts(slug: str) -> None:
    """The demo's 90 days arrive at once: look for early warnings in all of them."""
    from socialcycle.accounts.models import Workspace  # noqa: PLC0415
    from socialcycle.measuring.alerts import check_history  # noqa: PLC0415

    found = check_history(Workspace.objects.get(slug=slug))
    print(f"Found {len(found)} early-warning alert(s) in the demo's history.")


def reset_admin_login(slug: str) -> str:
    """Make sure the demo admin exists with a fresh password, and return that password."""
    from socialcycle.accounts.models import Role, User, Workspace  # noqa: PLC0415
    from socialcycle.accounts.services import add_member, create_staff_user  # noqa: PLC0415

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
    from socialcycle.accounts.models import Workspace  # noqa: PLC0415
    from socialcycle.demo.community import reset_member_login  # noqa: PLC0415

    password = secrets.token_urlsafe(12)
    member = reset_member_login(Workspace.objects.get(slug=slug), password)
    return member.email, password


def run(args: argparse.Namespace) -> int:
    setup()
    mail_folder = mail_to_files()
    apply_migrations(verbosity=0)
    slug = ensure_demo_data(args.seed, args.posts)
    password = reset_admin_login(slug)
    email, member_password = reset_community_login(slug)
    if not args.no_serve:
        prepare_to_serve()  # its output comes before the logins, which are printed last
    url = f"http://{args.host}:{args.port}/"
    print()
    if mail_folder is not None:
        print(f"  E-mails the demo sends are written to {mail_folder}/ (EMAIL_URL sends them).")
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
    from django.conf import settings  # noqa: PLC0415

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
