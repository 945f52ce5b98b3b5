"""Feeds: RSS, Atom, RDF and JSON Feed entries become WireItems; hostile feeds stay harmless."""

import html
import json
import re
import warnings
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from gazzetta.ingest import formats
from gazzetta.ingest.formats import feed
from gazzetta.ingest.wireitem import ParseError, Rejected, Subject, WireImage, WireItem

# Share of gofeed's expected titles/links/authors/texts/guids we must meet (measured: 91 of
# 96). The misses are deliberate: we keep every dc:creator where gofeed keeps the first, and
# we read Atom base64 (application/octet-stream) content as text, not as HTML.
GOFEED_PASS_RATE_FLOOR = 0.9


def items(data: bytes, **kwargs) -> list[WireItem]:
    """Parse `data` and return its WireItems, failing on any Rejected entry."""
    result = feed.parse(data, **kwargs)
    assert all(isinstance(item, WireItem) for item in result), result
    return result


def rss(items_xml: str, channel: str = "<title>Adria Kurier</title>") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
            f'xmlns:media="http://search.yahoo.com/mrss/" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            f'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel>{channel}{items_xml}</channel></rss>").encode()


# --- the corpus: every file parses; ParseError only where no entry exists ----------------

def corpus_files(shared: Path) -> list[Path]:
    """Return the feed inputs of the dev corpus (gofeed's expected-output JSON left out)."""
    root = shared / "corpus" / "feeds" / "dev"
    return [path for path in sorted(root.rglob("*")) if path.is_file()
            and not path.name.endswith("_expected.json")
            and not (path.suffix == ".json" and path.with_suffix(".xml").exists())]


def has_entries(data: bytes) -> bool:
    """Tell whether a payload holds an entry element or a JSON Feed item, read naively."""
    if re.search(rb"<(?:\w+:)?(?:item|entry)[\s>/]", data):
        return True
    try:
        return bool(json.loads(data).get("items"))
    except (ValueError, AttributeError):
        return False


def test_every_corpus_file_parses_and_fails_only_when_nothing_is_usable(shared):
    """ParseError is allowed only for payloads without any entry: ill-formed feeds with
    channel data only (undefined entities, truncated or empty documents, unbound prefixes,
    mismatched tags, bogus encodings), XML that is no feed (`<note>`, CDF channels) and
    broken JSON."""
    files = corpus_files(shared)
    parse_errors = []
    for path in files:
        data = path.read_bytes()
        try:
            result = feed.parse(data)
        except ParseError as error:
            assert str(error).startswith("ingest: feed: "), error
            assert not has_entries(data), f"{path.name} has entries but raised {error}"
            parse_errors.append(path.name)
            continue
        assert all(isinstance(item, WireItem | Rejected) for item in result), path
    assert len(files) > 500 and len(parse_errors) < len(files) // 20, parse_errors


def test_bozo_feeds_still_give_the_entries_feedparser_recovered(shared):
    illformed = shared / "corpus" / "feeds" / "dev" / "feedparser" / "illformed"
    [item] = feed.parse((illformed / "rss_item_link_corrupted_ampersands.xml").read_bytes())
    assert item.ref == "http://link/get?a=1&b=2"


# --- the corpus: compare with gofeed's expected output -----------------------------------

def plain(value) -> str:
    """Return gofeed's expected text as we give it: tags dropped, entities decoded."""
    if isinstance(value, dict):
        value = value.get("value", "")
    text = re.sub(r"<[^>]*>", "", re.sub(r"</?(?:p|br|div)\b[^>]*>", " ", value or ""))
    return " ".join(html.unescape(text).split())


def expectations(expected: dict) -> list[tuple[str, object]]:
    """List (field, expected value) pairs of one gofeed item we can compare with ours."""
    pairs = []
    if "title" in expected:
        pairs.append(("headline", plain(expected["title"])))
    if isinstance(expected.get("link"), str):
        pairs.append(("url", expected["link"]))
    if isinstance(expected.get("authors"), list):
        names = [author["name"] for author in expected["authors"] if author.get("name")]
        pairs += [("authors", tuple(plain(name) for name in names))] if names else []
    body = next((expected[key] for key in ("content", "content_html", "description", "summary")
                 if expected.get(key)), None)
    if plain(body):
        pairs.append(("text", plain(body)))
    guid = expected.get("guid") or expected.get("id")
    if guid:
        pairs.append(("guid", guid["value"] if isinstance(guid, dict) else guid))
    return pairs


def actual(item: WireItem, field: str):
    if field == "text":
        return plain(item.body_html)
    if field == "authors":
        return tuple(plain(name) for name in item.authors)
    return getattr(item, field)


