"""How soon `socialcycle demo` (what `make run` runs) answers its first pages on a fresh
DATA_DIR, and how long the preparation beside the server takes to finish.

    .venv/bin/python benchmarks/first_page_bench.py [--port 8765] [--no-reference]

Prints the seconds from the start of `socialcycle demo` to: the sign-in page answering;
the admin's dashboard answering (signed in with the password the command printed) and
what that request took; the "Preparing the demo" notice going away. The reference is the
same demo prepared whole before serving (`socialcycle demo --no-serve` on another fresh
DATA_DIR, the path `make run` took before), whose time is the least the first page had
to wait then. The goal (issue 20): the first page within 60 s.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent
LOGIN_LINE = re.compile(r"sign in as\s+(\S+) / (\S+)")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def fresh_environment() -> dict[str, str]:
    env = dict(os.environ)
    env["DATA_DIR"] = tempfile.mkdtemp(prefix="socialcycle-first-page-")
    for name in ("DATABASE_URL", "REDIS_URL", "EMAIL_URL"):
        env.pop(name, None)
    return env


def wait_for(url: str, opener: urllib.request.OpenerDirector, deadline: float) -> float:
    """Seconds the first successful answer of `url` took, once it answers."""
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            with opener.open(url, timeout=60) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.25)
    raise SystemExit(f"{url} did not answer in time")


def sign_in(base: str, opener: urllib.request.OpenerDirector, user: str, password: str) -> None:
    with opener.open(f"{base}/accounts/login/", timeout=60) as response:
        token = CSRF.search(response.read().decode())
    assert token, "no CSRF token on the sign-in page"
    form = urllib.parse.urlencode(
        {"username": user, "password": password, "csrfmiddlewaretoken": token.group(1)}
    ).encode()
    request = urllib.request.Request(  # noqa: S310 (loopback)
        f"{base}/accounts/login/", data=form, headers={"Referer": f"{base}/accounts/login/"}
    )
    opener.open(request, timeout=60).close()


def login_from(output: Path, deadline: float) -> tuple[str, str]:
    while time.perf_counter() < deadline:
        found = LOGIN_LINE.search(output.read_text(errors="replace"))
        if found:
            return found.group(1), found.group(2)
        time.sleep(0.25)
    raise SystemExit("the demo printed no login in time")


def serve_and_measure(port: int) -> dict[str, float]:
    env = fresh_environment()
    output = Path(env["DATA_DIR"]) / "console.txt"
    base = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    started = time.perf_counter()
    deadline = started + 600
    with output.open("w") as console:
        demo = subprocess.Popen(  # noqa: S603
            [str(BIN / "socialcycle"), "demo", "--port", str(port)],
            env=env,
            stdout=console,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(f"{base}/accounts/login/", opener, deadline)
        figures = {"sign-in page answers": time.perf_counter() - started}
        user, password = login_from(output, deadline)
        sign_in(base, opener, user, password)
        took = wait_for(f"{base}/w/lumio/", opener, deadline)
        figures["dashboard answers"] = time.perf_counter() - started
        figures["that dashboard request took"] = took
        progress = Path(env["DATA_DIR"]) / "preparing.json"
        while progress.exists() and time.perf_counter() < deadline:
            time.sleep(1)
        figures["preparation finished"] = time.perf_counter() - started
        left = json.loads(progress.read_text()) if progress.exists() else None
        if left:
            raise SystemExit(f"the preparation did not finish: {left}")
        took = wait_for(f"{base}/w/lumio/", opener, deadline)
        figures["dashboard request once prepared"] = took
    finally:
        demo.send_signal(signal.SIGTERM)
        demo.wait(timeout=60)
    return figures


def reference() -> float:
    env = fresh_environment()
    started = time.perf_counter()
    subprocess.run(  # noqa: S603
        [str(BIN / "socialcycle"), "demo", "--no-serve"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--no-reference", action="store_true")
    args = parser.parse_args()
    for name, seconds in serve_and_measure(args.port).items():
        print(f"{name:>36}: {seconds:6.1f} s")
    if not args.no_reference:
        print(f"{'reference: prepared whole first':>36}: {reference():6.1f} s (before any page)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
