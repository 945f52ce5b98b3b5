"""Page dumps: the shared examples hold, and hostile dumps of our own are read sensibly."""

import json
import random
import textwrap

import pytest

from gazzetta.ingest import formats
from gazzetta.ingest.formats import dump
from gazzetta.ingest.wireitem import Recommendation, Rejected, WireImage, WireItem


def page(text: str, encoding: str = "utf-8") -> bytes:
    """Return the bytes of a dump written as an indented triple-quoted string."""
    return textwrap.dedent(text).strip("\n").encode(encoding)


def read(data: bytes) -> WireItem:
    """Parse `data` and return its one article, failing when the parser rejected it."""
    [item] = dump.parse(data)
    assert isinstance(item, WireItem), item
    return item


def reject_reason(data: bytes) -> str:
    [item] = dump.parse(data)
    assert isinstance(item, Rejected), item
    assert item.reason.startswith("ingest: dump: ")
    return item.reason


# --- the shared examples: every field expected.json lists ------------------------------

def check_site(item, value):
    return item.site_name == value


def check_language(item, value):
    return item.language == value


def check_headline(item, value):
    return item.headline == value


def check_image(item, value):
    if value is None:
        return item.images == ()
    return item.images == (WireImage(caption=value["caption"], credit=value["credit"]),)


def check_paragraphs(item, value):
    return len(item.paragraphs) == value


def check_first_paragraph_starts(item, value):
    return bool(item.paragraphs) and item.paragraphs[0].startswith(value)


def check_last_paragraph_starts(item, value):
    return bool(item.paragraphs) and item.paragraphs[-1].startswith(value)


def check_byline(item, value):
    return item.authors == tuple(value["authors"]) and item.siglum == value["siglum"]


def check_not_in_body(item, value):
    return not any(text in paragraph for text in value for paragraph in item.paragraphs)


def check_recommendations(item, value):
    return len(item.recommendations) == len(value) and all(
        got.headline == want["headline"] and got.lead.startswith(want["lead_starts"])
        for got, want in zip(item.recommendations, value))


CHECKS = {name.removeprefix("check_"): check for name, check in globals().items()
          if name.startswith("check_")}


def test_every_expected_field_of_every_example_holds(shared):
    examples = shared / "examples"
    expected = json.loads((examples / "expected.json").read_text(encoding="utf-8"))
    failures = []
    for name, fields in expected.items():
        item = read((examples / name).read_bytes())
        assert item.format == "dump" and item.guid == ""
        for field, value in fields.items():
            check = CHECKS.get(field)
            if check is None or not check(item, value):
                failures.append(f"{name}: {field} expected {value!r}, got {item!r}")
    assert expected and not failures, "\n".join(failures)


def test_examples_are_detected_as_dumps(shared):
    data = (shared / "examples" / "en-adriacourier-ferry.txt").read_bytes()
    assert formats.detect_format(data) == "dump"
    assert isinstance(formats.parse(data)[0], WireItem)


# --- hostile dumps of our own ------------------------------------------------------------

FRENCH = page("""
    Taille du texte :
    Le Courrier du Golfe | Grève au port de Marseille : les navires bloqués

    Grève au port de Marseille : les navires bloqués
    Les dockers devant le terminal de Mourepiane (Photo : Claire Dubois / LCG)

    Partager cet article

    Les dockers du port de Marseille ont cessé le travail lundi matin pour protester
    contre la réforme des horaires. Une dizaine de navires attendent au large.

    Taille du texte : A- A A+

    La direction du port parle d'une « grève illégale ».

    Lire la suite
    M. Bianchi -- LCG

    À lire aussi

    Les ferries vers la Corse reprennent

    Sécheresse : les agriculteurs du Var inquiets
    Les réserves d'eau du département sont au plus bas depuis dix ans.

    Mentions légales
""")


def test_french_dump_with_site_first_pipe_and_spaced_byline():
    item = read(FRENCH)
    assert item.site_name == "Le Courrier du Golfe"
    assert item.headline == "Grève au port de Marseille : les navires bloqués"
    assert item.language == "fr"
    assert item.images == (WireImage(caption="Les dockers devant le terminal de Mourepiane",
                                     credit="Claire Dubois / LCG"),)
    assert item.paragraphs == (
        "Les dockers du port de Marseille ont cessé le travail lundi matin pour protester "
        "contre la réforme des horaires. Une dizaine de navires attendent au large.",
        "La direction du port parle d'une « grève illégale ».")
    assert (item.authors, item.siglum) == (("M.Bianchi",), "LCG")


def test_teaser_without_lead_keeps_its_headline_only():
    assert read(FRENCH).recommendations == (
        Recommendation(headline="Les ferries vers la Corse reprennent"),
        Recommendation(headline="Sécheresse : les agriculteurs du Var inquiets",
                       lead="Les réserves d'eau du département sont au plus bas depuis dix ans."))


