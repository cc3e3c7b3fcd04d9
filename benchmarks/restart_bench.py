"""How long `socialcycle serve` takes to answer after a start, and what a reload drops.

    .venv/bin/python benchmarks/restart_bench.py [--port 8765] [--reload-seconds 10]

On a fresh DATA_DIR (SQLite, migrated first): the seconds from starting `socialcycle serve`
to the first answer, three times: the first start (static files collected and compressed),
a restart with nothing changed (collection skipped), and a restart after one static
source changed. Then, with the server up and a client sending requests back to back, a
graceful reload (`kill -HUP` of the pid in DATA_DIR/gunicorn.pid): requests sent, failed
(refused, reset, 5xx) and the longest wait. The reference: a GET of a static file from the
same server just before, to show what one answer costs here.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def answers(url: str, timeout: float = 2) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback)
            return bool(response.status < 500)
    except urllib.error.HTTPError as error:
        return error.code < 500
    except OSError:
        return False


def start(env: dict[str, str], port: int) -> tuple[subprocess.Popen[bytes], float]:
    started = time.perf_counter()
    server = subprocess.Popen(  # noqa: S603
        [str(BIN / "socialcycle"), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    while not answers(url):
        if server.poll() is not None:
            raise SystemExit("socialcycle serve exited before answering")
        time.sleep(0.05)
    return server, time.perf_counter() - started


def stop(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=60)


def hammer(url: str, until: float, results: list[tuple[bool, float]]) -> None:
    while time.perf_counter() < until:
        began = time.perf_counter()
        # A request that waits while the new workers start is slow, not dropped: 30 s.
        results.append((answers(url, timeout=30), time.perf_counter() - began))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--reload-seconds", type=float, default=10.0)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="restart-bench-"))
    env = {**os.environ, "DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "socialcycle.settings"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    subprocess.run([str(BIN / "socialcycle"), "migrate"], env=env, check=True)  # noqa: S603

    for label in ("first start (collects static files)", "restart, nothing changed"):
        server, seconds = start(env, args.port)
        print(f"{label:<45} first answer after {seconds:5.1f} s")
        stop(server)
    (REPO / "socialcycle" / "static" / "css" / "site.css").touch()
    server, seconds = start(env, args.port)
    print(f"{'restart after a static file changed':<45} first answer after {seconds:5.1f} s")

    static = f"http://127.0.0.1:{args.port}/static/css/site.css"
    began = time.perf_counter()
    for _ in range(50):
        answers(static)
    print(f"reference: a static file, {(time.perf_counter() - began) / 50 * 1000:.1f} ms each")

    results: list[tuple[bool, float]] = []
    until = time.perf_counter() + args.reload_seconds
    client = threading.Thread(
        target=hammer, args=(f"http://127.0.0.1:{args.port}/", until, results)
    )
    client.start()
    time.sleep(1)
    pid = int((data / "gunicorn.pid").read_text())
    os.kill(pid, signal.SIGHUP)
    client.join()
    failed = sum(1 for ok, _ in results if not ok)
    longest = max((seconds for _, seconds in results), default=0.0)
    print(
        f"graceful reload (HUP) under a client: {len(results)} requests, {failed} failed, "
        f"longest {longest * 1000:.0f} ms"
    )
    stop(server)


if __name__ == "__main__":
    main()
