"""Benchmark serving one article page: Gazzetta cached, uncached, and nginx with the same HTML as a file.

    python bench/serve.py                         # every server, 10 s each
    python bench/serve.py --duration 5 --servers granian nginx
    python bench/serve.py --home /tmp/gz-serve    # keep the demo home there and reuse it next time
    python bench/serve.py --home /tmp/gz-serve --servers in-process   # CPU ms of one uncached page, no server

Loads the demo newsroom into a scratch GAZZETTA_HOME, picks an article page with its photo,
"Empfohlen" and story lists, then runs wrk (32 connections, loopback only) against, one at a
time: nginx serving that page's HTML as a static file; `gazzetta serve` (granian) with and
without the page cache; gunicorn sync and gthread workers with and without it (for the
server choice in docs/decisions/server.md). Prints requests/s, p99 latency, errors, the
ratios to nginx, the CPU time the server's processes spent per answered request (less
sensitive to other load on the machine than requests/s) and the machine. Servers get as
many workers as the machine has cores. `in-process` calls the WSGI application itself (page
cache off) in one process: the CPU time of one uncached page without any server or client.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CONNECTIONS = 32
CORES = os.cpu_count() or 1
NGINX_CONF = """
worker_processes {workers};
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    types {{ text/html html; }}
    server {{
        listen 127.0.0.1:{port};
        root {prefix}/www;
        location / {{ try_files /article.html =404; }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare_home(home: Path) -> dict:
    env = {**os.environ, "GAZZETTA_HOME": str(home), "DATABASE_URL": "", "CACHE_URL": "", "CELERY_BROKER_URL": ""}
    if (home / "gazzetta.sqlite3").exists():  # a kept home (--home): the demo is loaded already
        return env
    for command in (["migrate", "--noinput"], ["load_demo"], ["collectstatic", "--noinput"]):
        subprocess.run([BIN / "gazzetta", *command], env=env, check=True, capture_output=True)
    return env


def article_path(env: dict) -> str:
    """The demo article with a photo whose Empfohlen and story lists are filled."""
    script = ("from django.db.models import F; from gazzetta.newsroom.models import Article; "
              "a = Article.objects.visible().filter(images__isnull=False)"
              ".order_by(F('story').asc(nulls_last=True), '-published_at').first(); "
              "print(a.get_absolute_url())")
    found = subprocess.run([BIN / "gazzetta", "shell", "-c", script], env=env, check=True, capture_output=True)
    return found.stdout.decode().strip().splitlines()[-1]


def wait_for(url: str, deadline: float = 240.0) -> bytes:
    end = time.monotonic() + deadline
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.3)


def server_command(kind: str, port: int, threads: int | None = None) -> list[str]:
    address = f"127.0.0.1:{port}"
    if kind == "granian":
        return [str(BIN / "gazzetta"), "serve", "--port", str(port), "--workers", str(CORES),
                *(["--threads", str(threads)] if threads else [])]
    threads = ["-k", "gthread", "--threads", "4"] if kind == "gunicorn-gthread" else ["-k", "sync"]
    return [str(BIN / "gunicorn"), "gazzetta.wsgi:application", "-b", address, "-w", str(CORES), *threads,
            "--log-level", "warning"]


def start(command: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wrk(url: str, duration: int, server: subprocess.Popen) -> dict:
    """Run wrk after a short warm-up; return requests/s, p99 latency in ms, errors and server CPU ms per request."""
    subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", "-d2s", url], capture_output=True, check=True)
    cpu_before = group_cpu_seconds(server.pid)
    out = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency", url],
                         capture_output=True, check=True, text=True).stdout
    cpu = group_cpu_seconds(server.pid) - cpu_before
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p99": _milliseconds(re.search(r"99%\s+([\d.]+\w+)", out).group(1)),
            "errors": _errors(out), "cpu_ms": 1000 * cpu / max(requests, 1)}


def group_cpu_seconds(group: int) -> float:
    """User and system CPU time of every live process in a process group (the server and its workers)."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[2]) == group:  # fields after the name: state, ppid, pgrp, …, utime (12), stime (13)
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _milliseconds(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def _errors(out: str) -> int:
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return errors + (int(non_2xx.group(1)) if non_2xx else 0)


def run_nginx(html: bytes, duration: int) -> dict:
    prefix = Path(tempfile.mkdtemp(prefix="gz-nginx-"))
    prefix.chmod(0o755)  # nginx's workers drop to an unprivileged user
    (prefix / "www").mkdir(mode=0o755)
    (prefix / "www" / "article.html").write_bytes(html)
    port = free_port()
    (prefix / "nginx.conf").write_text(NGINX_CONF.format(workers=CORES, prefix=prefix, port=port))
    nginx = shutil.which("nginx", path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin")
    process = start([nginx, "-c", str(prefix / "nginx.conf"), "-p", str(prefix), "-g", "daemon off;"], dict(os.environ))
    try:
        wait_for(f"http://127.0.0.1:{port}/article.html", 10)
        return wrk(f"http://127.0.0.1:{port}/article.html", duration, process)
    finally:
        stop(process)
        shutil.rmtree(prefix, ignore_errors=True)


def run_gazzetta(kind: str, cached: bool, env: dict, path: str, duration: int, threads: int | None) -> dict:
    port = free_port()
    process = start(server_command(kind, port, threads), {**env, "GAZZETTA_PAGE_CACHE": "1" if cached else "0"})
    try:
        wait_for(f"http://127.0.0.1:{port}{path}")
        return wrk(f"http://127.0.0.1:{port}{path}", duration, process)
    finally:
        stop(process)


IN_PROCESS = """
import io, sys, time
from gazzetta.wsgi import application
from django.db import connection
environ = {"REQUEST_METHOD": "GET", "PATH_INFO": sys.argv[1], "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
           "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "wsgi.url_scheme": "http", "SERVER_PROTOCOL": "HTTP/1.1",
           "wsgi.errors": sys.stderr, "REMOTE_ADDR": "127.0.0.1"}
def page():
    status = []
    b"".join(application({**environ, "wsgi.input": io.BytesIO()}, lambda line, headers, info=None: status.append(line)))
    assert status[0].startswith("200"), status
for _ in range(20):
    page()
queries = []  # counted by a wrapper: Django empties connection.queries when a request starts
with connection.execute_wrapper(lambda execute, sql, params, many, context: queries.append(sql) or execute(sql, params, many, context)):
    page()
blocks = []
for _ in range(5):
    started = time.process_time()
    for _ in range(int(sys.argv[2])):
        page()
    blocks.append((time.process_time() - started) * 1000 / int(sys.argv[2]))
print(f"{min(blocks):.2f} {sorted(blocks)[2]:.2f} {len(queries)}")
"""


def run_in_process(env: dict, path: str, pages: int = 60) -> dict:
    """Best and median of five blocks of `pages` uncached pages, CPU ms each, and the page's query count."""
    out = subprocess.run([sys.executable, "-c", IN_PROCESS, path, str(pages)], check=True, capture_output=True, text=True,
                         env={**env, "GAZZETTA_PAGE_CACHE": "0", "DJANGO_SETTINGS_MODULE": "gazzetta.settings"})
    best, median, queries = out.stdout.split()
    return {"best": float(best), "median": float(median), "queries": int(queries)}


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (f"{model}, {CORES} cores, Python {platform.python_version()}, {platform.system()} "
            f"{platform.release()}; load average before the run {load}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--servers", nargs="+", default=["nginx", "granian", "gunicorn-sync", "gunicorn-gthread"])
    parser.add_argument("--threads", type=int, help="granian threads per worker (default: gazzetta serve's)")
    parser.add_argument("--home", type=Path, help="GAZZETTA_HOME to keep the demo in and reuse (default: a scratch one)")
    options = parser.parse_args()
    print(f"machine: {machine()}")
    home = options.home or Path(tempfile.mkdtemp(prefix="gz-bench-serve-"))
    home.mkdir(parents=True, exist_ok=True)
    try:
        env = prepare_home(home)
        path = article_path(env)
        html = wait_for_page(env, path)
        print(f"page: {path} ({len(html):,} bytes), wrk {CONNECTIONS} connections, {options.duration} s per run")
        report(measure(options, env, path, html))
    finally:
        if not options.home:
            shutil.rmtree(home, ignore_errors=True)


def wait_for_page(env: dict, path: str) -> bytes:
    """The page's HTML as the server renders it (nginx serves these bytes)."""
    port = free_port()
    process = start(server_command("granian", port), {**env, "GAZZETTA_PAGE_CACHE": "0"})
    try:
        return wait_for(f"http://127.0.0.1:{port}{path}")
    finally:
        stop(process)


def measure(options, env: dict, path: str, html: bytes) -> list[tuple[str, dict]]:
    rows = []
    for server in options.servers:
        if server == "in-process":
            figures = run_in_process(env, path)
            print(f"  in-process, uncached: {figures['best']:.2f} ms CPU per page (median {figures['median']:.2f}), "
                  f"{figures['queries']} queries", flush=True)
            continue
        if server == "nginx":
            rows.append(("nginx, static file", run_nginx(html, options.duration)))
            continue
        for cached in (True, False):
            label = f"{server}, {'cached' if cached else 'uncached'}"
            rows.append((label, run_gazzetta(server, cached, env, path, options.duration, options.threads)))
            print(f"  {label}: {rows[-1][1]['rps']:,.0f} requests/s", flush=True)
    return rows


def report(rows: list[tuple[str, dict]]) -> None:
    if not rows:
        return
    nginx = next((figures["rps"] for label, figures in rows if label.startswith("nginx")), None)
    print("\n| server | requests/s | p99 ms | errors | of nginx | server CPU ms/request |\n|---|---:|---:|---:|---:|---:|")
    for label, figures in rows:
        share = f"{figures['rps'] / nginx:.1%}" if nginx else "-"
        print(f"| {label} | {figures['rps']:,.0f} | {figures['p99']:.1f} | {figures['errors']} | {share} "
              f"| {figures['cpu_ms']:.2f} |")
    print(f"load average after the run: {', '.join(f'{value:.1f}' for value in os.getloadavg())}")


if __name__ == "__main__":
    main()
