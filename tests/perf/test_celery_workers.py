"""Ingest at scale: two real `gazzetta worker` processes (Celery on Redis) writing to PostgreSQL.

One worker is killed (SIGKILL) mid-run; the message it held comes back after the visibility
timeout and the other worker ingests that payload again (its items stored before the kill are
then "unchanged"). Every item must be stored exactly once, none lost, and the page cache,
shared in Redis, must have been invalidated by the workers.
"""

import base64
import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from io import BytesIO

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, connection

from gazzetta.celery import app as celery_app
from gazzetta.ingest.models import Receipt
from gazzetta.newsroom.models import Article
from gazzetta.server import pagecache
from gazzetta.tasks import ingest_payload, submit_payload

pytestmark = pytest.mark.django_db(transaction=True)

REDIS = "redis://127.0.0.1:6379"
BROKER, PAGES = f"{REDIS}/13", f"{REDIS}/12"
QUEUE = f"gazzetta-test-{uuid.uuid4().hex[:12]}"  # a queue of this run's own: other runs may share Redis
PAYLOADS, ITEMS_PER_PAYLOAD = 100, 10
TASK_TIME_LIMIT = 8  # seconds; a killed worker's message returns after twice this
DEADLINE = 105.0
WORDS = [f"{a}{b}" for a in ("har", "por", "tri", "ven", "mar", "cos", "lin", "sta", "fer", "gio")
         for b in ("bor", "ta", "este", "ice", "ina", "ta", "ea", "zione", "rovia", "rno", "lo", "nte")]


def _require_services() -> None:
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not answering at 127.0.0.1:6379")


def _database_url() -> str:
    """The test database, as the worker processes reach it (commits not waiting for the disk: a test)."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    server = f"{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{server}/{db['NAME']}?options=-c%20synchronous_commit%3Doff"


@pytest.fixture
def services():
    _require_services()


@pytest.fixture
def broker(services):
    """Send a payload to ingest through the Redis broker, on this run's own queue."""
    eager, celery_app.conf.task_always_eager = celery_app.conf.task_always_eager, False
    with celery_app.connection_for_write(BROKER) as connection:
        yield lambda data: ingest_payload.apply_async(
            (base64.b64encode(data).decode("ascii"),), {"origin": "scale-test", "format": "ninjs"},
            connection=connection, queue=QUEUE)
    celery_app.conf.task_always_eager = eager


@pytest.fixture
def workers(tmp_path, services):
    env = {**os.environ, "DATABASE_URL": _database_url(), "CELERY_BROKER_URL": BROKER, "CACHE_URL": PAGES,
           "GAZZETTA_HOME": str(tmp_path / "home"), "GAZZETTA_TASK_TIME_LIMIT": str(TASK_TIME_LIMIT)}
    command = [sys.executable, "-m", "gazzetta", "worker", "--pool", "solo", "--concurrency", "1", "--no-beat",
               "--queues", QUEUE]
    started = [subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True) for _ in range(2)]
    yield started
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


@pytest.fixture
def cached_site(monkeypatch):
    """The page cache on the workers' Redis, in front of Django, in this process."""
    store = pagecache.RedisStore(PAGES, ttl=600)
    store.invalidate({pagecache.ALL})
    monkeypatch.setattr(pagecache, "default_store", lambda: store)
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield pagecache.PageCache(WSGIHandler(), store, pagecache.policy_from_settings())
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def get(app, path: str) -> tuple[str, str]:
    """Return (X-Cache, body) of a GET through the WSGI stack."""
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "testserver",
               "SERVER_PORT": "80", "HTTP_HOST": "testserver", "wsgi.url_scheme": "http", "wsgi.input": BytesIO(),
               "wsgi.errors": sys.stderr}
    headers = {}
    body = b"".join(app(environ, lambda status, pairs, exc_info=None: headers.update(pairs)))
    return headers.get("X-Cache", "bypass"), body.decode()


def payload(number: int, rng: random.Random) -> bytes:
    """Ten ninjs items with texts of their own (so near-duplicate detection keeps them apart)."""
    items = []
    for index in range(ITEMS_PER_PAYLOAD):
        words = " ".join(rng.choice(WORDS) for _ in range(80))
        items.append({"uri": f"urn:scale:{number}:{index}", "type": "text", "language": "en",
                      "headline": f"Scale test {number}-{index}: {' '.join(rng.sample(WORDS, 4))}",
                      "body_html": f"<p>{words}.</p><p>Item {number}-{index} of the scale test.</p>"})
    return json.dumps(items).encode()


def wait_for_articles(count: int, deadline: float) -> int:
    while (stored := Article.objects.filter(guid__startswith="urn:scale:").count()) < count:
        if time.monotonic() > deadline:
            break
        time.sleep(0.25)
    return stored


@pytest.mark.engine("postgresql")  # the workers share the test database: SQLite cannot take two writers' load
def test_a_thousand_items_through_two_workers_one_killed_are_stored_exactly_once(broker, workers, cached_site):
    start = time.monotonic()
    assert get(cached_site, "/en/")[0] == "miss"
    assert get(cached_site, "/en/")[0] == "hit"
    rng = random.Random(8)
    for number in range(PAYLOADS):
        broker(payload(number, rng))
    wait_for_articles(100, start + DEADLINE / 2)
    os.killpg(workers[0].pid, signal.SIGKILL)
    stored = wait_for_articles(PAYLOADS * ITEMS_PER_PAYLOAD, start + DEADLINE)
    expected = {f"urn:scale:{number}:{index}" for number in range(PAYLOADS) for index in range(ITEMS_PER_PAYLOAD)}
    assert stored == len(expected)
    assert set(Article.objects.filter(guid__startswith="urn:scale:").values_list("guid", flat=True)) == expected
    receipts = Receipt.objects.filter(origin="scale-test")
    assert receipts.count() > PAYLOADS  # the killed worker's payload was delivered again and re-read
    assert not any(receipt.count("rejected") for receipt in receipts)
    state, html = get(cached_site, "/en/")
    assert state == "miss" and "Scale test" in html


@pytest.mark.django_db
def test_without_a_broker_tasks_run_in_the_calling_process(settings, tmp_path):
    settings.HOME = tmp_path
    submit_payload(payload(0, random.Random(1)), origin="embedded", format="ninjs")
    assert Article.objects.filter(guid__startswith="urn:scale:0:").count() == ITEMS_PER_PAYLOAD
    assert Receipt.objects.get(origin="embedded").count("created") == ITEMS_PER_PAYLOAD
