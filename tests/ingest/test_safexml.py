"""Hostile XML must fail cleanly (ParseError) and never touch files, network or memory."""

import pytest

from gazzetta.ingest.safexml import MAX_BYTES, parse_xml
from gazzetta.ingest.wireitem import ParseError

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE item [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<item><headline>leak: &secret;</headline></item>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE item SYSTEM "file:///etc/passwd">
<item><headline>plain</headline></item>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<lolz>&lol9;</lolz>"""


def test_external_entity_is_refused_not_expanded():
    with pytest.raises(ParseError, match="declares XML entities") as caught:
        parse_xml(XXE, component="test")
    assert "root:" not in str(caught.value)


def test_external_dtd_is_not_loaded():
    root = parse_xml(EXTERNAL_DTD, component="test")
    assert root.findtext("headline") == "plain"
    assert "root:" not in "".join(root.itertext())


def test_billion_laughs_is_refused():
    # libxml2 may stop the amplification itself before our own refusal; both are clean.
    with pytest.raises(ParseError, match="^ingest: test: (refused|not well-formed XML)"):
        parse_xml(BILLION_LAUGHS, component="test")


def test_payload_over_the_limit_names_sizes():
    payload = b"<r>" + b"a" * 2000 + b"</r>"
    with pytest.raises(ParseError, match=f"payload of {len(payload)} bytes exceeds the limit of 1000"):
        parse_xml(payload, component="test", max_bytes=1000)


def test_default_limit_applies_before_parsing():
    payload = b"<r>" + b" " * MAX_BYTES + b"</r>"
    with pytest.raises(ParseError, match="exceeds the limit"):
        parse_xml(payload, component="test")


@pytest.mark.parametrize("payload", [b"", b"  \n\t "])
def test_empty_payload(payload):
    with pytest.raises(ParseError, match="^ingest: test: empty payload$"):
        parse_xml(payload, component="test")


def test_malformed_xml_names_the_line():
    with pytest.raises(ParseError, match=r"^ingest: test: not well-formed XML: line 3: "):
        parse_xml(b"<r>\n<a>\n</r>", component="test")


def test_declared_latin1_is_decoded():
    payload = '<?xml version="1.0" encoding="ISO-8859-1"?><r>Caffè Düsseldorf</r>'.encode("latin-1")
    assert parse_xml(payload, component="test").text == "Caffè Düsseldorf"


def test_undeclared_latin1_is_read_as_windows_1252():
    payload = "<r>Caffè Düsseldorf – “quoted”</r>".encode("cp1252")
    assert parse_xml(payload, component="test").text == "Caffè Düsseldorf – “quoted”"


def test_latin1_bytes_declared_as_utf8_fail_cleanly():
    payload = '<?xml version="1.0" encoding="UTF-8"?><r>Caffè</r>'.encode("latin-1")
    with pytest.raises(ParseError, match="not well-formed XML"):
        parse_xml(payload, component="test")


def test_utf16_with_bom_is_read():
    payload = "<r>Ελλάδα</r>".encode("utf-16")
    assert parse_xml(payload, component="test").text == "Ελλάδα"
