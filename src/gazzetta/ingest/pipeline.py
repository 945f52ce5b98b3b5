"""The one place where received bytes become stored articles.

archive → parse → (per item, in its own transaction) normalise → identify → decide → store →
announce. Each step is a named function of its own module; this file only calls them in order.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from functools import partial

from django.db import transaction
from django.utils import timezone

from gazzetta.ingest import archive, formats, store
from gazzetta.ingest.decide import Decision, Incoming, Status, decide
from gazzetta.ingest.identity import identify
from gazzetta.ingest.models import Receipt
from gazzetta.ingest.normalise import SectionChooser, normalise
from gazzetta.ingest.wireitem import ParseError, ParseResult, Rejected, WireItem
from gazzetta.newsroom.models import Article, Source
from gazzetta.newsroom.signals import article_changed

log = logging.getLogger(__name__)

RESULT_FIELDS = ("status", "id", "url", "headline", "language", "source", "error")
Enrich = Callable[[WireItem], WireItem]
# The change announced after commit, per action that altered an article.
ANNOUNCED = {Status.CREATED: "created", Status.UPDATED: "updated", Status.WITHDRAWN: "withdrawn"}


@dataclass(frozen=True, slots=True)
class ItemResult:
    """What became of one item of a payload."""

    status: str
    id: int | None = None
    url: str = ""
    headline: str = ""
    language: str = ""
    source: str = ""
    error: str = ""
    ref: str = ""

    def as_json(self) -> dict:
        return {name: getattr(self, name) for name in RESULT_FIELDS}


@dataclass(frozen=True)
class Run:
    """What every item of one payload shares."""

    source: Source | None
    sections: SectionChooser
    now: datetime
    fetch_image: store.ImageFetcher | None


def ingest_payload(data: bytes, *, origin: str, source: Source | None = None, format: str | None = None,
                   url: str | None = None, now: datetime | None = None,
                   fetch_image: store.ImageFetcher | None = None, enrich: Enrich | None = None) -> list[ItemResult]:
    """Archive `data`, then parse and ingest every item in it; never raises for bad input.

    `now` fixes the clock for embargo decisions (tests); `fetch_image(url) -> bytes`, when given,
    downloads pictures after their article is stored; `enrich(item) -> item`, when given,
    completes each item before it is stored (a source's full-text mode) and must not raise.
    """
    receipt = archive.keep(data, origin=origin, source=source, format=format, url=url)
    return process(receipt, data, now=now, fetch_image=fetch_image, enrich=enrich)


def reingest(receipt: Receipt, *, now: datetime | None = None,
             fetch_image: store.ImageFetcher | None = None) -> list[ItemResult]:
    """Ingest a receipt's archived bytes again (after a parser fix); results replace the old ones."""
    return process(receipt, archive.read(receipt), now=now, fetch_image=fetch_image)


def process(receipt: Receipt, data: bytes, *, now: datetime | None,
            fetch_image: store.ImageFetcher | None, enrich: Enrich | None = None) -> list[ItemResult]:
    run = Run(receipt.source, SectionChooser(), now or timezone.now(), fetch_image)
    try:
        format, parsed = parse(data, receipt.requested_format or None, receipt.url or None)
    except ParseError as error:
        format, results = receipt.requested_format, [ItemResult(Status.REJECTED.value, error=str(error))]
    else:
        results = [ingest_entry(entry, run) for entry in enriched(parsed, enrich)]
    archive.record(receipt, format, [asdict(result) for result in results])
    return results


def parse(data: bytes, format: str | None, url: str | None) -> tuple[str, ParseResult]:
    """Return the payload's format and its items; every failure becomes a ParseError."""
    data = decompressed(data)
    name = format or formats.detect_format(data)
    try:
        return name, formats.parse(data, format=name, url=url)
    except ParseError:
        raise
    except ModuleNotFoundError as error:
        raise ParseError(f"ingest: pipeline: no parser for format {name!r} yet ({error.name})") from error
    except Exception as error:  # a parser bug must not lose the payload or stop the caller
        log.exception("ingest: pipeline: the %s parser failed", name)
        raise ParseError(f"ingest: pipeline: the {name} parser failed: {type(error).__name__}: {error}") from error


def enriched(parsed: ParseResult, enrich: Enrich | None) -> ParseResult:
    """Let the caller complete items (it may fetch pages), outside any transaction."""
    if enrich is None:
        return parsed
    return [enrich(entry) if isinstance(entry, WireItem) else entry for entry in parsed]


def decompressed(data: bytes) -> bytes:
    try:
        return formats.decompress(data)
    except (OSError, EOFError, zlib.error) as error:
        raise ParseError(f"ingest: pipeline: broken gzip stream: {error}") from error


def ingest_entry(entry: WireItem | Rejected, run: Run) -> ItemResult:
    """Ingest one parsed entry in its own transaction; a failure rolls back this item only."""
    if isinstance(entry, Rejected):
        return ItemResult(Status.REJECTED.value, error=reason_of(entry), ref=entry.ref)
    try:
        with transaction.atomic():
            return ingest_item(entry, run)
    except Exception as error:  # one broken item must not stop the rest of the payload
        log.exception("ingest: pipeline: item %r failed", entry.guid or entry.headline)
        return ItemResult(Status.REJECTED.value, headline=entry.headline[:500], ref=entry.guid,
                          error=f"ingest: pipeline: storing failed: {type(error).__name__}: {error}")


def reason_of(entry: Rejected) -> str:
    """Return the parser's reason, prefixed by its component when the parser did not say it."""
    return entry.reason if entry.reason.startswith("ingest:") else f"ingest: {entry.format or 'parser'}: {entry.reason}"


def ingest_item(item: WireItem, run: Run) -> ItemResult:
    source = run.source or store.source_for(item)
    normalised = normalise(item, source, run.sections)
    incoming = Incoming(item, normalised, identify(item, normalised), source, run.now)
    decision = decide(incoming)
    article = store.apply(decision, incoming)
    announce(decision, article, run)
    return result_of(decision, article, incoming)


def announce(decision: Decision, article: Article | None, run: Run) -> None:
    """After this item's transaction commits, tell subscribers and fetch its pictures."""
    if article is None or decision.action not in ANNOUNCED:
        return
    transaction.on_commit(partial(article_changed.send, sender=Article, article_id=article.pk,
                                  change=ANNOUNCED[decision.action]))
    if run.fetch_image and decision.action != Status.WITHDRAWN:
        transaction.on_commit(partial(store.fetch_missing_images, article.pk, run.fetch_image))


def result_of(decision: Decision, article: Article | None, incoming: Incoming) -> ItemResult:
    source = incoming.source.name if incoming.source else ""
    if article is None:
        return ItemResult(decision.status.value, headline=incoming.normalised.headline, source=source,
                          error=decision.reason, ref=incoming.identity.key)
    return ItemResult(decision.status.value, id=article.pk, url=article.get_absolute_url(), headline=article.headline,
                      language=article.language, source=source, ref=incoming.identity.key)
