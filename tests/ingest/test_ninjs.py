"""ninjs 1.x/2.x/3.x and agency flavours, against the IPTC suites and real agency output."""

import json
import re

import pytest
from jsonschema import validators
from lxml import html as lxml_html
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from gazzetta.ingest.formats import ninjs
from gazzetta.ingest.wireitem import ParseError, PubStatus, Rejected, WireItem, takes_back

GEOJSON_ID = "https://geojson.org/schema/GeoJSON.json"
PORTAL_REASONS = re.compile(r"^(no headline|no body text|not a text item \(.*\))$")
# Schema faults a portal may accept: a malformed association only costs the article its
# picture (it is dropped), the text itself is whole.
IRRELEVANT_FAULTS = {"associations"}


@pytest.fixture(scope="module")
def corpus(shared):
    return shared / "corpus" / "ninjs"


def read(path):
    return ninjs.parse(path.read_bytes())


def only_items(entries):
    return [entry for entry in entries if isinstance(entry, WireItem)]


def visible_text(item):
    markup = lxml_html.fromstring(f"<div>{item.body_html}</div>").text_content()
    return " ".join(" ".join([markup, *item.paragraphs]).split())


def is_json(path):
    try:
        json.loads(path.read_bytes())
    except ValueError:
        return False
    return True


def schema_faults(document, schema_dir, version):
    """Name the top-level fields the document's schema finds fault with (no network)."""
    schema = json.loads((schema_dir / f"ninjs-schema_{version}.json").read_text())
    geojson = json.loads((schema_dir / "GeoJSON-schema.json").read_text())
    registry = Registry().with_resource(
        GEOJSON_ID, Resource.from_contents(geojson, default_specification=DRAFT7))
    validator = validators.validator_for(schema)(schema, registry=registry)
    return {str(next(iter(error.absolute_path), f"(root {error.validator})"))
            for error in validator.iter_errors(document)}


# --- the whole dev corpus ---------------------------------------------------------------

def test_every_dev_file_reads_and_every_item_is_complete(corpus):
    problems, items = [], 0
    for path in sorted((corpus / "dev").rglob("*.json")):
        try:
            entries = read(path)
        except ParseError as error:
            if is_json(path):
                problems.append(f"{path.name}: {error}")
            continue
        assert is_json(path), f"{path.name} is not JSON but parsed"
        for item in only_items(entries):
            items += 1
            if (not item.headline or not visible_text(item)) and not takes_back(item.pub_status, item.signals):
                problems.append(f"{path.name}: incomplete item {item.guid}")  # only a kill may come bare
            assert item.format == "ninjs" and item.raw
    assert problems == []
    assert items > 40


def test_not_json_is_a_parse_error_naming_the_format(corpus):
    broken = [path for path in sorted((corpus / "dev").rglob("*.json")) if not is_json(path)]
    assert broken  # the suites hold a few deliberately broken files
    for path in broken:
        with pytest.raises(ParseError, match="^ingest: ninjs: not JSON: "):
            read(path)


# --- IPTC validation suites ---------------------------------------------------------------

def suite_files(corpus, verdict):
    return sorted((corpus / "dev" / "iptc-validation-suite").glob(f"*/{verdict}/*.json"))


def test_should_pass_documents_are_never_treated_as_malformed(corpus):
    paths = suite_files(corpus, "should_pass")
    assert paths
    for path in paths:
        for entry in read(path):
            if isinstance(entry, Rejected):
                assert PORTAL_REASONS.match(entry.reason), (path, entry.reason)


def test_should_fail_documents_are_refused_unless_the_fault_is_irrelevant(corpus):
    schema_dir = corpus / "schema"
    accepted = 0
    for path in suite_files(corpus, "should_fail"):
        try:
            entries = read(path)
        except ParseError:
            assert not is_json(path)
            continue
        for entry in only_items(entries):
            accepted += 1
            version = path.parent.parent.name
            faults = schema_faults(json.loads(path.read_bytes()), schema_dir, version)
            assert faults and faults <= IRRELEVANT_FAULTS, (path, faults)
            assert all(image.url for image in entry.images)
        for entry in entries:
            assert isinstance(entry, WireItem) or entry.reason
    assert accepted  # the suites do hold association-only faults


