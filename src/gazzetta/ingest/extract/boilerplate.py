"""Remove what article extractors leave around the body: titles, teasers, labels, link lists.

The patterns are data in one place; every rule looks only at a block's own text and at the
page's links, never at the site it came from.
"""

from __future__ import annotations

import re

from lxml import html

from gazzetta.ingest.extract.blocks import Block, squash

# Whole blocks that are navigation or promotion labels, in the languages we carry.
_LABEL = re.compile(
    r"^(?:advertisement|anzeige|werbung|pubblicità|publicité|publicidad|tags?|schlagwörter"
    r"|related(?: articles| stories| content| posts)?|share(?: this(?: article)?)?|teilen"
    r"|you (?:may|might) also like|recommended(?: for you)?|more from .{1,40}|more on this"
    r"|don'?t miss|must read|trending|top stories|most (?:read|popular)|leggi anche"
    r"|lesen sie auch|mehr zum thema|auch interessant|lire aussi|à lire aussi|leia também"
    r"|ver también|lee también|\d+\s+comments?|comments?|kommentare?|tell us what you think"
    r"|sign up|subscribe(?: now)?|newsletter|follow us(?: on .{1,30})?)\W*$", re.IGNORECASE)
# Blocks that start by pointing elsewhere: "READ MORE: …", "Related: …", "Click here …".
_POINTER = re.compile(
    r"^(?:read more|see more|read also|also read|related|watch|watch more|more|click here"
    r"|get (?:the|our) .{1,40} app|sign up|subscribe|lesen sie auch|mehr zum thema|leggi anche"
    r"|lire aussi|leia também|lee también)\b\s*[:>|»]", re.IGNORECASE)
_MAX_POINTER_WORDS = 30
_LINK_LIST_SHARE = 0.6
_MIN_ANCHOR_CHARS = 12
_MIN_TEASER_WORDS = 5
_WEB_ADDRESS = re.compile(r"https?://|www\.", re.IGNORECASE)


def clean(blocks: list[Block], *, headline: str, anchors: set[str]) -> list[Block]:
    """Return `blocks` without the page title, labels, pointers and lists of links."""
    blocks = _drop_leading_title(blocks, headline)
    return [block for block in blocks if not is_boilerplate(block, anchors)]


def is_boilerplate(block: Block, anchors: set[str]) -> bool:
    """Say whether `block` is a label, a pointer to another page or a list of links."""
    text = block.text
    if _LABEL.match(text):
        return True
    if _POINTER.match(text) and len(text.split()) <= _MAX_POINTER_WORDS:
        return True
    return _is_link_list(block, anchors)


def _is_link_list(block: Block, anchors: set[str]) -> bool:
    """A list whose items are mostly whole links, or a block that is a single link."""
    linked = [text for text in block.texts if _is_link(text, anchors)]
    if block.kind in ("ul", "ol"):
        return len(linked) >= _LINK_LIST_SHARE * len(block.texts)
    return bool(linked) and len(block.texts) == 1 and block.kind == "p"


def _is_link(text: str, anchors: set[str]) -> bool:
    """Say whether `text` is, or starts with, the headline-like text of a link on the page."""
    if len(text.split()) < _MIN_TEASER_WORDS or _WEB_ADDRESS.search(text):
        return False  # short names and printed addresses are content (product lists, sources)
    key = _key(text)
    return len(key) >= _MIN_ANCHOR_CHARS and any(
        key == anchor or (key.startswith(anchor) and len(anchor) * 2 >= len(key))
        for anchor in anchors)


def anchor_texts(tree: html.HtmlElement) -> set[str]:
    """Return the normalised texts of the page's links that are long enough to be headlines."""
    texts = (_key(anchor.text_content()) for anchor in tree.iter("a"))
    return {text for text in texts if len(text) >= _MIN_ANCHOR_CHARS}


def _drop_leading_title(blocks: list[Block], headline: str) -> list[Block]:
    """Drop blocks at the top that repeat the headline (extractors often keep the h1)."""
    key = _key(headline)
    start = 0
    while key and start < len(blocks) and _key(blocks[start].text) == key:
        start += 1
    return blocks[start:]


def _key(text: str) -> str:
    return "".join(character for character in squash(text).lower() if character.isalnum())
