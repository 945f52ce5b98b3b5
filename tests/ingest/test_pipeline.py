"""The pipeline end to end: results, one transaction per item, signals, sources, sections, images,
the shared page dumps and their teasers, and no stored XSS through any format."""

import io
import json
import re

import pytest
from PIL import Image as PillowImage

from gazzetta.ingest import dedupe, formats
from gazzetta.ingest.models import Receipt, SubjectMapping
from gazzetta.ingest.pipeline import ItemResult, ingest_payload
from gazzetta.ingest.wireitem import Subject, WireImage, WireItem
from gazzetta.newsroom.models import Article, Image, Relation, Section, Source
from gazzetta.newsroom.signals import article_changed

pytestmark = pytest.mark.django_db

BODY = ("<p>The harbour authority reported record traffic for the third quarter on Tuesday.</p>"
        "<p>Rail links to central Europe carried most of the additional containers, officials said.</p>")


@pytest.fixture(autouse=True)
def archive_home(settings, tmp_path):
    settings.HOME = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"


def ninjs_list(*headlines: str) -> bytes:
    return json.dumps([{"uri": f"urn:test:{index}", "type": "text", "language": "en", "headline": headline,
                        "body_html": BODY.replace("Tuesday", f"Tuesday ({headline})")}
                       for index, headline in enumerate(headlines)]).encode()


@pytest.fixture
def parsed(monkeypatch):
    """Let a test hand WireItems straight to the pipeline, as if a parser had produced them."""
    items = []
    monkeypatch.setattr(formats, "parse", lambda data, format=None, url=None: list(items))
    return items


def png(width=4, height=3) -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), "teal").save(buffer, "PNG")
    return buffer.getvalue()


# --- results and transactions --------------------------------------------------------------

def test_results_carry_the_contract_fields():
    [result] = ingest_payload(ninjs_list("Harbour sets a record"), origin="push")
    assert isinstance(result, ItemResult) and result.status == "created"
    article = Article.objects.get()
    assert result.as_json() == {"status": "created", "id": article.pk, "url": article.get_absolute_url(),
                                "headline": "Harbour sets a record", "language": "en", "source": "", "error": ""}
    assert result.ref == "urn:test:0"


def test_a_crash_in_one_item_rolls_back_that_item_only(monkeypatch):
    remember = dedupe.remember

    def failing(article, *args, **kwargs):
        if article.headline == "Second":
            raise RuntimeError("disk on fire")
        return remember(article, *args, **kwargs)

    monkeypatch.setattr(dedupe, "remember", failing)
    results = ingest_payload(ninjs_list("First", "Second", "Third"), origin="file:x.json")

    assert [result.status for result in results] == ["created", "rejected", "created"]
    assert "storing failed: RuntimeError: disk on fire" in results[1].error
    assert sorted(Article.objects.values_list("headline", flat=True)) == ["First", "Third"]
    receipt = Receipt.objects.get()
    assert [entry["status"] for entry in receipt.results] == ["created", "rejected", "created"]


def test_signals_go_out_after_each_commit_and_never_for_a_rolled_back_item(
        monkeypatch, django_capture_on_commit_callbacks):
    heard = []

    def listener(sender, article_id, change, **kwargs):
        heard.append((article_id, change))

    article_changed.connect(listener)
    monkeypatch.setattr(dedupe, "remember", _failing_for("Second", dedupe.remember))
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            first, second = ingest_payload(ninjs_list("First", "Second"), origin="push")
            assert heard == []  # nothing before the commit
        assert len(callbacks) == 1
        assert heard == [(first.id, "created")] and second.status == "rejected"
    finally:
        article_changed.disconnect(listener)


def _failing_for(headline, function):
    def failing(article, *args, **kwargs):
        if article.headline == headline:
            raise RuntimeError("boom")
        return function(article, *args, **kwargs)
    return failing


