"""Normalisation: the HTML allow-list, plain headlines and leads, language, lead, slug and section."""

import pytest

from gazzetta.ingest import normalise
from gazzetta.ingest.models import SubjectMapping
from gazzetta.ingest.wireitem import Subject, WireItem
from gazzetta.newsroom.models import Section, Source


@pytest.mark.parametrize(("markup", "expected"), [
    ("<p>Text <script>alert(1)</script>kept</p>", "<p>Text kept</p>"),
    ('<p onclick="x()" class="a" style="color:red">Text</p>', "<p>Text</p>"),
    ('<a href="javascript:alert(1)">bad</a>', '<a rel="noopener nofollow">bad</a>'),
    ('<a href="https://example.org/x" target="_blank">good</a>', '<a href="https://example.org/x" rel="noopener nofollow">good</a>'),
    ('<p><img src="x" onerror="alert(1)">Picture</p>', "<p>Picture</p>"),
    ("<h1>Title</h1><h2>Sub</h2><h5>Small</h5>", "Title<h2>Sub</h2>Small"),
    ("<figure><img src=x><figcaption>Cap</figcaption></figure>", "Cap"),
    ("<table><tr><td colspan=2 onclick=x>1</td></tr></table>", '<table><tbody><tr><td colspan="2">1</td></tr></tbody></table>'),
    ("<iframe src=//evil></iframe><style>p{}</style><svg onload=x><circle/></svg>", ""),
    ("<ul><li><strong>a</strong> <em>b</em></li></ul><blockquote>q</blockquote>",
     "<ul><li><strong>a</strong> <em>b</em></li></ul><blockquote>q</blockquote>"),
])
def test_sanitise_keeps_the_allow_list_only(markup, expected):
    assert normalise.sanitise_html(markup) == expected


def test_plain_paragraphs_become_escaped_paragraphs():
    item = WireItem(paragraphs=("Tom & Jerry <b>", "  ", "Second   line"))
    assert normalise.body_of(item) == "<p>Tom &amp; Jerry &lt;b&gt;</p>\n<p>Second line</p>"


def test_bare_html_text_is_wrapped_in_a_paragraph():
    assert normalise.body_of(WireItem(body_html="Just text<br>and more")) == "<p>Just text<br>and more</p>"


def test_headlines_are_one_line_of_text():
    assert normalise.plain_text("  Rome&nbsp;<b>wins</b>\n again &amp; again ") == "Rome wins again & again"


LONG = ("The council met on Wednesday. It approved a plan for sixty kilometres of cycle lanes along the "
        "waterfront and the roads out of the city, after a debate that lasted for more than four hours and "
        "ended with a clear majority. The opposition walked out before the vote. Traders in the old town "
        "said they would challenge the plan in court because of the parking spaces it removes.")


def test_the_lead_is_the_first_paragraph_cut_at_a_sentence_end():
    lead = normalise.derive_lead([LONG, "Second paragraph."])
    assert lead.endswith("clear majority. The opposition walked out before the vote.")
    assert len(lead) <= normalise.LEAD_MAX_CHARS
    assert normalise.derive_lead(["Short first.", "Second."]) == "Short first."
    assert normalise.derive_lead(["word " * 100]).endswith(" …")


@pytest.mark.parametrize(("tag", "expected"), [("de-AT", "de"), ("EN", "en"), ("it_CH", "it"), ("x", ""), ("12", ""), ("und", "")])
def test_declared_languages_are_reduced_to_their_primary_subtag(tag, expected):
    assert normalise.primary_subtag(tag) == expected


@pytest.mark.parametrize(("text", "language"), [
    ("Der Stadtrat hat am Mittwoch beschlossen, das Radwegenetz bis 2030 deutlich auszubauen.", "de"),
    ("Il consiglio comunale ha approvato mercoledì il piano per nuove piste ciclabili in città.", "it"),
    ("The city council approved a plan on Wednesday to extend the network of cycle lanes.", "en"),
    ("Le conseil municipal a approuvé mercredi un plan pour étendre le réseau de pistes cyclables.", "fr"),
])
def test_an_undeclared_language_is_detected(text, language):
    assert normalise.detect_language(text) == language


def test_detection_only_chooses_among_sensible_languages():
    chosen = {normalise.detect_language(text) for text in ("ok", "Zagreb Beograd", "xyz qwv", "Ja ne znam", "Ἀθῆναι")}
    assert chosen <= set(normalise.DETECTABLE_LANGUAGES)


@pytest.mark.django_db
def test_the_section_is_chosen_by_subject_table_section_name_then_source_default():
    sport = Section.objects.create(key="sport", names={"de": "Sport", "it": "Sport"})
    culture = Section.objects.create(key="culture", names={"de": "Kultur", "it": "Cultura"})
    SubjectMapping.objects.create(subject="Fußball", section=sport)
    source = Source.objects.create(key="wire", name="Wire", default_section=culture)
    chooser = normalise.SectionChooser()

    assert chooser.choose(WireItem(subjects=(Subject("medtop:15054000", "FUSSBALL"),)), None) == sport
    assert chooser.choose(WireItem(section="Cultura"), None) == culture
    assert chooser.choose(WireItem(section="Wetter"), source) == culture
    assert chooser.choose(WireItem(section="Wetter"), None) is None
