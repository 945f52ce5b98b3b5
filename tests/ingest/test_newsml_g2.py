"""NewsML-G2 (and NewsML 1.2 / NITF) parsing against the real agency corpus."""

import json
import re

import pytest
from lxml import etree
from lxml import html as lxml_html

from gazzetta.ingest.formats import newsml_g2
from gazzetta.ingest.wireitem import ParseError, PubStatus, Rejected, WireItem

NAR = "http://iptc.org/std/nar/2006-10-01/"
NITF_ONLY_TAGS = re.compile(r"<(?:block|hl1|hl2|bq|body\.content|body\.head|hedline|nitf)\b")


@pytest.fixture(scope="module")
def corpus(shared):
    return shared / "corpus" / "newsml-g2" / "dev"


def read(path):
    return newsml_g2.parse(path.read_bytes())


def only_items(entries):
    return [entry for entry in entries if isinstance(entry, WireItem)]


def visible_text(markup):
    return " ".join(lxml_html.fromstring(f"<div>{markup}</div>").text_content().split())


def compact(text):
    return "".join(text.split())


def item_problems(item):
    """Name what a WireItem lacks that every article needs."""
    problems = []
    if not item.headline:
        problems.append("no headline")
    if not visible_text(item.body_html) and not item.paragraphs:
        problems.append("no body")
    if NITF_ONLY_TAGS.search(item.body_html):
        problems.append("NITF tags left in body")
    if item.format != "newsml-g2" or not item.raw:
        problems.append("format/raw missing")
    return problems


# --- the whole dev corpus ---------------------------------------------------------------

def test_every_dev_file_reads_and_every_item_is_complete(corpus):
    problems, items = [], 0
    for path in sorted(corpus.rglob("*.xml")):
        try:
            entries = read(path)
        except ParseError as error:  # MANIFEST: every file in the corpus is well-formed
            problems.append(f"{path.name}: {error}")
            continue
        assert entries, path
        for item in only_items(entries):
            items += 1
            problems.extend(f"{path.name}: {problem}" for problem in item_problems(item))
    assert problems == []
    assert items > 100


def test_rejections_always_carry_a_reason_and_the_raw_item(corpus):
    for path in sorted(corpus.rglob("*.xml")):
        for entry in read(path):
            if isinstance(entry, Rejected):
                assert entry.reason and entry.format == "newsml-g2" and entry.raw, path


# --- dpa ----------------------------------------------------------------------------------

def test_dpa_sample_items_are_complete_german_articles(corpus):
    paths = sorted((corpus / "dpa-sample-20170629").glob("*.xml"))
    items = [entry for path in paths for entry in read(path)]
    assert len(items) == len(paths) > 50  # the dev split holds 67 of the 100 items
    for item in items:
        assert isinstance(item, WireItem), item
        assert item.language == "de"
        assert item.headline and visible_text(item.body_html)
        assert item.version_created is not None and item.version_created.tzinfo is not None
        assert item.guid.startswith("urn:newsml:dpa.com:")
        assert item.agency == "dpa"


def test_dpa_body_drops_page_furniture_and_the_repeated_teaser(corpus):
    path = next((corpus / "dpa-sample-20170629").glob("*170627-99-11003*.xml"))
    [item] = read(path)
    assert item.lead.startswith("Das Ikea-Bett «Malm» steht in etlichen Schlafzimmern.")
    assert item.authors == ("Anja Semmelroch",)
    assert item.body_html.startswith('<p><span class="dateline">Karlsruhe')
    assert item.headline not in visible_text(item.body_html)
    assert item.lead not in visible_text(item.body_html)
    assert "sig:update" in item.signals
    assert item.subjects[0].code == "dpacountry:1"
    assert {"medtop:20000111", "subj:15041007"} <= {subject.code for subject in item.subjects}


def digitalwires_pairs(corpus):
    for source in sorted((corpus / "dpa-digitalwires").glob("*.source.json")):
        xml = source.with_name(source.name.replace(".source.json", ".xml"))
        yield xml, json.loads(source.read_text(encoding="utf-8"))


