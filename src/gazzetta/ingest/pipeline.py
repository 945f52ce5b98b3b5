"""The one place where received bytes become stored articles.

archive → parse → normalise → identify → (once per payload) read what the database knows →
(per item, in its own transaction) decide → store → announce. Each step is a named function of
its own module; this file only calls them in order.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from functools import cached_property, partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from gazzetta.ingest import archive, formats, store
from gazzetta.ingest.decide import Decision, Incoming, Status, decide
from gazzetta.ingest.identity import identify
from gazzetta.ingest.known import Known
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


class Lookups:
    """The tables every payload of one ingest run reads: the section table (read once, when first
    needed) and the sources named so far (each read once). A command run, an inbox sweep or one push
    is a run, so an editor's change to sections or sources applies from the next run on."""

    @cached_property
    def sections(self) -> SectionChooser:
        return SectionChooser()

    @cached_property
    def sources(self) -> store.SourceBook:
        return store.SourceBook()


@dataclass(frozen=True)
class Run:
    """What every item of one payload shares."""

    source: Source | None
    lookups: Lookups
    now: datetime
    fetch_image: store.ImageFetcher | None = None

    @property
    def sections(self) -> SectionChooser:
        return self.lookups.sections

    @property
    def sources(self) -> store.SourceBook | None:
        """The sources the items name; None when the payload came from one known source."""
        return None if self.source else self.lookups.sources


@dataclass(frozen=True)
class Prepared:
    """A parsed payload whose items are normalised and identified; nothing written yet."""

    format: str
    now: datetime
    entries: list[Incoming | ItemResult]


def ingest_payload(data: bytes, *, origin: str, source: Source | None = None, format: str | None = None,
                   url: str | None = None, now: datetime | None = None,
                   fetch_image: store.ImageFetcher | None = None, enrich: Enrich | None = None,
                   lookups: Lookups | None = None) -> list[ItemResult]:
    """Archive `data`, then parse and ingest every item in it; never raises for bad input.

    `now` fixes the clock for embargo decisions (tests); `fetch_image(url) -> bytes`, when given,
    downloads pictures after their article is stored; `enrich(item) -> item`, when given,
    completes each item before it is stored (a source's full-text mode) and must not raise;
    `lookups`, when given, is shared with the other payloads of the same run.
    """
    receipt = archive.keep(data, origin=origin, source=source, format=format, url=url)
    return process(receipt, data, now=now, fetch_image=fetch_image, enrich=enrich, lookups=lookups)


def reingest(receipt: Receipt, *, now: datetime | None = None,
             fetch_image: store.ImageFetcher | None = None) -> list[ItemResult]:
    """Ingest a receipt's archived bytes again (after a parser fix); results replace the old ones."""
    return process(receipt, archive.read(receipt), now=now, fetch_image=fetch_image)


def process(receipt: Receipt, data: bytes, *, now: datetime | None, fetch_image: store.ImageFetcher | None,
            enrich: Enrich | None = None, lookups: Lookups | None = None) -> list[ItemResult]:
    lookups = lookups or Lookups()
    prepared = prepare_payload(data, receipt, lookups, now or timezone.now(), enrich)
    return store_payload(receipt, prepared, lookups, fetch_image)


def prepare_payload(data: bytes, receipt: Receipt, lookups: Lookups, now: datetime,
                    enrich: Enrich | None = None) -> Prepared:
    """Parse, normalise and identify every item of an archived payload; reads, never writes."""
    try:
        format, parsed = parse(data, receipt.requested_format or None, receipt.url or None)
    except ParseError as error:
        return Prepared(receipt.requested_format, now, [ItemResult(Status.REJECTED.value, error=str(error))])
    run = Run(receipt.source, lookups, now)
    entries = enriched(parsed, enrich)
    if run.sources:
        run.sources.cover([entry for entry in entries if isinstance(entry, WireItem)])
    return Prepared(format, now, [prepare(entry, run) for entry in entries])


def store_payload(receipt: Receipt, prepared: Prepared, lookups: Lookups,
                  fetch_image: store.ImageFetcher | None) -> list[ItemResult]:
    """Read what the database knows about all items at once, store each in its own transaction (a
    payload costs a few reads in all, not a few per item: known.py), then record the results."""
    run = Run(receipt.source, lookups, prepared.now, fetch_image)
    known = Known([entry for entry in prepared.entries if isinstance(entry, Incoming)], run.now)
    results = [ingest_incoming(entry, run, known) if isinstance(entry, Incoming) else entry
               for entry in prepared.entries]
    archive.record(receipt, prepared.format, [asdict(result) for result in results])
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


def prepare(entry: WireItem | Rejected, run: Run) -> Incoming | ItemResult:
    """Normalise and identify one parsed entry (no writes yet); a parser's rejection becomes its result."""
    if isinstance(entry, Rejected):
        return ItemResult(Status.REJECTED.value, error=reason_of(entry), ref=entry.ref)
    try:
        source = run.source or run.sources.existing(entry)
        normalised = normalise(entry, source, run.sections)
        return Incoming(entry, normalised, identify(entry, normalised), source, run.now)
    except Exception as error:  # one broken item must not stop the rest of the payload
        return failed(entry, error)


def reason_of(entry: Rejected) -> str:
    """Return the parser's reason, prefixed by its component when the parser did not say it."""
    return entry.reason if entry.reason.startswith("ingest:") else f"ingest: {entry.format or 'parser'}: {entry.reason}"


def ingest_incoming(incoming: Incoming, run: Run, known: Known) -> ItemResult:
    """Store one item in its own transaction; a failure rolls back this item only.

    When another process stored the same key meanwhile (the unique constraint says so), the item is
    decided once more on fresh answers: a retry can never double an article.
    """
    try:
        return ingest_item(incoming, run, known)
    except IntegrityError:
        known.reload()
        return ingest_safely(incoming, run, known)
    except Exception as error:  # one broken item must not stop the rest of the payload
        known.reload()  # what this item changed in memory before rolling back is not true
        return failed(incoming.item, error)


def ingest_safely(incoming: Incoming, run: Run, known: Known) -> ItemResult:
    try:
        return ingest_item(incoming, run, known)
    except Exception as error:
        known.reload()
        return failed(incoming.item, error)


def failed(item: WireItem, error: Exception) -> ItemResult:
    log.exception("ingest: pipeline: item %r failed", item.guid or item.headline)
    return ItemResult(Status.REJECTED.value, headline=item.headline[:500], ref=item.guid,
                      error=f"ingest: pipeline: storing failed: {type(error).__name__}: {error}")


def ingest_item(incoming: Incoming, run: Run, known: Known) -> ItemResult:
    with transaction.atomic():
        incoming = with_source(incoming, run)
        decision = decide(incoming, known)
        article = store.apply(decision, incoming, known)
        announce(decision, article, run)
    known.learn(decision, article, incoming)
    if run.sources:
        run.sources.learn(incoming.source)
    return result_of(decision, article, incoming)


def with_source(incoming: Incoming, run: Run) -> Incoming:
    """Create the source a new agency or site name stands for, in the item's own transaction."""
    if incoming.source or run.source or not store.source_name(incoming.item):
        return incoming
    return replace(incoming, source=run.sources.named(incoming.item))


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
