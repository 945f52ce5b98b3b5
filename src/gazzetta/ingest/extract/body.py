"""Find the article text of a page: trafilatura's readings compared, the best one cleaned.

trafilatura's fast reading (no fallback extractors) is the base. Its precision reading wins
when it agrees: shorter by a little (it trimmed teasers and widgets), not much shorter (it
cut real paragraphs) and not longer (a fallback extractor took over). The full reading with
fallbacks is used only when the fast one finds nothing. Measured in bench/extraction.py.
"""

from __future__ import annotations

import re

import trafilatura

from gazzetta.ingest.extract import boilerplate
from gazzetta.ingest.extract.blocks import Block, blocks_from_tree

FAST = {"fast": True}
PRECISE = {"favor_precision": True}
WITH_FALLBACKS: dict = {}
# The precision reading must keep this share of the fast reading's words, and not exceed it
# by more than the upper bound.
MIN_PRECISE_SHARE = 0.6
MAX_PRECISE_SHARE = 1.05
# Fewer words than this is a menu or a form, not an article (a one-sentence flash has more).
MIN_ARTICLE_WORDS = 10
_WORD = re.compile(r"\w+")


def article_blocks(page: str, *, url: str | None, headline: str, anchors: set[str]) -> list[Block]:
    """Return the cleaned body blocks of the page text (empty when it has no article text)."""
    tree = trafilatura.load_html(page)  # parsed once; each reading works on its own copy
    if tree is None:
        return []

    def read(options: dict) -> list[Block]:
        return boilerplate.clean(reading(tree, url, options), headline=headline, anchors=anchors)

    fast = read(FAST)
    if not fast:
        fast = read(WITH_FALLBACKS)
    precise = read(PRECISE)
    chosen = precise if agrees(precise, fast) else fast
    return chosen if word_count(chosen) >= MIN_ARTICLE_WORDS else []


def reading(tree, url: str | None, options: dict) -> list[Block]:
    """Return the blocks trafilatura finds in the page with the given options.

    The tree is trafilatura's own parse of the page text, not ours: its parser settings find
    more of the body. trafilatura copies the tree before pruning it, so readings can share it.
    """
    document = trafilatura.bare_extraction(
        tree, url=url, include_comments=False, include_links=False, include_tables=True,
        include_images=False, **options)
    return blocks_from_tree(document.body) if document is not None else []


def agrees(precise: list[Block], fast: list[Block]) -> bool:
    """Say whether the precision reading is the fast one, trimmed but not cut or replaced."""
    precise_words, fast_words = word_count(precise), word_count(fast)
    return 0 < precise_words and (
        MIN_PRECISE_SHARE * fast_words <= precise_words <= MAX_PRECISE_SHARE * fast_words)


def word_count(blocks: list[Block]) -> int:
    return sum(len(_WORD.findall(block.text)) for block in blocks)
