"""Format detection and the name → parser table.

Every parser module exposes `parse(data: bytes, *, url: str | None = None) -> ParseResult`
and nothing else that the rest of Gazzetta uses; format-specific structures stay inside it.
"""

from __future__ import annotations

import gzip
import importlib
import re

from gazzetta.ingest.wireitem import ParseError, ParseResult

PARSERS = {
    "newsml-g2": "gazzetta.ingest.formats.newsml_g2",
    "ninjs": "gazzetta.ingest.formats.ninjs",
    "feed": "gazzetta.ingest.formats.feed",
    "html": "gazzetta.ingest.formats.html",
    "dump": "gazzetta.ingest.formats.dump",
}

_XML_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]")
_FEED_ROOTS = {b"rss", b"feed", b"RDF", b"channel"}
_NEWSML_ROOTS = {b"newsMessage", b"newsItem", b"packageItem", b"NewsML", b"nitf",
                 b"conceptItem", b"knowledgeItem", b"planningItem", b"catalogItem"}


def decompress(data: bytes) -> bytes:
    """Return `data` un-gzipped when it is a gzip stream (wire drops often are)."""
    if data[:2] == b"\x1f\x8b":
        return gzip.decompress(data)
    return data


def detect_format(data: bytes) -> str:
    """Name the format of `data` from its first bytes; raise ParseError when none fits."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        raise ParseError("ingest: empty payload")
    if head[:1] in (b"{", b"["):
        return "feed" if b"jsonfeed.org" in head else "ninjs"
    if head[:1] == b"<":
        return _detect_markup(head)
    return "dump"


def _detect_markup(head: bytes) -> str:
    """Decide by the root element: a NewsML-G2 item may carry XHTML inside, a page may not."""
    if head.lower().startswith(b"<!doctype html"):
        return "html"
    for match in _XML_ROOT.finditer(head):
        name = match.group(2)
        if name in _FEED_ROOTS:
            return "feed"
        if name in _NEWSML_ROOTS:
            return "newsml-g2"
        return "html" if name.lower() in (b"html", b"head", b"body", b"div", b"article") else "newsml-g2"
    raise ParseError("ingest: markup without a recognisable root element")


def parse(data: bytes, *, format: str | None = None, url: str | None = None) -> ParseResult:
    """Parse `data` (gzip allowed) with the named parser, or the detected one."""
    data = decompress(data)
    name = format or detect_format(data)
    if name not in PARSERS:
        raise ParseError(f"ingest: unknown format {name!r} (known: {', '.join(PARSERS)})")
    return importlib.import_module(PARSERS[name]).parse(data, url=url)
