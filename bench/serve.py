"""Benchmark serving one article page: Gazzetta cached, uncached, and nginx with the same HTML as a file.

    python bench/serve.py                         # every server, 10 s each
    python bench/serve.py --duration 5 --servers granian nginx

Loads the demo newsroom into a scratch GAZZETTA_HOME, picks an article page with its photo,
"Empfohlen" and story lists, then runs wrk (32 connections, loopback only) against, one at a
time: nginx serving that page's HTML as a static file; `gazzetta serve` (granian) with and
without the page cache; gunicorn sync and gthread workers with and without it (for the
server choice in docs/decisions/server.md). Prints requests/s, p99 latency, errors, the
ratios to nginx and the machine. Servers get as many workers as the machine has cores.
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


def server_command(kind: str, port: int) -> list[str]:
    address = f"127.0.0.1:{port}"
    if kind == "granian":
        return [str(BIN / "gazzetta"), "serve", "--port", str(port), "--workers", str(CORES)]
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


def wrk(url: str, duration: int) -> dict:
    """Run wrk after a short warm-up; return requests/s, p99 latency in ms and the error count."""
    subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", "-d2s", url], capture_output=True, check=True)
    out = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency", url],
                         capture_output=True, check=True, text=True).stdout
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p99": _milliseconds(re.search(r"99%\s+([\d.]+\w+)", out).group(1)),
            "errors": _errors(out)}


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
        return wrk(f"http://127.0.0.1:{port}/article.html", duration)
    finally:
        stop(process)
        shutil.rmtree(prefix, ignore_errors=True)


def run_gazzetta(kind: str, cached: bool, env: dict, path: str, duration: int) -> dict:
    port = free_port()
    process = start(server_command(kind, port), {**env, "GAZZETTA_PAGE_CACHE": "1" if cached else "0"})
    try:
        wait_for(f"http://127.0.0.1:{port}{path}")
        return wrk(f"http://127.0.0.1:{port}{path}", duration)
    finally:
        stop(process)


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
    options = parser.parse_args()
    print(f"machine: {machine()}")
    home = Path(tempfile.mkdtemp(prefix="gz-bench-serve-"))
    try:
        env = prepare_home(home)
        path = article_path(env)
        html = wait_for_page(env, path)
        print(f"page: {path} ({len(html):,} bytes), wrk {CONNECTIONS} connections, {options.duration} s per run")
        report(measure(options, env, path, html))
    finally:
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
        if server == "nginx":
            rows.append(("nginx, static file", run_nginx(html, options.duration)))
            continue
        for cached in (True, False):
            label = f"{server}, {'cached' if cached else 'uncached'}"
            rows.append((label, run_gazzetta(server, cached, env, path, options.duration)))
            print(f"  {label}: {rows[-1][1]['rps']:,.0f} requests/s", flush=True)
    return rows


def report(rows: list[tuple[str, dict]]) -> None:
    nginx = next((figures["rps"] for label, figures in rows if label.startswith("nginx")), None)
    print(f"\n| server | requests/s | p99 ms | errors | of nginx |\n|---|---:|---:|---:|---:|")
    for label, figures in rows:
        share = f"{figures['rps'] / nginx:.1%}" if nginx else "-"
        print(f"| {label} | {figures['rps']:,.0f} | {figures['p99']:.1f} | {figures['errors']} | {share} |")


if __name__ == "__main__":
    main()
