"""Poll one source: fetch its URL, hand the bytes to the pipeline, keep its health up to date.

A source is due when it is enabled and its poll interval has passed since the last fetch;
after errors the interval grows (doubling per error in a row, up to ERROR_BACKOFF_CAP times)
so that a broken wire is not hammered. A poll first claims the source with a conditional
update of last_fetched_at, so that two schedulers (a `serve` thread and a `worker`) never
poll the same source at once.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.db.models import F
from django.utils import timezone

from gazzetta.ingest import pipeline
from gazzetta.ingest.fetch import FetchError, FetchResult, fetch, fetch_image
from gazzetta.ingest.wireitem import ParseError, WireItem
from gazzetta.newsroom.models import Source

log = logging.getLogger(__name__)

FEED_MAX_BYTES = 20 * 1024 * 1024
PAGE_MAX_BYTES = 5 * 1024 * 1024
FETCH_TIMEOUT = 30.0
ERROR_BACKOFF_CAP = 16
FULL_TEXT_MIN_CHARS = 600  # feed items with less text than this get their linked page read

Fetcher = Callable[..., FetchResult]
_MARKUP = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class PollResult:
    """The outcome of polling one source: ok, not-modified, failed or busy (claimed elsewhere)."""

    source: str
    status: str
    results: tuple = ()
    error: str = ""

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    def counts(self) -> Counter:
        return Counter(result.status for result in self.results)

    def summary(self) -> str:
        counted = ", ".join(f"{count} {status}" for status, count in sorted(self.counts().items()))
        return f"{self.source}: {self.status}" + (f" ({counted})" if counted else "") + (
            f": {self.error}" if self.error else "")


def backoff_factor(source: Source) -> int:
    return min(2 ** source.error_streak, ERROR_BACKOFF_CAP)


def next_poll_at(source: Source) -> datetime | None:
    """When the source is next due; None means now (never fetched)."""
    if source.last_fetched_at is None:
        return None
    return source.last_fetched_at + timedelta(seconds=source.poll_interval * backoff_factor(source))


def is_due(source: Source, now: datetime) -> bool:
    due_at = next_poll_at(source)
    return source.enabled and bool(source.url) and (due_at is None or due_at <= now)


def due_sources(now: datetime | None = None) -> list[Source]:
    now = now or timezone.now()
    return [source for source in Source.objects.filter(enabled=True).exclude(url="") if is_due(source, now)]


def poll(source: Source, *, now: datetime | None = None, ingest: Callable | None = None,
         fetcher: Fetcher = fetch) -> PollResult:
    """Fetch `source` once and ingest what is new; never raises, the outcome says what happened.

    `ingest` defaults to pipeline.ingest_payload (tests hand in a stand-in).
    """
    now = now or timezone.now()
    if not claim(source, now):
        return PollResult(source.key, "busy")
    try:
        return _poll_claimed(source, now, ingest or pipeline.ingest_payload, fetcher)
    except FetchError as error:
        return record_failure(source, str(error), now)
    except Exception as error:  # a bug in a parser or the pipeline must not stop the scheduler
        log.exception("ingest: sources: polling %s failed", source.key)
        return record_failure(source, f"ingest: sources: {type(error).__name__}: {error}", now)


def claim(source: Source, now: datetime) -> bool:
    """Mark the source as being fetched, unless another poller did so since we read it."""
    claimed = Source.objects.filter(pk=source.pk, last_fetched_at=source.last_fetched_at).update(last_fetched_at=now)
    if claimed:
        source.last_fetched_at = now
    return bool(claimed)


def _poll_claimed(source: Source, now: datetime, ingest: Callable, fetcher: Fetcher) -> PollResult:
    fetched = fetcher(source.url, max_bytes=FEED_MAX_BYTES, timeout=FETCH_TIMEOUT,
                      etag=source.etag or None, last_modified=source.last_modified or None)
    if fetched.not_modified:
        return record_success(source, fetched, (), now)
    results = tuple(ingest(fetched.content, **_ingest_options(source, fetched, fetcher)))
    if results and all(result.status == "rejected" for result in results):
        return record_failure(source, results[0].error, now, results)
    return record_success(source, fetched, results, now)


def _ingest_options(source: Source, fetched: FetchResult, fetcher: Fetcher) -> dict:
    options = {"origin": f"source:{source.key}", "source": source, "format": source.format or None,
               "url": fetched.url, "fetch_image": fetch_image}
    if source.full_text:
        options["enrich"] = lambda item: with_full_text(item, fetcher=fetcher)
    return options


def record_success(source: Source, fetched: FetchResult, results: tuple, now: datetime) -> PollResult:
    """Remember the validators for the next conditional GET and clear the error streak."""
    source.etag, source.last_modified = fetched.etag or source.etag, fetched.last_modified or source.last_modified
    source.last_success_at, source.error_streak, source.last_error = now, 0, ""
    source.save(update_fields=["etag", "last_modified", "last_success_at", "error_streak", "last_error"])
    return PollResult(source.key, "not-modified" if fetched.not_modified else "ok", results)


def record_failure(source: Source, error: str, now: datetime, results: tuple = ()) -> PollResult:
    """Count the error in a row (which lengthens the wait before the next poll) and keep its text."""
    Source.objects.filter(pk=source.pk).update(
        error_streak=F("error_streak") + 1, last_error=error, last_error_at=now, last_fetched_at=now)
    source.refresh_from_db(fields=["error_streak", "last_error", "last_error_at", "last_fetched_at"])
    log.warning("%s", error)
    return PollResult(source.key, "failed", results, error)


def with_full_text(item: WireItem, *, fetcher: Fetcher = fetch) -> WireItem:
    """Return `item` with the text of its linked page when the feed gave only a short teaser.

    The page goes through the html parser; when it cannot be fetched or read, the item is
    kept as the feed gave it (a teaser is better than nothing).
    """
    if not item.url or _text_length(item) >= FULL_TEXT_MIN_CHARS:
        return item
    try:
        page = fetcher(item.url, max_bytes=PAGE_MAX_BYTES, timeout=FETCH_TIMEOUT)
        _format, entries = pipeline.parse(page.content, "html", page.url)
    except (FetchError, ParseError) as error:
        log.warning("ingest: sources: full text of %s not read: %s", item.url, error)
        return item
    extracted = _first_item(entries)
    return _merge_page(item, extracted) if extracted and _text_length(extracted) > _text_length(item) else item


def _text_length(item: WireItem) -> int:
    """Characters of text, markup left out."""
    if item.body_html:
        return len(_MARKUP.sub("", item.body_html).strip())
    return sum(len(paragraph) for paragraph in item.paragraphs)


def _first_item(results: list) -> WireItem | None:
    return next((result for result in results if isinstance(result, WireItem)), None)


def _merge_page(item: WireItem, page: WireItem) -> WireItem:
    """Keep the feed's identity and metadata; take the page's text, and its pictures when the feed had none."""
    return replace(item, body_html=page.body_html, paragraphs=page.paragraphs, lead=item.lead or page.lead,
                   images=item.images or page.images, authors=item.authors or page.authors)
