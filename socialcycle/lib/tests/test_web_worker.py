"""A worker told to stop gracefully (what a reload does to the old workers) still answers a
connection it had accepted before: gunicorn's own threaded worker closed it unanswered."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from socialcycle.testing.servers import free_port

WORKER_CLASS = "socialcycle.lib.web_worker.DrainingThreadWorker"
GUNICORN = (sys.executable, "-m", "gunicorn", "socialcycle.wsgi:application", "--threads=2")
WORKER = f"--worker-class={WORKER_CLASS}"
PATH = "/api/openapi.json"  # a page that needs no database


def workers_of(arbiter: int) -> list[int]:
    children = Path(f"/proc/{arbiter}/task/{arbiter}/children").read_text().split()
    return [int(pid) for pid in children]


def answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{PATH}", timeout=5) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


@pytest.fixture
def gunicorn(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "socialcycle.settings",
        "REDIS_URL": "",
    }
    server = subprocess.Popen(
        [*GUNICORN, WORKER, "--bind", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not answers(port):  # the worker has loaded the application and is serving
        assert time.monotonic() < deadline, "gunicorn never answered"
        time.sleep(0.1)
    yield port, server.pid
    server.terminate()
    # The worker that replaced the stopped one may still be loading the application on a
    # busy machine, and gunicorn then waits up to its 30 s graceful timeout: wait longer.
    try:
        server.wait(timeout=90)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def test_a_connection_accepted_before_the_stop_is_answered_then_the_worker_leaves(gunicorn):
    port, arbiter = gunicorn
    (worker,) = workers_of(arbiter)
    client = socket.create_connection(("127.0.0.1", port), timeout=30)
    time.sleep(0.5)  # the worker has accepted it; the request is not sent yet

    os.kill(worker, signal.SIGTERM)  # what gunicorn does to old workers on a reload
    time.sleep(1.5)  # gunicorn's own threaded worker had left by now, closing it
    client.sendall(f"GET {PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    answer = b""
    while chunk := client.recv(65536):
        answer += chunk
    client.close()

    head = answer.split(b"\r\n\r\n", 1)[0].decode()
    assert head.startswith("HTTP/1.1 200 OK"), head
    assert "Connection: close" in head
    deadline = time.monotonic() + 15
    while worker in workers_of(arbiter):  # gone once nothing is left to answer
        assert time.monotonic() < deadline, "the worker never left"
        time.sleep(0.1)