# --- versions of the format ---------------------------------------------------------------

def test_one_article_reads_the_same_in_ninjs_1_2_and_3(corpus):
    examples = corpus / "dev" / "iptc-examples"
    paths = [examples / "1.4" / "ninjsExMediumText1.json",
             examples / "2.1" / "ninjsExSimpleText_2.json",
             examples / "3.0" / "ninjsExSimpleText_3.json"]
    items = [read(path)[0] for path in paths]
    assert {item.headline for item in items} == {"Captain of wrecked cruise ship on trial in Italy"}
    assert {item.authors for item in items} == {("Paulo Santalucia", "Frances d'Emilio")}
    assert len({visible_text(item) for item in items}) == 1
    assert {item.version_created.isoformat() for item in items} == {"2013-07-09T10:37:00+00:00"}


def test_ninjs_3_camel_case_fields(corpus):
    [item] = read(corpus / "dev" / "iptc-examples" / "3.0" / "tt_text_image_3.json")
    assert (item.language, item.version, item.slugline) == ("sv", 1, "militärövning")
    assert item.version_created.isoformat() == "2021-05-26T13:40:18+02:00"
    assert item.headline not in item.body_html  # the html5 body repeats it as <h1>
    assert item.body_html.count("<p>") == 2 and "<blockquote>" in item.body_html


def test_picture_association_uses_the_widest_rendition(corpus):
    path = corpus / "dev" / "iptc-examples" / "3.0" / "tt_text_image_3.json"
    [item] = read(path)
    [association] = json.loads(path.read_bytes())["associations"]
    pictures = [r for r in association["renditions"] if r.get("contentType", "image/").startswith("image/")]
    widest = max(pictures, key=lambda rendition: rendition.get("width", 0))
    [image] = item.images
    assert (image.url, image.width, image.height) == (widest["href"], widest["width"], widest["height"])
    assert image.credit == association["by"]
    assert image.caption == association["descriptions"][0]["value"]


def test_superdesk_picture_association_prefers_original(corpus):
    path = corpus / "dev" / "superdesk-fixtures" / "ninjs4.json"
    [item] = read(path)
    source = json.loads(path.read_bytes())["associations"]["featuremedia"]
    image = item.images[0]
    assert image.url == source["renditions"]["original"]["href"]
    assert (image.caption, image.credit) == (source["description_text"], source["byline"])
    assert (image.width, image.mime_type) == (1280, "image/jpeg")
    assert len(item.images) == 2


def test_standalone_picture_is_rejected(corpus):
    [entry] = read(corpus / "dev" / "iptc-doc-examples" / "2.2" / "006_photo_only.json")
    assert entry.reason == "not a text item (picture)"
    assert entry.ref == "http://ninjs.example.com/newsitems/20130709simpPh123"


# --- envelopes ----------------------------------------------------------------------------

def test_ap_media_api_envelopes(corpus):
    fixtures = corpus / "dev" / "superdesk-fixtures"
    [text] = read(fixtures / "ap_media_text_item.json")
    assert (text.ref, text.reason) == ("5ee9b4b40ea5fe9c9ca60f890fb2e1d9", "no body text")
    feed = json.loads((fixtures / "ap_media_feed.json").read_bytes())
    entries = read(fixtures / "ap_media_feed.json")
    assert len(entries) == len(feed["data"]["items"])
    assert [entry.ref for entry in entries] == [i["item"]["altids"]["itemid"] for i in feed["data"]["items"]]


def test_feed_page_envelope_and_non_text_types(corpus):
    [entry] = read(corpus / "dev" / "superdesk-fixtures" / "bbc-ninjs-text-test.json")
    assert (entry.ref, entry.reason) == ("https://www.example.com//12345", "not a text item (advisory)")