def gofeed_cases(shared: Path):
    root = shared / "corpus" / "feeds" / "dev" / "gofeed"
    for expected_path in sorted(root.rglob("*.json")):
        source = expected_path.with_suffix(".xml")
        if expected_path.name.endswith("_expected.json"):
            source = expected_path.with_name(expected_path.name.replace("_expected", ""))
        if source.exists() and source != expected_path:
            yield source, json.loads(expected_path.read_text(encoding="utf-8"))


def test_entries_match_gofeed_expected_output(shared):
    checked, misses = 0, []
    for source, expected in gofeed_cases(shared):
        wanted = expected.get("items") or expected.get("entries") or []
        if not wanted:
            continue
        result = feed.parse(source.read_bytes())
        assert len(result) == len(wanted), source.name
        for ours, theirs in zip(result, wanted):
            if isinstance(ours, Rejected):
                assert not {"headline", "text"} & dict(expectations(theirs)).keys(), ours
                continue
            for field, value in expectations(theirs):
                checked += 1
                if actual(ours, field) != value:
                    misses.append(f"{source.name}: {field} {actual(ours, field)!r} != {value!r}")
    assert checked > 50
    assert 1 - len(misses) / checked >= GOFEED_PASS_RATE_FLOOR, "\n".join(misses)


# --- RSS, Atom, RDF: fields ----------------------------------------------------------------

FULL_ITEM = """
<item>
  <title>Porto &amp; &lt;b&gt;Trieste&lt;/b&gt;: record di container</title>
  <link>/porto/record</link>
  <guid isPermaLink="false">ak-2025-0042</guid>
  <description>Il porto ha movimentato più container che mai.</description>
  <content:encoded><![CDATA[<p>Il porto di Trieste ha movimentato più container che mai
    nel terzo trimestre.</p><p>I sindacati chiedono nuove assunzioni.</p>]]></content:encoded>
  <dc:creator>G.Romano</dc:creator>
  <category>Economia</category><category>Trieste</category><category>Economia</category>
  <pubDate>Tue, 10 Jun 2025 06:00:00 +0200</pubDate>
  <enclosure url="https://cdn.example.org/gru.jpg" type="image/jpeg" length="1000"/>
  <enclosure url="https://cdn.example.org/podcast.mp3" type="audio/mpeg" length="1000"/>
  <media:content url="https://cdn.example.org/porto.jpg" medium="image" width="1200" height="800">
    <media:description>Gru nel terminal container</media:description>
    <media:credit role="photographer">Giulia Conti - AK/ANSA</media:credit>
  </media:content>
  <media:thumbnail url="https://cdn.example.org/porto-small.jpg"/>
</item>
"""


def test_rss_item_maps_every_field():
    [item] = items(rss(FULL_ITEM, "<title>Adria Kurier</title><language>it-IT</language>"),
                   url="https://adriakurier.example/feed.xml")
    assert item.headline == "Porto & Trieste: record di container"
    assert item.guid == "ak-2025-0042" and item.url == "https://adriakurier.example/porto/record"
    assert item.body_html.startswith("<p>Il porto di Trieste") and "assunzioni" in item.body_html
    assert item.lead == "Il porto ha movimentato più container che mai."
    assert item.authors == ("G.Romano",) and item.site_name == "Adria Kurier"
    assert item.subjects == (Subject(name="Economia"), Subject(name="Trieste"))
    assert item.first_created == datetime(2025, 6, 10, 4, 0, tzinfo=UTC)
    assert item.version_created is None
    assert item.language == "it-IT" and item.format == "feed"
    assert item.images == (
        WireImage(url="https://cdn.example.org/gru.jpg", mime_type="image/jpeg"),
        WireImage(url="https://cdn.example.org/porto.jpg", caption="Gru nel terminal container",
                  credit="Giulia Conti - AK/ANSA", width=1200, height=800))


def test_media_description_is_a_caption_not_the_body():
    [item] = items(rss("""<item><title>Frana sulla statale</title>
        <media:group>
          <media:content url="https://cdn.example.org/frana.jpg" type="image/jpeg"/>
          <media:description>La strada dopo la frana</media:description>
          <media:credit>Marco Neri</media:credit>
        </media:group></item>"""))
    assert item.body_html == "" and item.lead == ""
    assert item.images == (WireImage(url="https://cdn.example.org/frana.jpg",
                                     caption="La strada dopo la frana", credit="Marco Neri",
                                     mime_type="image/jpeg"),)


