"""Turn article text and query words into index terms the same way on both sides.

SQLite stores the terms this module makes (FTS5 has no stemmers for our languages):
lowercase, Snowball stem with PyStemmer, then fold diacritics, so that "München",
"Muenchen" and "Munchen" all become "munch" (Snowball's German stemmer reads "ue" as
"ü"). PostgreSQL stems with its own Snowball configurations; it gets the prepared text
(`prepare`), which writes German "ue"/"oe"/"ae" back as umlauts because its older German
stemmer does not.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from gazzetta.relate.text import base_language, fold, stemmer_for

WORD = re.compile(r"[^\W_]+")
TAG = re.compile(r"<[^>]*>")
SPACE = re.compile(r"\s+")
# C0/C1 controls (NUL included).
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# "ue" is "ü" unless it follows q or a vowel (Quelle, neue, Feuer, Mauer stay as they are).
GERMAN_DIGRAPH = re.compile(r"(?<![qaeiouäöüQAEIOUÄÖÜ])([aouAOU])e")
UMLAUT = {"a": "ä", "o": "ö", "u": "ü", "A": "Ä", "O": "Ö", "U": "Ü"}

# Heads of German compounds that wire copy uses again and again. A word whose stem ends in
# one of theirs is also indexed under the head, so "Gespräche" finds "Atomgespräche" (see
# docs/decisions/search.md). Heads shorter than four letters would match inside unrelated
# words (Diktator, Bezug) and are left out.
COMPOUND_HEADS = """
    gespräch verhandlung regierung minister präsident kanzler partei wahl krieg konflikt
    krise streik angriff anschlag abkommen vertrag gipfel konferenz sitzung treffen
    politik gesetz steuer haushalt schulden rente polizei gericht prozess urteil klage
    armee soldat waffe rakete flüchtling grenze hilfe spende firma unternehmen konzern
    bank börse markt preis kosten lohn arbeit stelle energie strom atom klima umwelt
    wetter hitze sturm regen schnee verkehr bahn flug hafen straße stadt dorf land
    schule universität student lehrer kirche papst spiel mannschaft trainer meister
    turnier saison sieg niederlage ministerium behörde verband verein gewerkschaft
    bericht studie umfrage zahl geld euro dollar virus impfung kranken klinik arzt
""".split()
MIN_COMPOUND_HEAD = 4
MIN_COMPOUND_MODIFIER = 3


def clean(text: str) -> str:
    """Drop control characters (NUL included) that would break SQL, FTS5 or our snippets."""
    return UNSAFE.sub(" ", text or "")


def strip_html(markup: str) -> str:
    """Return the readable text of sanitised article HTML, entities decoded, spaces collapsed."""
    return SPACE.sub(" ", clean(html.unescape(TAG.sub(" ", markup or "")))).strip()


def words(text: str) -> list[str]:
    """Split text into the words the index knows."""
    return WORD.findall(text)


def terms(text: str, language: str) -> list[str]:
    """Return the index terms of a text: stemmed in its language, then folded."""
    return analyse(words(text), language)


def analyse(found: list[str], language: str) -> list[str]:
    """Return the index term of each word, one for one."""
    lowered = [word.lower() for word in found]
    stemmer = stemmer_for(language)
    return [folded(word) for word in (stemmer.stemWords(lowered) if stemmer else lowered)]


@lru_cache(maxsize=100_000)
def folded(word: str) -> str:
    """Return fold(word), remembered: running text repeats its words."""
    return fold(word)


def term(word: str, language: str) -> str:
    """Return the index term of one word (empty when the word has no letters or digits)."""
    found = terms(word, language)
    return found[0] if len(found) == 1 else ""


def compound_tails(text: str, language: str) -> list[str]:
    """Return the known heads, folded with their endings, of the German compounds in a text."""
    if base_language(language) != "de":
        return []
    candidates = sorted({word.lower() for word in words(text) if len(word) >= 7})
    return [tail for word, stem in zip(candidates, analyse(candidates, "de"), strict=True)
            if (tail := _compound_tail(folded(word), stem))]


def _compound_tail(folded_word: str, stem: str) -> str:
    """Return the end of a folded word from where a known head starts in its stem ("" when none does)."""
    if not stem.endswith(_head_terms()):
        return ""
    head = next(head for head in _head_terms() if stem.endswith(head))
    start = len(stem) - len(head)
    return folded_word[start:] if start >= MIN_COMPOUND_MODIFIER else ""


@lru_cache(maxsize=1)
def _head_terms() -> tuple[str, ...]:
    """Return the index terms of the compound heads, longest first (so the longest head wins)."""
    heads = {head for head in terms(" ".join(COMPOUND_HEADS), "de") if len(head) >= MIN_COMPOUND_HEAD}
    return tuple(sorted(heads, key=len, reverse=True))


def prepare(text: str, language: str) -> str:
    """Return text ready for PostgreSQL: control characters gone, German digraphs as umlauts."""
    text = clean(text)
    if base_language(language) == "de":
        text = GERMAN_DIGRAPH.sub(lambda match: UMLAUT[match.group(1)], text)
    return text


def prefix_term(word: str) -> str:
    """Return the folded, unstemmed form a prefix query looks for (stems are its prefixes)."""
    return folded(word)
