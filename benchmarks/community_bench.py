"""Time what a member waits for in the community, next to the encoder call it rests on.

    .venv/bin/python benchmarks/community_bench.py [--ideas 2000] [--runs 30]

A fresh SQLite database (temporary DATA_DIR; MODEL_DIR as configured, so the prepared
encoder is reused) with --ideas ideas posted by members through the product's own
service, then times: posting an idea (abuse check, storing the post and its analysis
queue entry, the vector for the duplicate check, the author's vote and follow), the
duplicate check shown while typing (against every open idea), and the reference: one
encoder call for one text, measured in the same run. Prints p50/p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from timing import timed  # noqa: E402 (benchmarks/ is the script's folder)

WORDS = (
    "dark mode export csv schedule scene sunrise lamp hub pairing widget calendar sync "
    "battery colour dimmer voice assistant holiday timer group rooms energy report "
    "offline guest access notifications motion sensor away mode firmware"
).split()


def sentence(rng: random.Random) -> tuple[str, str]:
    title = "Please add " + " ".join(rng.sample(WORDS, 3))
    text = "It would help if the app had " + " ".join(rng.sample(WORDS, 8)) + "."
    return title, text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ideas", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("MODEL_DIR", str(REPO / "var" / "models"))
    os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="socialcycle-community-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialcycle.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from socialcycle.analysis.pipeline import shared_pipeline
    from socialcycle.community import ideas
    from socialcycle.testing.factories import make_workspace
    from socialcycle.testing.members import make_member

    settings.EMBEDDED_SCHEDULED_TASKS = ("understanding.analyse_pending_posts",)
    call_command("migrate", verbosity=0)
    rng = random.Random(1)  # noqa: S311 (benchmark data)
    workspace = make_workspace("Community bench")
    members = [make_member(workspace, f"member{i}") for i in range(50)]
    pipeline = shared_pipeline(settings.MODEL_DIR)
    pipeline.encode(["warm up"])
    start = time.perf_counter()
    for i in range(args.ideas):
        ideas.submit_idea(members[i % len(members)], *sentence(rng))
    filled = time.perf_counter() - start
    print(f"{args.ideas} ideas posted in {filled:.1f} s ({args.ideas / filled:.0f} ideas/s)")
    rows = [
        (
            "post an idea (abuse check, store, vector, vote, follow)",
            lambda: ideas.submit_idea(members[0], *sentence(rng)),
        ),
        (
            f"duplicate check against {args.ideas}+ open ideas",
            lambda: ideas.similar_ideas(workspace, " ".join(sentence(rng))),
        ),
        (
            "reference: one encoder call for one text",
            lambda: pipeline.encode([" ".join(sentence(rng))]),
        ),
    ]
    print(f"{'what':<60} {'p50 ms':>8} {'p95 ms':>8}")
    for name, function in rows:
        p50, p95 = timed(function, args.runs)
        print(f"{name:<60} {p50:>8.1f} {p95:>8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
