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
SENTENCE_END = re.compile(r"[.!?:;\u3002\u061f]\s*$")
FOLD_EXTRA = str.maketrans({"ı": "i", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "æ": "ae"})
MIN_TERM_LENGTH = 2
PREFIX_LENGTH = 6  # see terms()


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
    """Return the stemmed, folded content terms of a text, stop words and numbers removed.

    Stems are cut to their first PREFIX_LENGTH letters: it conflates what Snowball leaves
    apart (German compounds with their head first, Polish without a stemmer, derived forms),
    and measured better on every monolingual SemEval pair set (docs/decisions/relate.md).
    """
    stops = stop_words(language)
    kept = [w.lower() for w in words(normalise(text)) if is_content_word(w, stops)]
    stemmer = stemmer_for(language)
    stemmed = stemmer.stemWords(kept) if stemmer else kept
    return [fold(w)[:PREFIX_LENGTH] for w in stemmed]


def is_content_word(word: str, stops: frozenset[str]) -> bool:
    """Tell whether a surface word can carry topic: not a number, stop word or fragment."""
    return len(word) >= MIN_TERM_LENGTH and not word[0].isdigit() and fold(word) not in stops


def entities(text: str, language: str) -> list[str]:
    """Return entity candidates: mid-sentence capitalised words, acronyms and numbers."""
    stops = stop_words(language)
    found = []
    for token, opens_sentence in tokens_with_position(normalise(text)):
        candidate = entity_form(token, opens_sentence)
        if candidate and candidate not in stops:
            found.append(candidate)
    return found


def tokens_with_position(text: str):
    """Yield each word token and whether it opens a sentence (or the text)."""
    previous_end = 0
    for match in WORD.finditer(text):
        gap = text[previous_end:match.start()]
        opens = previous_end == 0 or bool(SENTENCE_END.search(gap)) or "\n" in gap
        previous_end = match.end()
        yield match.group(), opens


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
