"""Excerpts: the first matched word is found without analysing the words before it, and the
excerpt around it is the same whatever the words look like (accents, capitals, underscores)."""

from gazzetta.search.query import parse
from gazzetta.search.snippets import LOOK_BACK, highlight


def marked(text: str, query: str, language: str = "de") -> str:
    return str(highlight(text, language, parse(query)))


def test_a_word_beginning_with_an_accent_is_marked():
    assert marked("Die Überweisung kam spät.", "Uberweisung") == "Die <mark>Überweisung</mark> kam spät."
    assert marked("Le élection est finie.", "election", "fr") == "Le <mark>élection</mark> est finie."


def test_words_joined_by_an_underscore_are_two_words():
    assert marked("budget_Haushalt beschlossen", "Haushalt") == "budget_<mark>Haushalt</mark> beschlossen"


def test_the_excerpt_starts_eight_words_before_a_late_match():
    words = [f"wort{number}" for number in range(200)]
    words[150] = "Haushalt"
    excerpt = marked(" ".join(words), "Haushalt")
    assert " ".join(words).index("Haushalt") > LOOK_BACK
    assert excerpt.startswith("… wort142 wort143 ")
    assert "<mark>Haushalt</mark>" in excerpt and excerpt.endswith("wort173 …")


def test_a_long_word_before_the_match_is_counted_whole():
    text = "Anfang " + "x" * (LOOK_BACK + 50) + " eins zwei drei vier fünf sechs sieben Haushalt Ende"
    assert marked(text, "Haushalt") == f"… {'x' * (LOOK_BACK + 50)} eins zwei drei vier fünf sechs sieben" \
        " <mark>Haushalt</mark> Ende"


def test_without_a_match_the_excerpt_is_the_beginning():
    words = " ".join(f"wort{number}" for number in range(40))
    assert marked(words, "Haushalt") == " ".join(f"wort{number}" for number in range(32)) + " …"
    assert marked("…", "Haushalt") == "…"


def test_a_prefix_marks_every_word_that_begins_so():
    assert marked("Atomenergie und Atomkraft, nicht Atlas", "Atom*") == \
        "<mark>Atomenergie</mark> und <mark>Atomkraft</mark>, nicht Atlas"