def test_a_parser_bug_becomes_a_rejection_and_the_payload_stays_archived(monkeypatch):
    def broken(data, format=None, url=None):
        raise KeyError("surprise")

    monkeypatch.setattr(formats, "parse", broken)
    [result] = ingest_payload(b'{"uri": "x"}', origin="push")
    assert result.status == "rejected" and "the ninjs parser failed: KeyError" in result.error
    assert Receipt.objects.get().size == len(b'{"uri": "x"}')


# --- sources and sections ------------------------------------------------------------------

def test_the_source_is_found_or_created_from_the_item(parsed):
    parsed += [WireItem(guid="a", headline="One", paragraphs=("Text one.",), agency="dpa", language="de"),
               WireItem(guid="b", headline="Two", paragraphs=("Text two.",), agency="dpa", language="de"),
               WireItem(guid="c", headline="Three", paragraphs=("Text three.",), site_name="Adria Kurier",
                        siglum="AK", language="de")]
    results = ingest_payload(b"x", origin="test")
    assert [result.source for result in results] == ["dpa", "dpa", "Adria Kurier"]
    assert Source.objects.get(key="adria-kurier").siglum == "AK"
    assert Source.objects.count() == 2


def test_a_given_source_wins_and_gives_its_default_section(parsed):
    sport = Section.objects.create(key="sport", names={"en": "Sport"})
    wire = Source.objects.create(key="wire", name="The Wire", default_section=sport)
    parsed.append(WireItem(guid="a", headline="One", paragraphs=("Text.",), agency="dpa", language="en"))
    [result] = ingest_payload(b"x", origin="source:wire", source=wire)
    article = Article.objects.get()
    assert result.source == "The Wire" and article.source == wire and article.section == sport


def test_the_section_comes_from_the_subject_table_then_the_section_name(parsed):
    politics = Section.objects.create(key="politics", names={"de": "Politik", "en": "Politics"})
    Section.objects.create(key="economy", names={"de": "Wirtschaft"})
    SubjectMapping.objects.create(subject="medtop:11000000", section=politics)
    parsed += [
        WireItem(guid="a", headline="A", paragraphs=("a",), subjects=(Subject("MEDTOP:11000000", "politics"),)),
        WireItem(guid="b", headline="B", paragraphs=("b",), section="wirtschaft"),
        WireItem(guid="c", headline="C", paragraphs=("c",), subjects=(Subject("dpacat:wi", "Wirtschaft"),)),
        WireItem(guid="d", headline="D", paragraphs=("d",), section="Gardening"),
    ]
    ingest_payload(b"x", origin="test")
    sections = dict(Article.objects.values_list("guid", "section__key"))
    assert sections == {"a": "politics", "b": "economy", "c": "economy", "d": None}


# --- images --------------------------------------------------------------------------------

def test_image_bytes_are_verified_and_saved_and_urls_wait_for_a_fetcher(parsed, django_capture_on_commit_callbacks):
    parsed.append(WireItem(guid="a", headline="Pictures", paragraphs=("Text.",), language="en", images=(
        WireImage(data=png(), caption="Teal square", credit="Foto: Test"),
        WireImage(data=b"GIF89a not really", caption="Broken"),
        WireImage(url="https://pictures.example/harbour.jpg", caption="Harbour", credit="AK/ANSA"),
    )))
    fetched = []

    def fetch(url):
        fetched.append(url)
        return png(8, 6)

    with django_capture_on_commit_callbacks(execute=True):
        ingest_payload(b"x", origin="test", fetch_image=fetch)

    saved, broken, remote = Image.objects.order_by("position")
    assert saved.file and (saved.width, saved.height) == (4, 3) and saved.credit == "Foto: Test"
    assert not broken.file and broken.caption == "Broken"
    assert fetched == ["https://pictures.example/harbour.jpg"]
    assert remote.file and (remote.width, remote.height) == (8, 6) and remote.caption == "Harbour"
    # in the rows themselves: loading a row without them makes Django open the file to measure it
    assert list(Image.objects.order_by("position").values_list("width", "height")) == [(4, 3), (None, None), (8, 6)]


