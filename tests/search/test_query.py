"""The reader query syntax, and the text analysis both sides of the index share."""

import pytest

from gazzetta.search import text
from gazzetta.search.query import MAX_CLAUSES, AnyOf, Phrase, Query, Term, parse


def test_words_phrases_exclusions_or_and_prefixes():
    query = parse('Streik "Hafen von Triest" -Genua -"Rom Nord" Bahn OR Flug OR Schiff Atom*')
    assert query.required == (
        Term("Streik"), Phrase(("Hafen", "von", "Triest")),
        AnyOf((Term("Bahn"), Term("Flug"), Term("Schiff"))), Term("Atom", prefix=True),
    )
    assert query.excluded == (Term("Genua"), Phrase(("Rom", "Nord")))


def test_hyphenated_and_dotted_words_are_phrases():
    assert parse("covid-19 U.S.A").required == (Phrase(("covid", "19")), Phrase(("U", "S", "A")))


@pytest.mark.parametrize(("raw", "required"), [
    ('"Wahl Rom', (Term("Wahl"), Term("Rom"))),
    ('Wahl "Rom', (Term("Wahl"), Term("Rom"))),
    ('"Wahl" "Rom', (Term("Wahl"), Term("Rom"))),
    ("- Wahl -", (Term("Wahl"),)),
    ("OR Wahl OR", (Term("Wahl"),)),
    ("Wahl OR OR Rom", (AnyOf((Term("Wahl"), Term("Rom"))),)),
    ("* Wahl **", (Term("Wahl"),)),
    ("ab* Wahl", (Term("ab"), Term("Wahl"))),
    ("Wahl\x00Rom\x1b", (Term("Wahl"), Term("Rom"))),
    ("(Wahl) AND NEAR(Rom)", (Term("Wahl"), Term("AND"), Phrase(("NEAR", "Rom")))),
    ("Wahl or Rom", (Term("Wahl"), Term("or"), Term("Rom"))),
])
def test_malformed_syntax_degrades_to_plain_words(raw, required):
    assert parse(raw).required == required


@pytest.mark.parametrize("raw", ["", "   ", "-Wahl", '-"Wahl Rom"', "!!! ???", "OR", "-", '"', "\x00\x00", None])
def test_nothing_to_look_for_is_an_empty_query(raw):
    assert not parse(raw)


def test_huge_queries_are_cut():
    query = parse("Wahl " * 2000 + "x" * 10_000)
    assert len(query.required) == MAX_CLAUSES
    assert len(query.text) <= 500


def test_positive_terms_leave_exclusions_out():
    query = parse('"Hafen Triest" Atom* -Genua Bahn OR Flug')
    assert query.positive_terms() == [
        Term("Hafen"), Term("Triest"), Term("Atom", prefix=True), Term("Bahn"), Term("Flug"),
    ]


def test_a_query_is_true_only_with_something_required():
    assert not Query(excluded=(Term("Genua"),))
    assert Query(required=(Term("Genua"),))


@pytest.mark.parametrize(("language", "variants"), [
    ("de", ["München", "Muenchen", "Munchen", "MÜNCHEN"]),
    ("de", ["unterstützen", "Unterstützung", "unterstutzen"]),
    ("de", ["Atomgespräche", "Atomgespräch", "Atomgesprache"]),
    ("it", ["città", "citta", "CITTÀ"]),
    ("fr", ["négociations", "négociation", "negociation"]),
    ("es", ["elecciones", "elección", "eleccion"]),
    ("en", ["negotiations", "negotiation"]),
])
def test_variants_of_a_word_become_one_term(language, variants):
    assert len({text.term(word, language) for word in variants}) == 1


def test_german_compounds_yield_their_known_heads():
    assert text.compound_tails("Die Atomgespräche und der Regierungschef", "de") == ["gesprache"]
    assert text.compound_tails("Friedensverhandlungen", "de") == ["verhandlungen"]
    assert text.compound_tails("Gespräche", "de") == []
    assert text.compound_tails("Atomgespräche", "it") == []


def test_prepare_writes_german_digraphs_as_umlauts_only_in_german():
    assert text.prepare("Muenchen Ueberblick Feuer Quelle neue", "de") == "München Überblick Feuer Quelle neue"
    assert text.prepare("Muenchen", "en") == "Muenchen"


def test_strip_html_keeps_the_text_and_drops_controls():
    assert text.strip_html("<p>A &amp; B</p><p>&lt;b&gt;\x00C</p>") == "A & B <b> C"