def test_digitalwires_xml_matches_its_source_json(corpus):
    compared = 0
    for xml, source in digitalwires_pairs(corpus):
        [entry] = read(xml)
        if not source["article_html"]:
            assert isinstance(entry, Rejected) and entry.reason.startswith("not a text item")
            continue
        compared += 1
        ours = compact(visible_text(entry.body_html))
        assert entry.headline == source["headline"], xml.name
        assert compact(visible_text(source["article_html"])) in ours, xml.name
        assert compact(source["dateline"] or "") in ours, xml.name
        assert entry.lead == " ".join((source["teaser"] or "").split()), xml.name
        assert entry.version == source["version"] and entry.language == source["language"]
        for author in entry.authors:
            assert author.casefold() in source["byline"].casefold(), xml.name
    assert compared >= 10


def test_digitalwires_bylines_name_people_not_the_agency(corpus):
    bylines = {xml.name: entry.authors for xml, _ in digitalwires_pairs(corpus)
               for entry in only_items(read(xml))}
    assert bylines["dw-1.xml"] == ("Marco Krefting", "Sunrita Sen")
    assert bylines["rubix_multimedia_real.xml"] == ()  # "Von dpa"
    assert bylines["no_notepad.xml"] == ("Ashok Sharma",)


def test_digitalwires_embargo_and_signals_come_through(corpus):
    for xml, source in digitalwires_pairs(corpus):
        for item in only_items(read(xml)):
            expected = newsml_g2.parse_time(source["embargoed"]) if source["embargoed"] else None
            assert item.embargoed_until == expected, xml.name
            if source["signal"]:
                assert source["signal"] in item.signals, xml.name


def test_linked_pictures_become_images(corpus):
    path = corpus / "dpa-digitalwires" / "rubix_multimedia_real.xml"
    [item] = read(path)
    links = etree.parse(str(path)).getroot().iterfind(f".//{{{NAR}}}itemMeta/{{{NAR}}}link")
    expected = [(link.get("href"), link.findtext(f"{{{NAR}}}title")) for link in links]
    assert [(image.url, image.caption) for image in item.images] == expected
    assert len(expected) == 2


# --- pictures, packages, messages ----------------------------------------------------------

def test_picture_alone_is_rejected(corpus):
    for path in sorted((corpus / "dpa-picture-items").glob("*.xml")):
        [entry] = read(path)
        assert isinstance(entry, Rejected)
        assert entry.reason == "not a text item (picture)"
        assert entry.ref.startswith("urn:newsml:dpa.com:")


def test_package_alone_is_rejected(corpus):
    [entry] = read(corpus / "superdesk-fixtures" / "tag_reuters.com_2014_newsml_KBN0FL0NM_version_10.xml")
    assert (entry.ref, entry.reason) == ("tag_reuters.com_2014_newsml_KBN0FL0NM", "not a text item (package)")


def reuters_message(corpus, *names):
    """Put the items of several Reuters files into one newsMessage, as the wire sends them."""
    message = etree.Element(f"{{{NAR}}}newsMessage", nsmap={None: NAR})
    item_set = etree.SubElement(message, f"{{{NAR}}}itemSet")
    for name in names:
        root = etree.parse(str(corpus / "superdesk-fixtures" / name)).getroot()
        item_set.extend(root.find(f"{{{NAR}}}itemSet"))
    return etree.tostring(message)


def test_package_folds_its_pictures_into_the_text_item(corpus):
    payload = reuters_message(
        corpus,
        "tag_reuters.com_2014_newsml_KBN0FL0NM_version_10.xml",
        "tag_reuters.com_2014_newsml_KBN0FL0NN_version_5.xml",
        "tag_reuters.com_2014_newsml_LYNXMPEA6F13M_version_1.xml",
        "tag_reuters.com_2014_newsml_LYNXMPEA6F0MS_version_2.xml",
        "tag_reuters.com_2014_newsml_KBN0FL0ZP_version_2.xml",
    )
    entries = newsml_g2.parse(payload)
    assert all(isinstance(entry, WireItem) for entry in entries)
    main, sidebar = entries
    assert main.guid == "tag_reuters.com_2014_newsml_KBN0FL0NN"
    assert main.story_refs == sidebar.story_refs == ("tag_reuters.com_2014_newsml_KBN0FL0NM",)
    assert [image.url.rsplit("-", 1)[1] for image in main.images] == ["BASEIMAGE", "BASEIMAGE"]
    assert main.images[0].caption.startswith("Syria's President Bashar al-Assad places his right hand")
    assert (main.images[0].width, main.images[0].height, main.images[0].mime_type) == (800, 563, "image/jpeg")
    assert main.images[0].credit == "Reuters"
    assert sidebar.images == ()  # pictures of the main group stay with the main story