SPANISH = page("""
    Inundaciones en Valencia: cortes en la A-7 – El Correo del Turia

    Inundaciones en Valencia: cortes en la A-7
    Inundaciones en Valencia: cortes en la A-7
    Inundaciones en Valencia: cortes en la A-7

    Tamaño del texto:

    Las lluvias torrenciales obligaron el martes a cortar varios tramos de la autovía.

    Compartir

    Protección Civil pidió a la población que evite desplazarse.

    A.Gómez, L.Pérez y R.Ortiz--ECT

    Recomendados

    El puerto de Valencia retoma la actividad

    Las grúas volvieron a funcionar tras dos días parados.

    Leer más

    Nueva línea de tranvía hacia la playa

    La obra costará 40 millones de euros.
""")


def test_spanish_dump_site_last_headline_thrice_no_caption_three_authors():
    item = read(SPANISH)
    assert (item.site_name, item.headline) == (
        "El Correo del Turia", "Inundaciones en Valencia: cortes en la A-7")
    assert item.images == () and item.language == "es"
    assert item.paragraphs == (
        "Las lluvias torrenciales obligaron el martes a cortar varios tramos de la autovía.",
        "Protección Civil pidió a la población que evite desplazarse.")
    assert item.authors == ("A.Gómez", "L.Pérez", "R.Ortiz") and item.siglum == "ECT"
    assert [rec.headline for rec in item.recommendations] == [
        "El puerto de Valencia retoma la actividad", "Nueva línea de tranvía hacia la playa"]
    assert item.recommendations[1].lead == "La obra costará 40 millones de euros."


GERMAN = """\ufeffNordkurier - Brücke über die Drau gesperrt   \r
\r
Brücke über die Drau gesperrt\r
Brücke über die Drau gesperrt / Bild: Anna Huber - NK/APA  \r
\r
Textgröße ändern:\r
\r
Die Brücke in Villach bleibt wegen Rissen im Tragwerk bis auf Weiteres gesperrt.\t\r
\r
Ein Gutachten soll bis März vorliegen.\r
\r
A.B, C.D und E.F--NK\r
\r
Empfohlen\r
\r
Umleitung über die Autobahn verursacht Staus\r
\r
Pendler brauchen seit Montag bis zu 40 Minuten länger.\r
"""


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "latin-1"])
def test_german_dump_with_bom_crlf_trailing_space_in_any_legacy_encoding(encoding):
    text = GERMAN if encoding == "utf-8" else GERMAN.removeprefix("\ufeff")
    data = text.encode(encoding)
    item = read(data)
    assert (item.site_name, item.headline, item.language) == (
        "Nordkurier", "Brücke über die Drau gesperrt", "de")
    assert item.images == (WireImage(caption="Brücke über die Drau gesperrt",
                                     credit="Anna Huber - NK/APA"),)
    assert item.paragraphs == (
        "Die Brücke in Villach bleibt wegen Rissen im Tragwerk bis auf Weiteres gesperrt.",
        "Ein Gutachten soll bis März vorliegen.")
    assert item.authors == ("A.B", "C.D", "E.F") and item.siglum == "NK"
    assert item.recommendations == (Recommendation(
        headline="Umleitung über die Autobahn verursacht Staus",
        lead="Pendler brauchen seit Montag bis zu 40 Minuten länger."),)


ITALIAN = page("""
    Condividi
    Dimensione del testo:
    La Voce dell'Adriatico - Ancona - Pesaro, chiusa la statale 16

    Ancona - Pesaro, chiusa la statale 16
    Foto di repertorio © Marco Neri

    Una frana ha interrotto la statale 16 tra Ancona e Pesaro nella notte.

    Pubblicato il 12.03.2025 alle 14:05

    Anas stima tempi di riapertura di almeno una settimana.

    L.Bassi/F.Conti--VA

    Consigliati

    Maltempo, allerta arancione nelle Marche
    La protezione civile invita a limitare gli spostamenti.

    © 2025 La Voce dell'Adriatico
""")


def test_italian_dump_labels_first_headline_with_separator_and_copyright_caption():
    item = read(ITALIAN)
    assert (item.site_name, item.headline) == (
        "La Voce dell'Adriatico", "Ancona - Pesaro, chiusa la statale 16")
    assert item.language == "it"
    assert item.images == (WireImage(caption="Foto di repertorio", credit="Marco Neri"),)
    assert item.paragraphs == (
        "Una frana ha interrotto la statale 16 tra Ancona e Pesaro nella notte.",
        "Anas stima tempi di riapertura di almeno una settimana.")
    assert item.authors == ("L.Bassi", "F.Conti") and item.siglum == "VA"
    assert item.recommendations == (Recommendation(
        headline="Maltempo, allerta arancione nelle Marche",
        lead="La protezione civile invita a limitare gli spostamenti."),)


def test_dump_without_byline_ends_its_body_at_the_recommendations_heading():
    item = read(page("""
        Harbour Times - Storm closes the harbour

        Storm closes the harbour

        Gale-force winds closed the harbour on Sunday.

        Recommended

        Fishermen count their losses
        Several boats sank at their moorings.
    """))
    assert item.paragraphs == ("Gale-force winds closed the harbour on Sunday.",)
    assert item.authors == () and item.siglum == ""
    assert [rec.headline for rec in item.recommendations] == ["Fishermen count their losses"]