def test_without_a_fetcher_an_image_url_is_recorded_without_a_file(parsed):
    parsed.append(WireItem(guid="a", headline="Pictures", paragraphs=("Text.",), images=(
        WireImage(url="https://pictures.example/a.jpg", caption="Caption", credit="Credit"),
        WireImage(url="javascript:alert(1)", caption="Hostile"))))
    ingest_payload(b"x", origin="test")
    assert list(Image.objects.values_list("source_url", "caption", "credit", "file")) == [
        ("https://pictures.example/a.jpg", "Caption", "Credit", ""), ("", "Hostile", "", "")]


# --- the shared page dumps ------------------------------------------------------------------

@pytest.fixture(scope="module")
def examples(shared):
    folder = shared / "examples"
    return folder, json.loads((folder / "expected.json").read_text(encoding="utf-8"))


def test_each_shared_dump_is_stored_as_expected(examples):
    folder, expected = examples
    for name, want in expected.items():
        [result] = ingest_payload((folder / name).read_bytes(), origin=f"file:{name}")
        assert result.status == "created", (name, result)
        article = Article.objects.get(pk=result.id)
        paragraphs = re.findall(r"<p>(.*?)</p>", article.body_html, flags=re.S)
        assert (article.headline, article.language, article.source.name) == (want["headline"], want["language"], want["site"])
        assert len(paragraphs) == want["paragraphs"], name
        assert paragraphs[0].startswith(want["first_paragraph_starts"]) and paragraphs[-1].startswith(want["last_paragraph_starts"])
        assert (article.authors, article.siglum) == (want["byline"]["authors"], want["byline"]["siglum"])
        assert not any(text in article.body_html for text in want["not_in_body"]), name
        images = list(article.images.values_list("caption", "credit", "file"))
        assert images == ([(want["image"]["caption"], want["image"]["credit"], "")] if want["image"] else [])
        teasers = list(Relation.objects.filter(article=article, kind="source").order_by("rank"))
        assert [(teaser.headline, teaser.related_id) for teaser in teasers] == [
            (teaser["headline"], None) for teaser in want["recommendations"]]
        assert all(got.lead.startswith(teaser["lead_starts"]) for got, teaser in zip(teasers, want["recommendations"]))


HARBOUR_DUMP = """Adria Kurier - Hafen von Triest meldet Rekordumschlag im dritten Quartal

Hafen von Triest meldet Rekordumschlag im dritten Quartal

Der Hafen von Triest hat im dritten Quartal so viele Container umgeschlagen wie noch nie seit seiner Gründung.

Die Hafenbehörde nannte vor allem die neuen Güterzüge nach Österreich, Ungarn und Bayern als Grund für das Wachstum.

Textgröße ändern:

Die Gewerkschaften verlangen nun zusätzliches Personal für die Nachtschichten an den Kränen.

R.Weiss--AK
"""


@pytest.mark.parametrize("recommended_first", [False, True])
def test_a_source_teaser_links_to_the_article_with_its_headline(examples, client, recommended_first):
    folder, _expected = examples
    payloads = [(folder / "de-adriakurier-radwege.txt").read_bytes(), HARBOUR_DUMP.encode()]
    results = [ingest_payload(data, origin="test")[0] for data in (payloads[::-1] if recommended_first else payloads)]
    radwege, harbour = results[::-1] if recommended_first else results
    assert (radwege.status, harbour.status) == ("created", "created")

    teaser = Relation.objects.get(article_id=radwege.id, kind="source", rank=0)
    assert teaser.related_id == harbour.id
    page = client.get(radwege.url).content.decode()
    assert f'<a href="{harbour.url}">Hafen von Triest meldet Rekordumschlag im dritten Quartal</a>' in page