# Our own RSS names the lead picture twice: an <enclosure> (Django's) and a media:content with
# caption and credit (syndication/generators.py), in this order.
OWN_SHAPE_ITEM = """<item><title>Radwege am Meer</title><description>Triest baut aus.</description>
  <enclosure url="https://gz.example/media/radwege.jpg" length="5120" type="image/jpeg"/>
  <media:content url="https://gz.example/media/radwege.jpg" medium="image" type="image/jpeg" fileSize="5120"
                 width="320" height="180">
    <media:description type="plain">Radweg an der Riva</media:description>
    <media:credit>Luca Ferrari - GZ/ADP</media:credit>
  </media:content></item>"""


@pytest.mark.parametrize("media_first", [False, True], ids=["enclosure first", "media:content first"])
def test_an_enclosure_and_media_content_of_one_picture_become_one_image_with_caption_and_credit(media_first):
    item_xml = OWN_SHAPE_ITEM
    if media_first:
        enclosure = re.search(r"<enclosure[^>]*/>", item_xml).group()
        item_xml = item_xml.replace(enclosure, "").replace("</media:content>", f"</media:content>{enclosure}")
    [item] = items(rss(item_xml))
    assert item.images == (WireImage(url="https://gz.example/media/radwege.jpg", caption="Radweg an der Riva",
                                     credit="Luca Ferrari - GZ/ADP", width=320, height=180,
                                     mime_type="image/jpeg"),)


@pytest.mark.django_db
def test_our_own_rss_feed_gives_back_the_pictures_caption_and_credit(client, newsroom):
    payload = client.get("/de/feed/rss/").content
    [photo] = [item for item in items(payload) if item.guid == newsroom.articles["de-photo"].guid]
    [picture] = photo.images
    assert (picture.caption, picture.credit) == ("Radweg an der Riva", "Luca Ferrari - GZ/ADP")
    assert picture.url.endswith(".jpg") and picture.mime_type == "image/jpeg"


def test_thumbnails_are_the_picture_only_when_there_is_no_other():
    [item] = items(rss("""<item><title>t</title>
        <media:thumbnail url="https://cdn.example.org/small.jpg" width="120"/></item>"""))
    assert item.images == (WireImage(url="https://cdn.example.org/small.jpg", width=120),)


def test_summary_alone_is_the_body_and_no_lead():
    [item] = items(rss("<item><title>t</title><description>&lt;p&gt;Nur das.&lt;/p&gt;"
                       "</description></item>"))
    assert (item.body_html, item.lead) == ("<p>Nur das.</p>", "")


def test_the_longest_html_content_wins_over_plain_text():
    [item] = items(rss("""<item xmlns:atom="http://www.w3.org/2005/Atom"><title>t</title>
        <content:encoded><![CDATA[<p>Kurzer Text.</p>]]></content:encoded>
        <atom:content type="text">Ein viel längerer Text, aber ohne jedes HTML darin.</atom:content>
        </item>"""))
    assert item.body_html == "<p>Kurzer Text.</p>"


