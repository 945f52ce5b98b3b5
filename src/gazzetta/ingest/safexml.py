"""Parse untrusted XML bytes without letting them reach files, the network or all memory.

Wire payloads come from outside; lxml is told not to resolve entities, not to fetch or
load DTDs and not to lift its size limits. A document that declares entities at all is
refused: no wire format needs them, and refusing is simpler to trust than expanding them
carefully (XXE, billion laughs).
"""

from __future__ import annotations

import re

from lxml import etree

from gazzetta.ingest.wireitem import ParseError

MAX_BYTES = 16 * 1024 * 1024

_DECLARED_ENCODING = re.compile(rb"^\s*<\?xml[^>]*\bencoding\s*=", re.IGNORECASE)
_UNICODE_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def parse_xml(data: bytes, *, component: str, max_bytes: int = MAX_BYTES) -> etree._Element:
    """Return the root element of `data`; raise ParseError naming `component` otherwise."""
    _check_size(data, component, max_bytes)
    try:
        root = etree.fromstring(_utf8_unless_declared(data), _safe_parser())
    except etree.XMLSyntaxError as error:
        raise ParseError(
            f"ingest: {component}: not well-formed XML: line {error.lineno}: {error.msg}"
        ) from None
    _refuse_entity_declarations(root, component)
    return root


def _check_size(data: bytes, component: str, max_bytes: int) -> None:
    if not data.strip():
        raise ParseError(f"ingest: {component}: empty payload")
    if len(data) > max_bytes:
        raise ParseError(
            f"ingest: {component}: payload of {len(data)} bytes exceeds the limit of {max_bytes} bytes"
        )


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
        dtd_validation=False, remove_pis=True,
    )


def _utf8_unless_declared(data: bytes) -> bytes:
    """Read undeclared non-UTF-8 bytes as Windows-1252, the usual legacy wire encoding.

    XML without an encoding declaration must be UTF-8, but older feeds send Latin-1
    anyway; guessing cp1252 keeps their accents instead of failing the whole payload.
    """
    if data.startswith(_UNICODE_BOMS) or _DECLARED_ENCODING.match(data):
        return data
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace").encode("utf-8")
    return data


def _refuse_entity_declarations(root: etree._Element, component: str) -> None:
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise ParseError(f"ingest: {component}: refused: the document declares XML entities")