# --- no stored XSS, whatever the format ---------------------------------------------------

HOSTILE = {
    "dump": """Evil Site - Harbour news <script>alert(1)</script>

Harbour news <script>alert(1)</script>

The harbour reported record traffic <img src=x onerror=alert(2)> on Tuesday, officials said in the port.

A second paragraph with <a href="javascript:alert(3)">a link</a> for the readers of the site.

J.Doe--ES
""".encode(),
    "ninjs": json.dumps({"uri": "urn:evil:1", "type": "text", "language": "en",
                         "headline": "Harbour news <img src=x onerror=alert(1)>",
                         "body_html": '<p onclick="alert(2)">The harbour reported record traffic.<script>alert(3)</script></p>'
                                      '<p><a href="javascript:alert(4)">link</a><img src="x" onerror="alert(5)">'
                                      '<iframe src="javascript:alert(6)"></iframe><svg onload="alert(7)"></svg></p>'}).encode(),
    "newsml-g2": b"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:evil:g2" version="1" standard="NewsML-G2" standardversion="2.23">
 <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:EVIL"/><versionCreated>2024-05-02T10:00:00Z</versionCreated>
  <pubStatus qcode="stat:usable"/></itemMeta>
 <contentMeta><language tag="en"/><headline>Harbour &lt;script&gt;alert(1)&lt;/script&gt; news</headline></contentMeta>
 <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head>
 <body><p>The harbour reported record traffic <a href="javascript:alert(2)">link</a> <img src="x" onerror="alert(3)"/>.</p>
 <script>alert(4)</script><p onclick="alert(5)">Second paragraph of the harbour story.</p></body></html></inlineXML></contentSet>
</newsItem>""",
    "feed": b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Evil feed</title><link>https://evil.example/</link>
<item><guid>https://evil.example/1</guid><link>javascript:alert(1)</link><title>Harbour &lt;script&gt;alert(2)&lt;/script&gt; news</title>
<description>&lt;p onmouseover="alert(3)"&gt;The harbour reported record traffic.&lt;script&gt;alert(4)&lt;/script&gt;&lt;/p&gt;
&lt;p&gt;&lt;a href="javascript:alert(5)"&gt;link&lt;/a&gt;&lt;img src="x" onerror="alert(6)"&gt;&lt;/p&gt;</description></item>
</channel></rss>""",
    "html": b"""<!doctype html><html lang="en"><head><title>Harbour news</title><script>alert(1)</script></head><body>
<article><h1>Harbour news <img src=x onerror=alert(2)></h1>
<p>The harbour reported record traffic for the third quarter, the port authority said on Tuesday in a statement.</p>
<p onclick="alert(3)">Rail links to central Europe carried most of the new containers <a href="javascript:alert(4)">link</a>,
officials added, and more trains are planned for next year.</p><script>alert(5)</script><img src="x" onerror="alert(6)">
</article></body></html>""",
}
LIVE_SCRIPT = re.compile(r"<script\b[^>]*>[^<]*alert|<[a-z][^>]*\son[a-z]+\s*=|(?:href|src)\s*=\s*[\"']?\s*javascript:", re.I)


@pytest.mark.parametrize("format", sorted(HOSTILE))
def test_scripts_handlers_and_javascript_urls_never_survive(client, format):
    results = ingest_payload(HOSTILE[format], origin="test", format=format, url="https://evil.example/page")
    stored = [result for result in results if result.id]
    assert stored, results
    for result in stored:
        article = Article.objects.get(pk=result.id)
        assert not LIVE_SCRIPT.search(article.body_html), article.body_html
        assert "<" not in article.headline and "<" not in article.lead
        assert not article.source_url.startswith("javascript")
        page = client.get(result.url)
        assert page.status_code == 200
        assert not LIVE_SCRIPT.search(page.content.decode()), format