def test_json_list_gives_one_entry_per_object_with_its_own_raw(corpus):
    path = corpus / "dev" / "iptc-graphql-sample" / "data.json"
    source = json.loads(path.read_bytes())
    entries = read(path)
    assert len(entries) == len(source)
    for entry, obj in zip(entries, source):
        assert json.loads(entry.raw) == obj


# --- shapes and failures ------------------------------------------------------------------

def ninjs_bytes(**fields):
    base = {"uri": "urn:test:1", "type": "text", "headline": "Title", "body_html": "<p>Body</p>"}
    return json.dumps({**base, **fields}).encode()


@pytest.mark.parametrize(("fields", "reason"), [
    ({"headline": ["not", "text"]}, "headline is not a string"),
    ({"body_html": {"p": 1}}, "body_html is not a string"),
    ({"headline": None, "headlines": [{"value": 7}]}, "headlines is not a string"),
    ({"headline": ""}, "no headline"),
    ({"body_html": ""}, "no body text"),
    ({"type": "video"}, "not a text item (video)"),
])
def test_unusable_items_are_rejected_with_the_reason(fields, reason):
    [entry] = ninjs.parse(ninjs_bytes(**fields))
    assert isinstance(entry, Rejected)
    assert (entry.ref, entry.reason, entry.format) == ("urn:test:1", reason, "ninjs")


def test_harmless_schema_violations_are_ignored():
    payload = ninjs_bytes(versioncreated=5, subject="politics", language=["de"], version="v2",
                          associations="none", pubstatus="commissioned")
    [item] = ninjs.parse(payload)
    assert (item.headline, item.body_html) == ("Title", "<p>Body</p>")
    assert (item.version_created, item.subjects, item.language, item.version) == (None, (), "", None)
    assert item.pub_status is PubStatus.USABLE


def test_fields_map_to_the_wire_item():
    payload = ninjs_bytes(language="en-GB", pubStatus="withheld", embargoedUntil="2030-01-01T10:00:00",
                          byline="By Jane Roe and John Doe", version="4", keywords=["a", 2, "b"],
                          subjects=[{"name": "Politics", "uri": "http://cv.iptc.org/newscodes/mediatopic/11000000"}])
    [item] = ninjs.parse(payload)
    assert (item.language, item.pub_status, item.version) == ("en", PubStatus.WITHHELD, 4)
    assert item.embargoed_until.isoformat() == "2030-01-01T10:00:00+00:00"
    assert item.authors == ("Jane Roe", "John Doe") and item.keywords == ("a", "b")
    assert [(s.code, s.name) for s in item.subjects] == [("medtop:11000000", "Politics")]


def test_plain_text_body_becomes_paragraphs():
    payload = json.dumps({"headlines": [{"value": "Head"}],
                          "bodies": [{"contenttype": "text/plain", "value": "Head\nFirst line.\n\nSecond."}]})
    [item] = ninjs.parse(payload.encode())
    assert (item.body_html, item.paragraphs) == ("", ("First line.", "Second."))


@pytest.mark.parametrize("payload", [b"", b"{not json", b"42", b'"text"', b"[" * 100000])
def test_unreadable_payloads_raise_parse_error(payload):
    with pytest.raises(ParseError, match="^ingest: ninjs: "):
        ninjs.parse(payload)


def test_non_object_in_a_list_is_rejected():
    entries = ninjs.parse(b'[42, {"headline": "H", "body_text": "B"}]')
    assert isinstance(entries[0], Rejected) and entries[0].reason == "not a JSON object"
    assert entries[1].headline == "H" and entries[1].paragraphs == ("B",)


def test_named_original_rendition_beats_a_wider_one():
    renditions = {"wide": {"href": "http://x/wide.jpg", "width": 4000, "mimetype": "image/jpeg"},
                  "original": {"href": "http://x/original.jpg", "width": 1200},
                  "caption_nitf": {"href": "http://x/caption.xml", "mimetype": "text/xml", "width": 9000}}
    payload = ninjs_bytes(associations={"featureimage": {"type": "picture", "renditions": renditions}})
    [item] = ninjs.parse(payload)
    assert [image.url for image in item.images] == ["http://x/original.jpg"]
