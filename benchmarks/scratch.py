"""What the benchmarks that fill a database at scale share: the command-line options, one
child process per database on fresh data (SQLite in a temporary DATA_DIR, PostgreSQL in a
scratch database), and the child's Django set-up, fill and timing."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable


def arguments(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument(
        "--reuse",
        metavar="DATA_DIR",
        help="time the data an earlier run left (SQLite in DATA_DIR, or the PostgreSQL "
        "database DATABASE_URL names when it is set) without filling",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the PostgreSQL scratch database for --reuse"
    )
    return parser


class Bench:
    """One benchmark script: `name` prefixes its environment flags and scratch names;
    `fill(posts)` makes the data, `bench(runs)` times it (both run in the child)."""

    def __init__(
        self, name: str, script: str, fill: Callable[[int], object], bench: Callable[[int], None]
    ) -> None:
        self.name, self.script, self.fill, self.bench = name, script, fill, bench
        self.child_flag = f"{name.upper()}_BENCH_CHILD"
        self.reuse_flag = f"{name.upper()}_BENCH_REUSE"

    def main(self, args: argparse.Namespace) -> int:
        if args.reuse:
            os.environ.update({"DATA_DIR": args.reuse, self.child_flag: "1", self.reuse_flag: "1"})
        if os.environ.get(self.child_flag):
            self.child(args)
            return 0
        databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
        for database in databases:
            self.run_one(database, args)
        return 0

    def run_one(self, database: str, args: argparse.Namespace) -> None:
        """Each database in its own process: Django is set up once per process."""
        env = dict(os.environ, **{self.child_flag: database})
        env["DATA_DIR"] = tempfile.mkdtemp(prefix=f"socialcycle-{self.name}-bench-")
        env.pop("REDIS_URL", None)
        env.pop("DATABASE_URL", None)
        scratch = ""
        if database == "postgres":
            scratch = f"{self.name}_bench_{os.getpid()}"
            psql(args.postgres_url, f"CREATE DATABASE {scratch}")
            env["DATABASE_URL"] = args.postgres_url.rsplit("/", 1)[0] + "/" + scratch
        try:
            print(f"== {database} ==", flush=True)
            command = [sys.executable, self.script, "--posts", str(args.posts)]
            command += ["--runs", str(args.runs)]
            subprocess.run(command, env=env, check=True)  # noqa: S603 (the script, fixed args)
        finally:
            if scratch and args.keep:
                print(f"kept: DATABASE_URL={env['DATABASE_URL']} DATA_DIR={env['DATA_DIR']}")
            elif scratch:
                psql(args.postgres_url, f"DROP DATABASE IF EXISTS {scratch}")
            if database == "sqlite" and not args.keep:
                print(f"(the SQLite data stays in {env['DATA_DIR']} for --reuse; delete it after)")

    def child(self, args: argparse.Namespace) -> None:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialcycle.settings")
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        settings.ALLOWED_HOSTS = ["*"]
        call_command("migrate", verbosity=0)
        if not os.environ.get(self.reuse_flag):
            started = time.perf_counter()
            self.fill(args.posts)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            took = time.perf_counter() - started
            print(f"filled {args.posts:,} posts in {took:.0f} s", flush=True)
        print(f"DATA_DIR={os.environ.get('DATA_DIR', '')}", flush=True)
        self.bench(args.runs)


def psql(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(statement)
