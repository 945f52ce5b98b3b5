"""Article web pages → one WireItem: main text, metadata, lead image.

The main text comes from trafilatura (compared readings, cleaned: extract/body.py); the
metadata from meta tags and JSON-LD (extract/metadata.py); the lead photo from og:image and
its figure (extract/figures.py). Pages without article text are rejected, not raised.
"""

from __future__ import annotations

from gazzetta.ingest.extract.blocks import render
from gazzetta.ingest.extract.body import article_blocks
from gazzetta.ingest.extract.boilerplate import anchor_texts
from gazzetta.ingest.extract.charset import decode_page
from gazzetta.ingest.extract.figures import lead_image
from gazzetta.ingest.extract.metadata import Metadata, read_metadata
from gazzetta.ingest.extract.page import parse_tree
from gazzetta.ingest.wireitem import ParseResult, Rejected, Subject, WireItem

FORMAT = "html"


def parse(data: bytes, *, url: str | None = None) -> ParseResult:
    """Return the article of the page in `data` as one WireItem, or a Rejected saying why."""
    page = decode_page(data)
    tree = parse_tree(page)
    if tree is None:
        return [_rejected(data, url)]
    metadata = read_metadata(tree, url)
    blocks = article_blocks(page, url=metadata.url or url, headline=metadata.headline,
                            anchors=anchor_texts(tree))
    if not blocks:
        return [_rejected(data, metadata.url or url)]
    image = lead_image(tree, metadata, metadata.url or url or "")
    return [_item(metadata, render(blocks), image, data)]


def _rejected(data: bytes, url: str | None) -> Rejected:
    reason = f"ingest: html: no article text found in {url or 'page'}"
    return Rejected(ref=url or "", reason=reason, format=FORMAT, raw=data)


def _item(metadata: Metadata, body_html: str, image, data: bytes) -> WireItem:
    return WireItem(
        language=metadata.language, headline=metadata.headline, lead=metadata.lead,
        body_html=body_html, authors=metadata.authors, site_name=metadata.site_name,
        url=metadata.url, section=metadata.section, subjects=_subjects(metadata),
        keywords=metadata.keywords, first_created=metadata.published,
        version_created=metadata.modified or metadata.published,
        images=(image,) if image else (), format=FORMAT, raw=data)


def _subjects(metadata: Metadata) -> tuple[Subject, ...]:
    """Name the section and the keywords as subjects (pages carry no subject codes)."""
    names = dict.fromkeys(filter(None, (metadata.section, *metadata.keywords)))
    return tuple(Subject(name=name) for name in names)
