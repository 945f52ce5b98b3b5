"""LocalWire: a real HTTP server on 127.0.0.1 for tests that fetch, push or purge over the network."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    """One canned answer; `declare_length=False` ends the body by closing the connection."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    declare_length: bool = True


class LocalWire:
    """A tiny HTTP server: each path answers its replies in turn, the last one repeating."""

    def __init__(self):
        self.routes: dict[str, list[Reply | Callable[[dict], Reply]]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.methods: list[tuple[str, str]] = []  # (method, path) of every request
        self.default = Reply(404, b"not here")  # the answer of a path without a route
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.server.daemon_threads = True

    def route(self, path: str, *replies: Reply | Callable[[dict], Reply]) -> str:
        self.routes[path] = list(replies)
        return self.url(path)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def hits(self, path: str) -> int:
        return sum(1 for seen, _headers in self.requests if seen == path)

    def _next_reply(self, path: str, headers: dict[str, str]) -> Reply:
        replies = self.routes.get(path) or [self.default]
        reply = replies.pop(0) if len(replies) > 1 else replies[0]
        return reply(headers) if callable(reply) else reply

    def _handler_class(self):
        wire = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                headers = {key.lower(): value for key, value in self.headers.items()}
                wire.requests.append((self.path, headers))
                wire.methods.append((self.command, self.path))
                reply = wire._next_reply(self.path, headers)
                time.sleep(reply.delay)
                try:
                    self._send(reply)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up first, as the timeout tests intend

            do_PURGE = do_POST = do_GET

            def _send(self, reply: Reply):
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.declare_length:
                    self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            def log_message(self, *args):
                """Keep request logs out of the test output."""

        return Handler


@contextmanager
def running() -> Iterator[LocalWire]:
    """A LocalWire serving until the block ends."""
    local = LocalWire()
    thread = threading.Thread(target=local.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield local
    finally:
        local.server.shutdown()
        local.server.server_close()
