"""A platform's HTTP API played by a local server, for connector tests.

The platforms cannot be reached from here, so each test scripts the answers a platform
documents (fixtures written from its API reference) and the connector talks to this
server through its real HTTP client over a real socket. `answer(path, …)` queues answers
for a path, served in order; the last one repeats. Every request is kept in `asked`
(its query in `asked_queries`, its headers in `asked_headers`).
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Posted:
    """A POST the server received: its path, headers and body (for what was published)."""

    path: str
    headers: dict[str, str]
    body: bytes


class PlatformServer:
    def __init__(self) -> None:
        self._answers: dict[str, list[Answer]] = defaultdict(list)
        self.asked: list[str] = []
        self.asked_queries: list[str] = []
        self.asked_headers: list[dict[str, str]] = []
        self.posted: list[Posted] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def answer(
        self,
        path: str,
        *,
        json_body: Any = None,
        fixture: Path | None = None,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        if fixture is not None:
            body = fixture.read_bytes()
        elif json_body is not None:
            body = json.dumps(json_body).encode()
        else:
            body = b""
        with self._lock:
            self._answers[path].append(Answer(status, body, headers or {}))

    def forget(self) -> None:
        """Drop every scripted answer and what was asked, for the next act of a test."""
        with self._lock:
            self._answers.clear()
            self.asked.clear()
            self.asked_queries.clear()
            self.asked_headers.clear()
            self.posted.clear()

    def _next(self, path: str) -> Answer:
        with self._lock:
            self.asked.append(path)
            queued = self._answers.get(path)
            if not queued:
                return Answer(404, b'{"error": "not found"}')
            return queued.pop(0) if len(queued) > 1 else queued[0]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                with server._lock:
                    server.asked_queries.append(parts.query)
                    server.asked_headers.append(dict(self.headers))
                answer = server._next(parts.path)
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with server._lock:
                    server.posted.append(Posted(urlsplit(self.path).path, dict(self.headers), body))
                self.do_GET()

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler

    @contextmanager
    def running(self) -> Iterator[PlatformServer]:
        # serve_forever looks for shutdown() every poll_interval: 0.5 s by default, which
        # every test using this server would wait once more at its end.
        thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()
