"""The one shape every format parser produces and the pipeline consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class PubStatus(StrEnum):
    """Publication status as wires state it (IPTC pubStatus)."""

    USABLE = "usable"
    WITHHELD = "withheld"
    CANCELED = "canceled"


# Signals (IPTC sig:…, agency variants) that take a story back; compared by the part after the colon.
KILL_SIGNALS = frozenset({"kill", "withdrawal", "withdrawn", "withdraw", "cancel", "canceled", "cancelled"})


def kill_signal(signals: tuple[str, ...]) -> str:
    """Return the first signal that takes the story back ('' when none does)."""
    return next((signal for signal in signals if signal.rsplit(":", 1)[-1].lower() in KILL_SIGNALS), "")


def takes_back(pub_status: PubStatus, signals: tuple[str, ...] = ()) -> bool:
    """Tell whether an item withdraws its story: such an item needs its guid, not a body.

    Parsers let body-less kills through on this test, so that the pipeline can withdraw the
    article the guid names.
    """
    return pub_status is not PubStatus.USABLE or bool(kill_signal(signals))


@dataclass(frozen=True, slots=True)
class WireImage:
    """A picture attached to an item: a file to fetch (url), bytes, or only its caption."""

    url: str = ""
    data: bytes = b""
    caption: str = ""
    credit: str = ""
    alt: str = ""
    width: int | None = None
    height: int | None = None
    mime_type: str = ""


@dataclass(frozen=True, slots=True)
class Subject:
    """A subject code (e.g. 'medtop:20000763') and/or its human name."""

    code: str = ""
    name: str = ""


@dataclass(frozen=True, slots=True)
class Recommendation:
    """A related article the source itself recommended (headline plus lead)."""

    headline: str
    lead: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True)
class WireItem:
    """One news item as received, before normalisation.

    Text comes either as `body_html` (unsanitised; the pipeline sanitises it) or as plain
    `paragraphs`. Times are timezone-aware. `guid` is the provider's identifier, empty when
    the source has none (the pipeline then falls back to the URL, then a content hash).
    """

    guid: str = ""
    version: int | None = None
    language: str = ""
    headline: str = ""
    lead: str = ""
    body_html: str = ""
    paragraphs: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    siglum: str = ""
    agency: str = ""
    site_name: str = ""
    url: str = ""
    section: str = ""
    subjects: tuple[Subject, ...] = ()
    keywords: tuple[str, ...] = ()
    slugline: str = ""
    located: str = ""
    first_created: datetime | None = None
    version_created: datetime | None = None
    embargoed_until: datetime | None = None
    pub_status: PubStatus = PubStatus.USABLE
    signals: tuple[str, ...] = ()
    images: tuple[WireImage, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    story_refs: tuple[str, ...] = ()
    format: str = ""
    raw: bytes = field(default=b"", repr=False)


@dataclass(frozen=True, slots=True)
class Rejected:
    """An item a parser could not turn into a WireItem, with the reason and its raw bytes."""

    ref: str
    reason: str
    format: str = ""
    raw: bytes = field(default=b"", repr=False)


ParseResult = list[WireItem | Rejected]


class ParseError(ValueError):
    """The whole payload is unreadable (malformed XML/JSON, unknown format).

    The message names the format and the reason, e.g. 'ingest: ninjs: not JSON: …'.
    """