def test_message_with_package_text_video_and_picture(corpus):
    entries = read(corpus / "superdesk-fixtures" / "video.xml")
    [text] = only_items(entries)
    assert text.story_refs == ("tag:reuters.com,2013:newsml_OVE933ZR4",)
    assert [image.url.split("binary_")[-1] for image in text.images] == ["LOVE9230WHZNR-BASEIMAGE:960X540"]
    reasons = sorted(entry.reason for entry in entries if isinstance(entry, Rejected))
    assert reasons == ["not a text item (audio)", "not a text item (video)"]


def test_package_item_refs_carry_the_versions_the_items_have(corpus):
    """The two versions of one Reuters item sit in the heldout split; in dev the package's
    references still pin guid and version of the text items it groups."""
    fixtures = corpus / "superdesk-fixtures"
    package = etree.parse(str(fixtures / "tag_reuters.com_2014_newsml_KBN0FL0NM_version_10.xml"))
    refs = {ref.get("residref"): int(ref.get("version")) for ref in package.iter(f"{{{NAR}}}itemRef")}
    texts = [entry for path in fixtures.glob("tag_reuters.com_2014_*.xml") for entry in read(path)
             if isinstance(entry, WireItem)]
    assert len(texts) == 2
    for text in texts:
        assert refs[text.guid] == text.version


def test_a_later_version_of_a_real_item_keeps_its_guid(corpus):
    """A wire resends an item with a higher version; the parser reports the same guid, newer version."""
    path = corpus / "superdesk-fixtures" / "tag_reuters.com_2014_newsml_KBN0FL0NN_version_5.xml"
    [first] = only_items(read(path))
    tree = etree.fromstring(path.read_bytes())
    item = next(tree.iter(f"{{{NAR}}}newsItem"))
    item.set("version", str(first.version + 1))
    for stamp in item.iter(f"{{{NAR}}}versionCreated"):
        stamp.text = "2030-01-01T00:00:00Z"
    [second] = only_items(newsml_g2.parse(etree.tostring(tree)))
    assert second.guid == first.guid
    assert second.version == first.version + 1
    assert second.version_created > first.version_created


def test_multi_item_message_gives_each_item_its_own_raw(corpus):
    path = corpus / "superdesk-fixtures" / "ap.xml"
    items = only_items(read(path))
    assert len(items) == 3
    for item in items:
        assert etree.fromstring(item.raw).get("guid") == item.guid
    [single] = read(corpus / "superdesk-fixtures" / "tag_reuters.com_2014_newsml_KBN0FL0NN_version_5.xml")
    assert single.raw == (corpus / "superdesk-fixtures" / "tag_reuters.com_2014_newsml_KBN0FL0NN_version_5.xml").read_bytes()


def test_namespace_less_document_reads_like_the_namespaced_one(corpus):
    """TT sends G2 without a namespace; elements are matched by local name."""
    payload = (corpus / "superdesk-fixtures" / "tag_reuters.com_2014_newsml_KBN0FL0NN_version_5.xml").read_bytes()
    bare = payload.replace(b' xmlns="http://iptc.org/std/nar/2006-10-01/"', b"")
    assert bare != payload
    [with_ns], [without_ns] = newsml_g2.parse(payload), newsml_g2.parse(bare)
    assert (without_ns.guid, without_ns.headline, without_ns.body_html) == (
        with_ns.guid, with_ns.headline, with_ns.body_html)
    assert with_ns.language == "en" and with_ns.version == 5
    assert with_ns.authors == ("Marwan Makdisi",)
    assert not visible_text(with_ns.body_html).startswith("By Marwan")


# --- bodies -------------------------------------------------------------------------------

def test_nitf_body_becomes_plain_html(corpus):
    [item] = read(corpus / "iptc-examples" / "LISTING_22_Sports_story_in_NewsML-G2NITF.xml")
    assert item.body_html.startswith("<p>(Sports Network) - A pair of teams")
    assert item.body_html.count("<p>") == 6
    assert item.lead.startswith("A pair of teams coming off big weekend sweeps")
    assert item.located == "" and item.language == "en"


