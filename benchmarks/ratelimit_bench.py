"""Time one rate-limit check on the embedded default's file cache as its folder fills.

    .venv/bin/python benchmarks/ratelimit_bench.py [--runs 1000]

For each fill level (entries already in the folder, as past rate-limit windows leave
them), times `ratelimit.allow` (an add and an increment) on the project's SharedFileCache
and, as the reference, on Django's own FileBasedCache with the same limit of entries,
each in a fresh temporary folder. Prints p50/p95 in milliseconds and the entries left.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import timed  # benchmarks/ is the script's folder

FILLS = (100, 2_000, 9_000)
MAX_ENTRIES = 10_000


def bench_one(backend: str, fill: int, runs: int) -> tuple[float, float, int]:
    from django.core.cache import caches
    from django.test import override_settings

    from socialcycle.lib import ratelimit

    with tempfile.TemporaryDirectory() as folder:
        config: dict[str, Any] = {
            "BACKEND": backend,
            "LOCATION": folder,
            "OPTIONS": {"MAX_ENTRIES": MAX_ENTRIES},
        }
        with override_settings(CACHES={"default": config}):
            cache = caches["default"]
            for n in range(fill):
                cache.set(f"past-window:{n}", 1, timeout=0 if n % 2 else 3600)
            counter = iter(range(10**9))
            p50, p95 = timed(
                lambda: ratelimit.allow(f"bench:{next(counter) % 20}", 10**9, 60), runs
            )
            left = len(list(Path(folder).glob("*.djcache")))
            cache.close()
    return p50, p95, left


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        os.environ["DATA_DIR"] = data_dir
        os.environ.pop("REDIS_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialcycle.settings")
        import django

        django.setup()
        backends = {
            "SharedFileCache": "socialcycle.lib.file_cache.SharedFileCache",
            "reference: FileBasedCache": "django.core.cache.backends.filebased.FileBasedCache",
        }
        print(f"ratelimit.allow, {args.runs} calls each, MAX_ENTRIES {MAX_ENTRIES:,}")
        print(f"{'cache':<28} {'filled':>7} {'p50 ms':>8} {'p95 ms':>8} {'left':>7}")
        for fill in FILLS:
            for name, backend in backends.items():
                p50, p95, left = bench_one(backend, fill, args.runs)
                print(f"{name:<28} {fill:>7,} {p50:>8.3f} {p95:>8.3f} {left:>7,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
