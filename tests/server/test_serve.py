"""`gazzetta serve` as a reader's machine runs it: a fresh home, a real server process, real HTTP."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, deadline: float) -> tuple[int, bytes]:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status, response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.fixture
def served(tmp_path):
    port = _free_port()
    env = {**os.environ, "GAZZETTA_HOME": str(tmp_path / "home"), "DATABASE_URL": ""}
    process = subprocess.Popen(
        [sys.executable, "-m", "gazzetta", "serve", "--port", str(port), "--workers", "1"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    yield f"http://127.0.0.1:{port}", tmp_path / "home"
    process.terminate()
    process.wait(timeout=20)


def test_serve_migrates_a_fresh_home_and_answers(served):
    base, home = served
    status, body = _get(base + "/healthz", time.monotonic() + 240)
    assert status == 200 and b'"ok"' in body
    assert (home / "gazzetta.sqlite3").exists()
    assert (home / "secret_key").stat().st_mode & 0o077 == 0
    status, body = _get(base + "/de/", time.monotonic() + 10)
    assert status == 200 and b'<html lang="de"' in body
    status, css = _get(base + "/static/gazzetta/site.css", time.monotonic() + 10)
    assert status == 200 and b"ts-4" in css