def test_nitf_block_and_subheads_are_mapped(corpus):
    ap = only_items(read(corpus / "superdesk-fixtures" / "ap.xml"))[0]
    assert ap.body_html.startswith("<div><p>FORT WASHINGTON, Pa. (AP) _ Nutrisystem")
    [ntb] = read(corpus / "other-formats" / "nitf" / "superdesk-nitf-ntb.xml")
    assert "<h2>Påstand</h2>" in ntb.body_html and "<ul>" in ntb.body_html


def test_headline_prefers_the_plain_one():
    payload = f"""<newsItem xmlns="{NAR}" guid="urn:test:1" version="3">
      <itemMeta><itemClass qcode="ninat:text"/><pubStatus qcode="stat:withheld"/></itemMeta>
      <contentMeta><headline role="hld:subHeadline">Sub</headline><headline>Plain</headline>
        <language tag="EN-gb"/></contentMeta>
      <contentSet><inlineXML contenttype="application/nitf+xml"><nitf><body><body.content>
        <hl2>Cross-head</hl2><bq><p>Quoted</p></bq><p>Text <person>Ann</person>.</p>
      </body.content></body></nitf></inlineXML></contentSet></newsItem>""".encode()
    [item] = newsml_g2.parse(payload)
    assert (item.headline, item.language, item.pub_status) == ("Plain", "en", PubStatus.WITHHELD)
    assert item.body_html == "<h2>Cross-head</h2><blockquote><p>Quoted</p></blockquote><p>Text Ann.</p>"


def test_item_without_headline_or_body_is_rejected(corpus):
    [no_headline] = read(corpus / "superdesk-fixtures" / "stt_newsml_test_no_hl.xml")
    assert (no_headline.ref, no_headline.reason) == ("urn:newsml:stt.fi:20171219:101801633", "no headline")
    [no_body] = read(corpus / "superdesk-fixtures" / "LISTING_1_A_NewsML-G2_News_Item_ca134fdb.xml")
    assert no_body.reason == "no body text"


def test_body_less_kills_in_nitf_and_newsml_1_2_come_through_to_withdraw_their_guid():
    nitf = (b'<nitf><head><docdata management-status="canceled"><doc-id id-string="urn:test:nitf"/></docdata>'
            b"</head><body><body.head><hedline><hl1>Killed</hl1></hedline></body.head></body></nitf>")
    newsml = (b"<NewsML><NewsItem><Identification><NewsIdentifier><ProviderId>afp.com</ProviderId>"
              b"<DateId>20240502</DateId><NewsItemId>42</NewsItemId><RevisionId>3</RevisionId></NewsIdentifier>"
              b"</Identification><NewsManagement><Status FormalName='Withheld'/></NewsManagement></NewsItem></NewsML>")
    [nitf_kill], [newsml_kill] = newsml_g2.parse(nitf), newsml_g2.parse(newsml)
    assert (nitf_kill.guid, nitf_kill.pub_status, nitf_kill.body_html) == ("urn:test:nitf", PubStatus.CANCELED, "")
    assert (newsml_kill.guid, newsml_kill.pub_status) == ("urn:newsml:afp.com:20240502:42", PubStatus.WITHHELD)
    usable = nitf.replace(b"canceled", b"usable")
    assert newsml_g2.parse(usable)[0].reason == "no body text"


def test_non_news_items_are_rejected(corpus):
    [concept] = read(corpus / "iptc-examples" / "LISTING_10_Abstract_Concept_conveyed_in_a_NewsML-G2_Concept_Item.xml")
    assert concept.reason == "not a news item (conceptItem)"
    [fragment] = read(corpus / "iptc-examples" / "LISTING_25_An_NITF_marked-up_article_conveyed_in_inlineXML.xml")
    assert fragment.reason == "not a news item (root contentSet)"


# --- older formats ------------------------------------------------------------------------

