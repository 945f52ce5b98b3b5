"""Gazzetta's named background tasks: the same functions in-process and in Celery workers.

Without CELERY_BROKER_URL, `.delay()` runs a task at once in the caller (CELERY_TASK_ALWAYS_EAGER);
with it, the broker carries the task to a `gazzetta worker`. Messages are acknowledged only
after the task has run, so a message held by a worker that dies is delivered again; every task
is therefore safe to run twice: the pipeline stores by identity under a unique constraint
(a repeat is "unchanged"), sources and inbox files are claimed before work, and indexing and
relating overwrite what they stored before.
"""

from __future__ import annotations

import base64
import logging
from collections import Counter

from django.db import InterfaceError, OperationalError

from gazzetta.celery import app

log = logging.getLogger(__name__)

# The database or the broker went away for a moment: try again later, with growing pauses.
RELIABLE = {"acks_late": True, "reject_on_worker_lost": True, "autoretry_for": (OperationalError, InterfaceError),
            "retry_backoff": True, "retry_backoff_max": 300, "max_retries": 8}
SCHEDULE_SECONDS = 30.0


@app.task(name="gazzetta.ingest_payload", **RELIABLE)
def ingest_payload(data: str, *, origin: str, source_id: int | None = None, format: str | None = None,
                   url: str | None = None) -> dict[str, int]:
    """Archive and ingest one payload (base64, as brokers carry text); return how many items got which status."""
    from gazzetta.ingest import pipeline
    from gazzetta.newsroom.models import Source

    source = Source.objects.filter(pk=source_id).first() if source_id else None
    results = pipeline.ingest_payload(base64.b64decode(data), origin=origin, source=source, format=format, url=url)
    return dict(Counter(result.status for result in results))


def submit_payload(data: bytes, *, origin: str, **options) -> None:
    """Hand a received payload to ingest: in this process, or to a worker when a broker is set."""
    ingest_payload.delay(base64.b64encode(data).decode("ascii"), origin=origin, **options)


@app.task(name="gazzetta.poll_source", **RELIABLE)
def poll_source(source_id: int) -> str:
    """Fetch one source and ingest what it brings (claimed first: a second poller does nothing)."""
    from gazzetta.ingest import tasks

    return tasks.poll_source(source_id).status


@app.task(name="gazzetta.ingest_inbox_file", **RELIABLE)
def ingest_inbox_file(path: str) -> None:
    """Ingest one inbox file (on a machine that sees the inbox folder); renamed first, so taken once."""
    from gazzetta.ingest import tasks

    tasks.ingest_inbox_file(path)


@app.task(name="gazzetta.index_article", **RELIABLE)
def index_article(article_id: int) -> None:
    """Bring the search index up to date for one article (indexed, or removed when not published)."""
    from gazzetta.search import tasks

    tasks.index_article(article_id)


@app.task(name="gazzetta.relate_article", **RELIABLE)
def relate_article(article_id: int) -> None:
    """Compute an article's story and "Empfohlen" and store them."""
    from gazzetta.relate import tasks

    tasks.relate_article(article_id)


@app.task(name="gazzetta.schedule", **RELIABLE)
def schedule() -> int:
    """The periodic pass at scale: queue a poll for every due source and a task per settled inbox file."""
    from gazzetta.ingest import inbox, sources

    due = [poll_source.delay(source.pk) for source in sources.due_sources()]
    inbox.take_back_stalled(inbox.inbox_folder())
    files = [ingest_inbox_file.delay(str(path)) for path in inbox.ready_files(inbox.inbox_folder())]
    return len(due) + len(files)


app.conf.beat_schedule = {"gazzetta-schedule": {"task": "gazzetta.schedule", "schedule": SCHEDULE_SECONDS}}
