"""The article body as a list of blocks: read from trafilatura's tree, rendered as clean HTML."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from lxml import etree

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


@dataclass(frozen=True, slots=True)
class Block:
    """One block of body text: kind p/h1..h6/ul/ol/quote/row and its texts (items, rows)."""

    kind: str
    texts: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.texts)

    @property
    def is_heading(self) -> bool:
        return self.kind in _HEADINGS


def squash(text: str) -> str:
    """Collapse runs of whitespace (including non-breaking spaces) into single spaces."""
    return " ".join(text.split())


def blocks_from_tree(body: etree._Element) -> list[Block]:
    """Turn trafilatura's output tree (p, head, list, quote, table) into non-empty blocks.

    Loose text between those elements (tails, inline markup) becomes paragraphs of its own.
    """
    for line_break in body.iter("lb"):
        line_break.text = " "  # so that the lines on either side stay separate words
    blocks: list[Block] = []
    loose = [body.text or ""]
    for element in body:
        block = _block(element)
        if block is None and element.tag != "lb":
            loose.append("".join(element.itertext()))
        else:
            _flush(loose, blocks)
            blocks.extend([block] if block else [])
        loose.append(element.tail or "")
    _flush(loose, blocks)
    return [block for block in blocks if block.text]


def _flush(loose: list[str], blocks: list[Block]) -> None:
    """Move the loose text gathered so far into `blocks` as one paragraph."""
    text = squash("".join(loose))
    if text:
        blocks.append(Block("p", (text,)))
    loose.clear()


def _block(element: etree._Element) -> Block | None:
    tag = element.tag
    if tag == "head":
        rend = element.get("rend", "")
        return _text_block(element, rend if rend in _HEADINGS else "h2")
    if tag == "list":
        return _list_block(element)
    if tag == "table":
        return _table_block(element)
    if tag == "quote":
        return _text_block(element, "quote")
    if tag in ("p", "code"):
        return _text_block(element, "p")
    return None


def _text_block(element: etree._Element, kind: str) -> Block:
    return Block(kind, (_text(element),))


def _list_block(element: etree._Element) -> Block:
    items = tuple(filter(None, (_text(item) for item in element.iterchildren("item"))))
    kind = "ol" if element.get("rend") == "ol" else "ul"
    return Block(kind, items)


def _table_block(element: etree._Element) -> Block:
    rows = (" | ".join(filter(None, map(_text, row.iterchildren("cell"))))
            for row in element.iter("row"))
    texts = tuple(filter(None, rows))
    return Block("row", texts)


def _text(element: etree._Element) -> str:
    return squash("".join(element.itertext()))


def render(blocks: list[Block]) -> str:
    """Return the blocks as HTML made of p, h2, h3, ul/ol/li and blockquote only."""
    return "\n".join(_render(block) for block in blocks)


def _render(block: Block) -> str:
    if block.is_heading:
        tag = "h2" if block.kind in ("h1", "h2") else "h3"
        return f"<{tag}>{escape(block.text)}</{tag}>"
    if block.kind in ("ul", "ol"):
        items = "".join(f"<li>{escape(item)}</li>" for item in block.texts)
        return f"<{block.kind}>{items}</{block.kind}>"
    if block.kind == "quote":
        return f"<blockquote><p>{escape(block.text)}</p></blockquote>"
    return "\n".join(f"<p>{escape(text)}</p>" for text in block.texts)