def test_newsml_1_2_afp_item(corpus):
    [item] = read(corpus / "other-formats" / "newsml-1.2" / "superdesk-afp.xml")
    assert item.guid == "urn:newsml:afp.com:20140829T135002Z:TX-PAR-FXW86"
    assert (item.version, item.language, item.agency) == (1, "en", "AFP")
    assert item.headline == "Sweden court accepts receivership for Saab carmaker"
    assert item.body_html.startswith("<p>A Chinese-owned company set up to take over Saab")
    assert "subj:04011002" in {subject.code for subject in item.subjects}
    assert "Saab" in item.keywords


def test_newsml_1_2_cdata_html_body(corpus):
    [item] = read(corpus / "other-formats" / "newsml-1.2" / "superdesk-ana1.xml")
    assert item.body_html.startswith("<p>Wage employment in the private sector grew in March")
    assert item.headline == "Wage employment balance positive in Jan-March"


def test_bare_nitf(corpus):
    [item] = read(corpus / "other-formats" / "nitf" / "superdesk-ap-nitf.xml")
    assert item.headline == "Can trading pollution like stocks help fight climate change?"
    assert item.authors == ("Bernard Condon",)
    assert item.version_created.isoformat() == "2015-12-10T19:10:44+00:00"


# --- whole-payload failures ----------------------------------------------------------------

def test_truncated_xml_is_a_parse_error_with_the_line(corpus):
    payload = (corpus / "superdesk-fixtures" / "text.xml").read_bytes()[:1500]
    with pytest.raises(ParseError, match=r"^ingest: newsml-g2: not well-formed XML: line \d+: "):
        newsml_g2.parse(payload)


def test_xxe_is_not_expanded():
    payload = b"""<?xml version="1.0"?><!DOCTYPE newsItem [<!ENTITY x SYSTEM "file:///etc/passwd">]>
    <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g"><contentMeta>
    <headline>&x;</headline></contentMeta></newsItem>"""
    with pytest.raises(ParseError, match="^ingest: newsml-g2: refused"):
        newsml_g2.parse(payload)


def test_empty_payload():
    with pytest.raises(ParseError, match="^ingest: newsml-g2: empty payload"):
        newsml_g2.parse(b"")


# --- IPTC unit tests ---------------------------------------------------------------------

PORTAL_REASONS = re.compile(r"^(no headline|no body text|not a text item \(.+\)|not a news item \(.+\))$")


def test_iptc_should_pass_files_are_never_malformed(corpus):
    for path in sorted(corpus.glob("iptc-unit-tests/*/should_pass/*.xml")):
        for entry in read(path):
            if isinstance(entry, Rejected):
                assert PORTAL_REASONS.match(entry.reason), (path, entry.reason)


def test_iptc_should_fail_files_are_not_published(corpus):
    """None of the schema faults in dev leaves a publishable article, so none may pass."""
    paths = sorted(corpus.glob("iptc-unit-tests/*/should_fail/*.xml"))
    assert paths
    for path in paths:
        try:
            entries = read(path)
        except ParseError as error:
            assert str(error).startswith("ingest: newsml-g2: ")
            continue
        assert all(isinstance(entry, Rejected) and entry.reason for entry in entries), path


# --- helpers shared with ninjs ------------------------------------------------------------

@pytest.mark.parametrize(("byline", "agency", "names"), [
    ("Von Anja Semmelroch, dpa", "dpa", ("Anja Semmelroch",)),
    ("Von Marco Krefting und Sunrita Sen, dpa", "dpa", ("Marco Krefting", "Sunrita Sen")),
    ("By Paulo Santalucia and Frances d'Emilio", "", ("Paulo Santalucia", "Frances d'Emilio")),
    ("Jörg Carstensen/dpa", "dpa", ("Jörg Carstensen",)),
    ("By ASHOK SHARMA", "AP", ("Ashok Sharma",)),
    ("John E. Smith", "", ("John E. Smith",)),
    ("Von dpa", "dpa", ()),
    ("", "dpa", ()),
])
def test_split_byline(byline, agency, names):
    assert newsml_g2.split_byline(byline, agency) == names


@pytest.mark.parametrize(("tag", "language"), [
    ("de", "de"), ("en-US", "en"), ("EN_gb", "en"), ("x-default", ""), ("", ""), (None, ""),
])
def test_primary_language(tag, language):
    assert newsml_g2.primary_language(tag) == language
