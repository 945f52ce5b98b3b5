"""Turn text in any language into comparable terms, entity candidates and numbers.

Terms are lowercased, stemmed where Snowball has a stemmer for the language, folded
(diacritics removed) so that "Zürich"/"Zurich" and "città"/"citta" meet, and cut to a prefix. Scripts written
without spaces (Chinese, Japanese) become overlapping character bigrams. Entity candidates
are capitalised words that do not open a sentence, all-caps acronyms and numbers; they are
folded but not stemmed, so that a name matches across languages.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

SNOWBALL_NAMES = {
    "ar": "arabic", "ca": "catalan", "da": "danish", "de": "german", "el": "greek",
    "en": "english", "es": "spanish", "eu": "basque", "fi": "finnish", "fr": "french",
    "hu": "hungarian", "id": "indonesian", "it": "italian", "lt": "lithuanian",
    "nl": "dutch", "no": "norwegian", "pt": "portuguese", "ro": "romanian",
    "ru": "russian", "sv": "swedish", "tr": "turkish",
}

# Function words only: document frequency discounts the rest. Written in folded form.
STOP_WORDS = {
    "de": """der die das den dem des ein eine einen einem einer eines und oder aber auch
        nicht ist sind war waren wird werden wurde wurden hat haben hatte sein seine ihr ihre
        er sie es wir ich du man sich mit von zu zum zur im in am an auf aus bei nach vor
        fur uber unter durch um als wie wenn dass so noch nur schon mehr sehr hier dort
        diese dieser dieses jetzt dann doch kann konnen soll sollen muss mussen will""",
    "en": """the a an and or but not is are was were be been being has have had do does did
        it its he she they we you i his her their our your this that these those there here
        of to in on at by for with from as into about over after before than then so if
        will would can could should may might must also just more most very which who whom
        what when where why how all any some no one two up out said says""",
    "it": """il lo la i gli le un uno una e ed o ma non e sono era erano essere stato stata
        ha hanno aveva avere di del dello della dei degli delle a al allo alla ai agli alle
        da dal dalla dai in nel nella nei nelle su sul sulla con per tra fra che chi cui
        come anche piu questo questa questi queste quello quella si ci ne se lui lei loro""",
    "fr": """le la les l un une des du de d et ou mais ne pas est sont etait etaient etre
        a ont avait avoir il elle ils elles on nous vous je tu se sa son ses leur leurs ce
        cette ces qui que qu dont ou au aux en dans sur sous par pour avec sans plus tres
        aussi comme si y lui entre apres avant deja""",
    "es": """el la los las lo un una unos unas y o pero no es son era eran ser fue fueron
        ha han habia haber de del a al en con por para sin sobre entre que quien cuyo se su
        sus le les este esta estos estas ese esa como mas muy tambien ya si al lo pero""",
    "pt": """o a os as um uma e ou mas nao e sao era ser foi de do da dos das em no na nos
        nas com por para que se seu sua como mais muito tambem ja""",
    "nl": """de het een en of maar niet is zijn was waren wordt werd heeft hebben van in op
        aan met voor door naar bij om te dat die dit deze er ook als dan nog al""",
}

CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
WORD = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*")
TOKEN_SPLIT = re.compile(f"({WORD.pattern})")  # split() keeps the tokens, between the gaps
SENTENCE_END = re.compile(r"[.!?:;\u3002\u061f]\s*$")
FOLD_EXTRA = str.maketrans({"ı": "i", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "æ": "ae"})
MIN_TERM_LENGTH = 2
PREFIX_LENGTH = 6  # see term_of()
TERM_CACHE = 1 << 19  # surface words remembered per language


@lru_cache(maxsize=1 << 18)
def fold(word: str) -> str:
    """Remove diacritics and a few letters NFKD cannot decompose, after lowercasing."""
    decomposed = unicodedata.normalize("NFKD", word.lower().translate(FOLD_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=None)
def stemmer_for(language: str):
    """Return the Snowball stemmer for a language code, or None when there is none."""
    name = SNOWBALL_NAMES.get(base_language(language))
    return Stemmer.Stemmer(name) if name else None


@lru_cache(maxsize=None)
def stop_words(language: str) -> frozenset[str]:
    """Return the folded stop words of a language (empty for unlisted languages)."""
    return frozenset(STOP_WORDS.get(base_language(language), "").split())


def base_language(language: str) -> str:
    """Reduce 'de-AT' or 'pt_BR' to 'de' or 'pt'."""
    return (language or "").replace("_", "-").split("-")[0].lower()


def combining_marks() -> re.Pattern:
    """Return a pattern matching every combining mark of the Basic Multilingual Plane."""
    marks = [chr(code) for code in range(0x300, 0x10000) if unicodedata.combining(chr(code))]
    return re.compile("[" + "".join(re.escape(mark) for mark in marks) + "]")


COMBINING = combining_marks()


@lru_cache(maxsize=16)
def normalise(text: str) -> str:
    """Compose accents (NFC) and drop the combining marks that remain (Arabic harakat).

    Cached briefly: terms and entities are read from the same fields one after the other.
    """
    composed = unicodedata.normalize("NFC", text or "")
    return composed if composed.isascii() else COMBINING.sub("", composed)


def words(text: str) -> list[str]:
    """Split into word and number tokens; CJK runs become character bigrams."""
    tokens: list[str] = []
    position = 0
    for run in CJK_RUN.finditer(text):
        tokens += WORD.findall(text[position:run.start()])
        tokens += cjk_bigrams(run.group())
        position = run.end()
    return tokens + WORD.findall(text[position:])


def cjk_bigrams(run: str) -> list[str]:
    """Return overlapping character bigrams of a CJK run (the run itself if one character)."""
    return [run[i:i + 2] for i in range(len(run) - 1)] or [run]


def terms(text: str, language: str) -> list[str]:
    """Return the stemmed, folded content terms of a text, stop words and numbers removed."""
    table = term_table(language)
    found = [table[word] for word in words(normalise(text))]
    return [term for term in found if term]


class TermTable(dict):
    """Surface word → term (or None) of one language, computed on first sight.

    News repeat their words: stemming each occurrence was most of the cost of computing
    features. Emptied when it grows past TERM_CACHE words, so memory stays bounded.
    """

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language

    def __missing__(self, word: str) -> str | None:
        if len(self) >= TERM_CACHE:
            self.clear()
        term = self[word] = term_of(word, self.language)
        return term


@lru_cache(maxsize=None)
def term_table(language: str) -> TermTable:
    """Return the one table of a language (per process)."""
    return TermTable(language)


def term_of(word: str, language: str) -> str | None:
    """Return the term of one surface word, or None for a number, stop word or fragment.

    Stems are cut to their first PREFIX_LENGTH letters: it conflates what Snowball leaves
    apart (German compounds with their head first, Polish without a stemmer, derived forms),
    and measured better on every monolingual SemEval pair set (docs/decisions/relate.md).
    """
    if not is_content_word(word, stop_words(language)):
        return None
    stemmer = stemmer_for(language)
    lowered = word.lower()
    return fold(stemmer.stemWord(lowered) if stemmer else lowered)[:PREFIX_LENGTH]


def is_content_word(word: str, stops: frozenset[str]) -> bool:
    """Tell whether a surface word can carry topic: not a number, stop word or fragment."""
    return len(word) >= MIN_TERM_LENGTH and not word[0].isdigit() and fold(word) not in stops


def entities(text: str, language: str) -> list[str]:
    """Return entity candidates: mid-sentence capitalised words, acronyms and numbers.

    The text is split once into (gap, token) pairs; only a token starting with a capital or
    a digit can be a candidate, so only those look at the gap before them.
    """
    stops = stop_words(language)
    parts = TOKEN_SPLIT.split(normalise(text))
    pairs = zip(parts[0::2], parts[1::2])
    found = (entity_form(token, position == 0 or opens_sentence(gap))
             for position, (gap, token) in enumerate(pairs) if token[0].isupper() or token[0].isdigit())
    return [candidate for candidate in found if candidate and candidate not in stops]


def opens_sentence(gap: str) -> bool:
    """Tell whether the text between two tokens ends a sentence or a line."""
    return gap != " " and (bool(SENTENCE_END.search(gap)) or "\n" in gap)


@lru_cache(maxsize=1 << 16)
def entity_form(token: str, opens_sentence: bool) -> str | None:
    """Return the folded entity key of a token, or None when it is not a candidate."""
    if token[0].isdigit():
        return number_key(token)
    if len(token) < MIN_TERM_LENGTH or not token[0].isupper():
        return None
    if opens_sentence and not token.isupper():
        return None
    return fold(token)


def number_key(token: str) -> str | None:
    """Return '#digits' for numbers of two or more digits; lone digits say too little."""
    digits = re.sub(r"[.,]", "", token)
    return "#" + digits.lstrip("0") if len(digits) >= 2 else None