def test_atom_content_without_text_falls_back_to_the_summary():
    [item] = items(b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>t</title>
        <content src="https://ex.org/full.html" type="text/html"/>
        <summary>Kurzfassung.</summary></entry></feed>""")
    assert (item.body_html, item.lead) == ("<p>Kurzfassung.</p>", "")


def test_times_without_zone_are_utc_and_updated_is_version_created():
    [item] = items(rss("""<item xmlns:atom="http://www.w3.org/2005/Atom"><title>t</title>
        <pubDate>Tue, 10 Jun 2025 04:00:00</pubDate>
        <atom:updated>2025-06-11T09:30:00+02:00</atom:updated></item>"""))
    assert item.first_created == datetime(2025, 6, 10, 4, 0, tzinfo=UTC)
    assert item.version_created == datetime(2025, 6, 11, 7, 30, tzinfo=UTC)


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
  <title type="html">Adria &lt;i&gt;Kurier&lt;/i&gt;</title>
  <id>urn:ak:feed</id><updated>2025-06-11T10:00:00Z</updated>
  <entry xml:lang="it">
    <title>Porto di Trieste</title><id>urn:ak:1</id>
    <link rel="alternate" href="https://adriakurier.example/it/porto"/>
    <author><name>G.Romano</name></author><author><name>L.Bassi</name></author>
    <published>2025-06-10T06:00:00+02:00</published><updated>2025-06-10T08:00:00+02:00</updated>
    <summary>Record di container.</summary>
    <content type="html">&lt;p&gt;Il porto ha movimentato un record di container.&lt;/p&gt;</content>
    <category term="economia" label="Economia"/>
  </entry>
  <entry><title>Radwege</title><id>urn:ak:2</id><content type="text">Triest baut aus.</content></entry>
  <entry><id>urn:ak:3</id><link href="https://adriakurier.example/leer"/></entry>
</feed>
""".encode()


def test_atom_entries_with_languages_authors_and_a_rejected_empty_entry():
    first, second, third = feed.parse(ATOM)
    assert (first.headline, first.guid, first.url) == (
        "Porto di Trieste", "urn:ak:1", "https://adriakurier.example/it/porto")
    assert first.site_name == "Adria Kurier" and first.language == "it"
    assert first.authors == ("G.Romano", "L.Bassi")
    assert first.first_created == datetime(2025, 6, 10, 4, 0, tzinfo=UTC)
    assert first.version_created == datetime(2025, 6, 10, 6, 0, tzinfo=UTC)
    assert first.lead == "Record di container." and first.subjects == (Subject(name="Economia"),)
    assert second.language == "de" and second.body_html == "<p>Triest baut aus.</p>"
    assert isinstance(third, Rejected) and third.ref == "urn:ak:3"
    assert "no title and no text" in third.reason and third.reason.startswith("ingest: feed: ")


@pytest.mark.parametrize("data", [
    b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://ex.org/"><title>Site</title>
      </channel><item rdf:about="https://ex.org/1"><title>Uno</title><link>https://ex.org/1</link>
      </item></rdf:RDF>""",
    b"""<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
      "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel>
      <title>Site</title><item><title>Uno</title><link>https://ex.org/1</link></item>
      </channel></rss>""",
    b"""<?xml version="1.0"?><feed version="0.3" xmlns="http://purl.org/atom/ns#">
      <title>Site</title><entry><title>Uno</title>
      <link rel="alternate" type="text/html" href="https://ex.org/1"/></entry></feed>""",
])
def test_rdf_rss091_and_atom03_entries(data):
    [item] = items(data)
    assert (item.site_name, item.headline, item.url) == ("Site", "Uno", "https://ex.org/1")


def test_latin1_feed_is_decoded_by_its_declaration():
    data = ('<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel>'
            "<title>Straße</title><item><title>Brücke gesperrt</title></item></channel></rss>")
    [item] = items(data.encode("iso-8859-1"))
    assert (item.site_name, item.headline) == ("Straße", "Brücke gesperrt")


# --- broken and hostile feeds --------------------------------------------------------------

def test_broken_feed_returns_the_entries_before_the_break():
    data = rss("<item><title>Uno</title></item><item><title>Due</title></item>"
               "<item><title>Tre &nbsp; <b>unclosed</item>")
    headlines = [item.headline for item in feed.parse(data) if isinstance(item, WireItem)]
    assert headlines[:2] == ["Uno", "Due"]


@pytest.mark.parametrize("data", [b"\x00\x01\x02 not a feed at all", b"<rss><channel><title>",
                                  b"<note><to>Tove</to></note>"])
def test_payload_without_anything_usable_raises_parse_error(data):
    with pytest.raises(ParseError, match=r"^ingest: feed: "):
        feed.parse(data)


def test_parse_error_names_feedparsers_complaint():
    with pytest.raises(ParseError, match="SAXParseException|unclosed|no element"):
        feed.parse(b"<rss version='2.0'><channel><title>x</title></channel></rs")


def test_empty_but_valid_feed_has_no_entries():
    assert feed.parse(rss("")) == []


def test_bytes_naming_a_file_are_not_opened(tmp_path):
    path = tmp_path / "elsewhere.xml"
    path.write_bytes(rss("<item><title>Aus der Datei</title></item>"))
    with pytest.raises(ParseError):
        feed.parse(str(path).encode())


def xxe_feeds(secret: Path) -> list[bytes]:
    uri = secret.as_uri().encode()
    entity = b'<!ENTITY xxe SYSTEM "' + uri + b'">'
    body = (b'<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>'
            b"<title>T &xxe;</title><item><title>a &xxe; b</title><description>&xxe;"
            b'</description><media:content url="https://ex.org/a.jpg" medium="image">'
            b"<media:description>&xxe;</media:description></media:content></item>"
            b"</channel></rss>")
    return [
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n' + entity + b"\n]>\n" + body,
        b'<?xml version="1.0"?><!DOCTYPE rss [' + entity + b"]>" + body,
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY % p SYSTEM "' + uri
        + b'">\n%p;\n]>\n' + body.replace(b"&xxe;", b""),
        b'<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "' + uri + b'">\n'
        + body.replace(b"&xxe;", b""),
    ]


def test_external_entities_are_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-4711")
    for data in xxe_feeds(secret):
        try:
            result = feed.parse(data)
        except ParseError as error:
            result = [str(error)]
        assert "TOPSECRET" not in repr(result)


def test_nested_entities_are_not_expanded():
    levels = "".join(f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">\n' for n in range(1, 8))
    data = (f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY e0 "lol">\n{levels}]>\n'
            "<rss version='2.0'><channel><title>T</title><item><title>&e7;</title>"
            "</item></channel></rss>").encode()
    try:
        result = feed.parse(data)
    except ParseError:
        return
    assert all(len(item.headline) < 1000 for item in result if isinstance(item, WireItem))


def test_no_deprecation_warnings_from_feedparser():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        feed.parse(rss(FULL_ITEM))


# --- JSON Feed ---------------------------------------------------------------------------

JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1", "title": "Adria Courier", "language": "en",
    "items": [
        {"id": 42, "url": "https://adriacourier.example/ferry", "title": "New ferry to Istria",
         "content_html": "<p>A new seasonal ferry will connect Trieste with Piran and Rovinj "
                         "from May.</p>",
         "summary": "Ferry from May.", "authors": [{"name": "J.Novak"}, {"name": "P.Ricci"}],
         "tags": ["Transport", "Istria"], "date_published": "2025-03-01T08:15:30.5+01:00",
         "date_modified": "2025-03-02T10:00:00Z", "language": "it",
         "image": "https://cdn.example.org/ferry.jpg",
         "attachments": [{"url": "https://cdn.example.org/map.png", "mime_type": "image/png",
                          "title": "Route map"},
                         {"url": "https://cdn.example.org/a.mp3", "mime_type": "audio/mpeg"}]},
        {"id": "plain", "content_text": "First line.\n\nSecond <line> & more.",
         "author": {"name": "A.B"}, "external_url": "https://elsewhere.example/x",
         "date_published": "2025-03-01T08:15:30"},
        "not an item",
        {"id": "empty", "url": "https://adriacourier.example/empty"},
    ],
}


def test_json_feed_items_map_every_field():
    first, second, third, fourth = feed.parse(json.dumps(JSON_FEED).encode())
    assert (first.guid, first.headline, first.site_name) == ("42", "New ferry to Istria",
                                                             "Adria Courier")
    assert first.body_html.startswith("<p>A new seasonal ferry") and first.lead == "Ferry from May."
    assert first.authors == ("J.Novak", "P.Ricci") and first.language == "it"
    assert first.subjects == (Subject(name="Transport"), Subject(name="Istria"))
    assert first.first_created == datetime(2025, 3, 1, 8, 15, 30, 500000,
                                           tzinfo=timezone(timedelta(hours=1)))
    assert first.version_created == datetime(2025, 3, 2, 10, 0, tzinfo=UTC)
    assert first.images == (
        WireImage(url="https://cdn.example.org/ferry.jpg"),
        WireImage(url="https://cdn.example.org/map.png", mime_type="image/png",
                  caption="Route map"))
    assert second.body_html == "<p>First line.</p><p>Second &lt;line&gt; &amp; more.</p>"
    assert (second.authors, second.url, second.language) == (
        ("A.B",), "https://elsewhere.example/x", "en")
    assert second.first_created == datetime(2025, 3, 1, 8, 15, 30, tzinfo=UTC)
    assert isinstance(third, Rejected) and isinstance(fourth, Rejected)
    assert fourth.ref == "empty"


def test_json_feed_relative_urls_resolve_against_the_feed_address():
    data = json.dumps({"version": "https://jsonfeed.org/version/1", "title": "S", "items": [
        {"id": "1", "title": "t", "url": "/2025/ferry"}]}).encode()
    [item] = items(data, url="https://adriacourier.example/feed.json")
    assert item.url == "https://adriacourier.example/2025/ferry"


def test_json_feed_is_detected_and_routed_to_this_parser():
    data = json.dumps(JSON_FEED).encode()
    assert formats.detect_format(data) == "feed"
    assert formats.parse(data)[0].headline == "New ferry to Istria"


@pytest.mark.parametrize("data", [b'{"version": "https://jsonfeed.org/version/1", "items"',
                                  b"[1, 2, 3]", b'{"version": "https://jsonfeed.org/version/1"}',
                                  b"\xff\xfe{}"])
def test_unreadable_json_feeds_raise_parse_error(data):
    with pytest.raises(ParseError, match=r"^ingest: feed: "):
        feed.parse(data)
