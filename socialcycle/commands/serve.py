"""`socialcycle serve`: the web application under gunicorn."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from socialcycle.commands.base import Command
from socialcycle.commands.errors import setup


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WEB_WORKERS", "2")),
        help="gunicorn worker processes (default 2, or WEB_WORKERS)",
    )


FINGERPRINT_FILE = ".source-fingerprint"


def static_sources_fingerprint() -> str:
    """A hash of every static source file's path, size and modification time (stat only)."""
    import hashlib

    from django.contrib.staticfiles.finders import get_finders

    entries = []
    for finder in get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            entries.append(f"{path}\t{stat.st_size}\t{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()


def collect_static() -> bool:
    """Collect (and compress) the static files when their sources changed since the last
    collection; returns whether it ran. Compressing plotly.js takes about 20 seconds,
    so a restart with nothing new skips it and answers within seconds."""
    from django.conf import settings
    from django.core.management import call_command

    stamp = settings.STATIC_ROOT / FINGERPRINT_FILE
    fingerprint = static_sources_fingerprint()
    if stamp.is_file() and stamp.read_text() == fingerprint:
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(fingerprint)
    return True


def start_embedded_scheduler() -> None:
    """Without Redis there is no beat: run the periodic tasks in a process of their own.

    It is given this process's id, which gunicorn keeps after exec, and stops when it ends.
    """
    from django.conf import settings

    if settings.REDIS_URL:
        return
    subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "socialcycle.cli", "scheduler", "--parent", str(os.getpid())]
    )


def serve(host: str, port: int, workers: int) -> None:
    """Replace this process with gunicorn serving socialcycle."""
    prepare_to_serve()
    print(serving_line(host, port), flush=True)
    run_gunicorn(host, port, workers)


def prepare_to_serve() -> None:
    """What comes before the web server: static files, and the embedded scheduler."""
    collect_static()
    start_embedded_scheduler()


def serving_line(host: str, port: int) -> str:
    return f"socialcycle is serving on http://{host}:{port}/ (Ctrl+C stops it)"


def run_gunicorn(host: str, port: int, workers: int) -> None:
    """Replace this process with gunicorn serving socialcycle."""
    from django.conf import settings

    gunicorn_args = [
        sys.executable,
        "-m",
        "gunicorn",
        "socialcycle.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        "4",
        # gunicorn's threaded worker, answering what it accepted before a graceful stop.
        "--worker-class",
        "socialcycle.lib.web_worker.DrainingThreadWorker",
        "--access-logfile",
        "-",
        "--log-level",
        "warning",
        # `kill -HUP $(cat $DATA_DIR/gunicorn.pid)` reloads the code and settings: new
        # workers start before the old ones finish their requests, none is dropped.
        "--pid",
        str(settings.DATA_DIR / "gunicorn.pid"),
    ]
    os.execv(sys.executable, gunicorn_args)  # noqa: S606


def run(args: argparse.Namespace) -> int:
    setup()
    serve(args.host, args.port, args.workers)
    return 0


COMMAND = Command(
    name="serve", help="Serve the web application.", run=run, add_arguments=add_arguments
)
