"""Cut a short excerpt around the first match and mark the matched words, safely.

The text is plain (tags stripped before), every character of it is escaped, and the only
markup in the result is our own <mark>. Both engines use it, so an excerpt is the same on either.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from html import escape
from itertools import islice

from django.utils.safestring import SafeString, mark_safe

from gazzetta.search import text
from gazzetta.search.query import Query

SNIPPET_WORDS = 32
WORDS_BEFORE_MATCH = 8
# Matches are looked for in the first SCAN_CHARACTERS only (the lead and first paragraphs):
# analysing whole long bodies for twenty hits per page would cost more than the search.
SCAN_CHARACTERS = 3000
ELLIPSIS = "…"
# Characters looked back from the first match for the words before it (more only when needed).
LOOK_BACK = 400


def highlight(plain: str, language: str, query: Query) -> SafeString:
    """Return the excerpt of `plain` around the first matched word, matched words in <mark>."""
    matches, candidates = _matcher(language, query)
    first = next((word.start() for candidate in candidates.finditer(plain, 0, SCAN_CHARACTERS)
                  if matches((word := text.WORD.match(plain, candidate.start(), SCAN_CHARACTERS)).group())), None)
    start = 0 if first is None else _start_before(plain, first)
    window = list(islice(text.WORD.finditer(plain, start, SCAN_CHARACTERS), SNIPPET_WORDS))
    if not window:
        return mark_safe(escape(plain[:200]))
    start = window[0].start()
    pieces = [ELLIPSIS + " "] if text.WORD.search(plain, 0, start) else []
    cursor = start
    for match in (match for match in window if matches(match.group())):
        pieces += [escape(plain[cursor:match.start()]), "<mark>", escape(match.group()), "</mark>"]
        cursor = match.end()
    if len(plain) <= SCAN_CHARACTERS and not text.WORD.search(plain, window[-1].end(), SCAN_CHARACTERS):
        pieces.append(escape(plain[cursor:]))
    else:
        pieces += [escape(plain[cursor:window[-1].end()]), " ", ELLIPSIS]
    return mark_safe("".join(pieces))


def _start_before(plain: str, first: int) -> int:
    """Return where the word WORDS_BEFORE_MATCH words before the one at `first` starts (or the first word)."""
    low = first
    while low:
        low = max(0, low - LOOK_BACK)
        before = list(text.WORD.finditer(plain, low, first))
        if low and before and before[0].start() == low and text.WORD.match(plain[low - 1]):
            before = before[1:]  # a word cut by the look-back
        if len(before) >= WORDS_BEFORE_MATCH:
            return before[-WORDS_BEFORE_MATCH].start()
    return 0


@lru_cache(maxsize=64)
def _matcher(language: str, query: Query) -> tuple[Callable[[str], bool], re.Pattern]:
    """Return a test of whether a word is one a query term matches, by the same analysis as the index,
    and a pattern that finds every word the test may accept (and some more) without analysing any.

    A Snowball stem keeps the word's first letters, so only words that begin like a term are
    analysed. A word whose first letters are ASCII begins, folded, with those letters in lower
    case: the pattern looks for the terms' beginnings there, or for a non-ASCII letter among them.
    """
    wanted = query.positive_terms()
    exact = {text.term(term.word, language) for term in wanted if not term.prefix}
    prefixes = tuple(text.prefix_term(term.word) for term in wanted if term.prefix)
    beginnings = tuple(term[:3] for term in exact if term) + prefixes

    @lru_cache(maxsize=4096)
    def matches(word: str) -> bool:
        lowered = word.lower()
        folded = text.folded(lowered)
        if not folded.startswith(beginnings):
            return False
        return text.analyse([lowered], language)[0] in exact or bool(prefixes and folded.startswith(prefixes))

    if not beginnings:
        return matches, re.compile(r"(?!)")
    longest = max(map(len, beginnings))
    alternatives = [*map(re.escape, sorted(set(beginnings))), rf"[^\W_]{{0,{longest - 1}}}[^\W_\x00-\x7f]"]
    return matches, re.compile(rf"(?<![^\W_])(?:{'|'.join(alternatives)})", re.IGNORECASE)
