"""Find the article text of a page: several trafilatura readings, the best one, cleaned."""

from __future__ import annotations

import trafilatura

from gazzetta.ingest.extract.blocks import Block, blocks_from_tree

# Readings of the same page; trafilatura's fast mode skips its fallback extractors.
MODES = {
    "fast": {"fast": True},
    "precise": {"favor_precision": True},
    "default": {},
}


def readings(page: str, url: str | None) -> dict[str, list[Block]]:
    """Return the blocks trafilatura finds in the page text in each mode.

    trafilatura gets the text, not our tree: its own parser settings find more of the body.
    """
    return {name: _reading(page, url, options) for name, options in MODES.items()}


def _reading(page: str, url: str | None, options: dict) -> list[Block]:
    document = trafilatura.bare_extraction(
        page, url=url, include_comments=False, include_links=False, include_tables=True,
        include_images=False, **options)
    return blocks_from_tree(document.body) if document is not None else []
