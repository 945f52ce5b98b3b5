"""Parse decoded page text into an lxml tree, whatever the page got wrong."""

from __future__ import annotations

import re

from lxml import etree, html

# lxml refuses str input that still carries an XML encoding declaration.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def parse_tree(text: str) -> html.HtmlElement | None:
    """Return the page's root element, or None when there is no markup to speak of."""
    text = _XML_DECLARATION.sub("", text, count=1).replace("\x00", "")
    if not text.strip():
        return None
    try:
        return html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None
