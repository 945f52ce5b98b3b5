"""Turn the bytes of a web page into text, honouring what the page says about its encoding."""

from __future__ import annotations

import codecs
import re

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
# <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_SNIFF_BYTES = 4096
# The WHATWG encoding standard maps these labels to supersets (latin-1 pages are cp1252),
# and a meta tag cannot truthfully declare UTF-16 (the parser had to read it as ASCII).
_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252", "gb2312": "gbk",
            "utf-16": "utf-8", "utf-16-le": "utf-8", "utf-16-be": "utf-8"}


def decode_page(data: bytes) -> str:
    """Return the text of `data`: BOM, valid UTF-8, the declared charset, else cp1252.

    Valid UTF-8 wins over a declaration: pages served as UTF-8 often keep a stale meta
    charset, and text in any other encoding is almost never valid UTF-8 by accident.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode(declared_charset(data) or "cp1252", errors="replace")


def declared_charset(data: bytes) -> str | None:
    """Return the Python codec named by the page's meta charset, or None if absent or unknown."""
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    return _ALIASES.get(name, name)
