"""Named background tasks of ingest.

They take plain arguments (ids, paths) so that a queue can carry them: the embedded
default calls them in-process from the scheduler; at scale a Celery worker runs the same
functions.
"""

from __future__ import annotations

from pathlib import Path

from gazzetta.ingest import inbox, sources
from gazzetta.newsroom.models import Source


def poll_source(source_id: int) -> sources.PollResult:
    """Poll one source now (whether due or not) and ingest what it brings."""
    source = Source.objects.get(pk=source_id)
    return sources.poll(source)


def ingest_inbox_file(path: str) -> inbox.InboxOutcome | None:
    """Ingest one file dropped into the inbox and file it away; None if another worker took it."""
    return inbox.ingest_file(Path(path))
