"""Cut a short excerpt around the first match and mark the matched words, safely.

The text is plain (tags stripped before), every character of it is escaped, and the only
markup in the result is our own <mark>. Both engines use it, so an excerpt is the same on either.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from html import escape

from django.utils.safestring import SafeString, mark_safe

from gazzetta.search import text
from gazzetta.search.query import Query

SNIPPET_WORDS = 32
WORDS_BEFORE_MATCH = 8
# Matches are looked for in the first SCAN_CHARACTERS only (the lead and first paragraphs):
# analysing whole long bodies for twenty hits per page would cost more than the search.
SCAN_CHARACTERS = 3000
ELLIPSIS = "…"


def highlight(plain: str, language: str, query: Query) -> SafeString:
    """Return the excerpt of `plain` around the first matched word, matched words in <mark>."""
    found = list(text.WORD.finditer(plain, 0, SCAN_CHARACTERS))
    matches = _matcher(language, query)
    first = next((position for position, match in enumerate(found) if matches(match.group())), 0)
    start = max(0, first - WORDS_BEFORE_MATCH)
    window = range(start, min(start + SNIPPET_WORDS, len(found)))
    if not window:
        return mark_safe(escape(plain[:200]))
    pieces = [ELLIPSIS + " "] if start else []
    cursor = found[start].start()
    for position in (position for position in window if matches(found[position].group())):
        match = found[position]
        pieces += [escape(plain[cursor:match.start()]), "<mark>", escape(match.group()), "</mark>"]
        cursor = match.end()
    if window.stop == len(found) and len(plain) <= SCAN_CHARACTERS:
        pieces.append(escape(plain[cursor:]))
    else:
        pieces += [escape(plain[cursor:found[window.stop - 1].end()]), " ", ELLIPSIS]
    return mark_safe("".join(pieces))


@lru_cache(maxsize=64)
def _matcher(language: str, query: Query) -> Callable[[str], bool]:
    """Return a test of whether a word is one a query term matches, by the same analysis as the index.

    Words are tested one at a time and only up to the first match and in the window around it,
    each distinct word once: most excerpts are decided within the first few dozen words.
    """
    wanted = query.positive_terms()
    exact = {text.term(term.word, language) for term in wanted if not term.prefix}
    prefixes = tuple(text.prefix_term(term.word) for term in wanted if term.prefix)
    # A Snowball stem keeps the word's first letters, so only words that begin like a term are analysed.
    beginnings = tuple(term[:3] for term in exact if term) + prefixes

    @lru_cache(maxsize=4096)
    def matches(word: str) -> bool:
        lowered = word.lower()
        folded = text.folded(lowered)
        if not folded.startswith(beginnings):
            return False
        return text.analyse([lowered], language)[0] in exact or bool(prefixes and folded.startswith(prefixes))

    return matches