def test_byline_above_the_text_and_teaser_bylines_do_not_cut_anything():
    item = read(page("""
        Harbour Times - Storm closes the harbour

        By K.Lund--HT

        Gale-force winds closed the harbour on Sunday.

        Ferries will stay in port until Tuesday.

        Recommended

        Fishermen count their losses
        Several boats sank at their moorings.
        A.Berg--HT

        Insurers brace for claims
        The damage may exceed ten million euros.
    """))
    assert item.authors == ("K.Lund",) and item.siglum == "HT"
    assert len(item.paragraphs) == 2
    assert [rec.lead for rec in item.recommendations] == [
        "Several boats sank at their moorings.", "The damage may exceed ten million euros."]


@pytest.mark.parametrize("line, authors, siglum", [
    ("P.de Vries--DK", ("P.de Vries",), "DK"),
    ("E.M.Rossi--GZ", ("E.M.Rossi",), "GZ"),
    ("M. De Luca — AK/ANSA", ("M.De Luca",), "AK/ANSA"),
    ("di G.Romano e F.Rossi--AK", ("G.Romano", "F.Rossi"), "AK"),
    ("K.Lund & A.Berg - HT", ("K.Lund", "A.Berg"), "HT"),
])
def test_byline_forms(line, authors, siglum):
    item = read(page(f"Harbour Times - Storm\n\nGale-force winds.\n\n{line}\n\nMore text."))
    assert (item.authors, item.siglum, item.paragraphs) == (authors, siglum, ("Gale-force winds.",))


def test_title_without_site_and_without_labels_leaves_site_and_language_empty():
    item = read(page("""
        Storm closes the harbour

        Gale-force winds closed the harbour on Sunday.
    """))
    assert (item.site_name, item.headline, item.language) == ("", "Storm closes the harbour", "")
    assert item.recommendations == () and item.images == ()


def test_unrepeated_title_takes_the_shorter_side_as_the_site():
    item = read(page("""
        Ferry strike leaves hundreds of travellers stranded at the port – Harbour Times

        Hundreds of travellers spent the night in the terminal.
    """))
    assert (item.site_name, item.headline) == (
        "Harbour Times", "Ferry strike leaves hundreds of travellers stranded at the port")


def test_labels_of_two_languages_in_a_tie_leave_the_language_to_the_detector():
    item = read(page("""
        Harbour Times - Storm closes the harbour

        Share this article
        Condividi l'articolo

        Gale-force winds closed the harbour on Sunday.
    """))
    assert item.language == "" and item.paragraphs == (
        "Gale-force winds closed the harbour on Sunday.",)


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b" \r\n\t\n\xef\xbb\xbf\n", "empty"),
    (page("Share this article\n\nRead more\n\nA- A A+"), "no headline"),
    (page("M.Bianchi--AK\n\nSome text that follows."), "no headline"),
    (page("Harbour Times - Storm closes the harbour\n\nStorm closes the harbour"), "no body"),
    (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "binary"),
    (page("x" * 2000), "no headline"),
])
def test_dumps_without_an_article_are_rejected_with_a_reason(data, reason):
    assert reason in reject_reason(data)


def test_rejected_entries_name_the_url_they_came_from():
    [item] = dump.parse(b"", url="https://example.org/page")
    assert isinstance(item, Rejected) and "https://example.org/page" in item.reason
    assert item.ref == "https://example.org/page" and item.format == "dump"


def test_a_sentence_about_a_photo_stays_in_the_body():
    item = read(page("""
        Harbour Times - Storm closes the harbour

        Police released a photo: it shows the pier under water.

        The harbour reopens on Monday.
    """))
    assert item.images == ()
    assert item.paragraphs[0] == "Police released a photo: it shows the pier under water."


@pytest.mark.parametrize("body", [b"word " * 40_000, b"A " * 100_000 + b"x",
                                  b"!" * 200_000 + b"a", b"A." * 5_000 + b"!"])
def test_huge_pathological_lines_are_read_as_text(body):
    item = read(b"Harbour Times - Storm closes the harbour\n\n" + body)
    assert item.paragraphs == (" ".join(body.decode().split()),)


def test_mangled_dumps_never_raise(shared):
    """Truncated, shuffled and byte-flipped examples give a WireItem or a Rejected."""
    rng = random.Random(20250312)
    for path in sorted((shared / "examples").glob("*.txt")):
        data = path.read_bytes()
        lines = data.splitlines()
        variants = [data[:cut] for cut in range(0, len(data), 97)]
        variants += [b"\n".join(rng.sample(lines, len(lines))) for _ in range(20)]
        variants += [bytes(rng.randrange(256) if rng.random() < 0.02 else byte for byte in data)
                     for _ in range(20)]
        for variant in variants:
            assert all(isinstance(item, WireItem | Rejected) for item in dump.parse(variant))
