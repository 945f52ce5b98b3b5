"""Cut a short excerpt around the first match and mark the matched words, safely.

The text is plain (tags stripped before), every character of it is escaped, and the only
markup in the result is our own <mark>. PostgreSQL's ts_headline output goes through
`marked_html` for the same guarantee.
"""

from __future__ import annotations

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
# ts_headline wraps matches in these (text.clean removes them from indexed text).
START_MARKER, STOP_MARKER = "\ue000", "\ue001"


def highlight(plain: str, language: str, query: Query) -> SafeString:
    """Return the excerpt of `plain` around the first matched word, matched words in <mark>."""
    found = list(text.WORD.finditer(plain, 0, SCAN_CHARACTERS))
    lowered = [match.group().lower() for match in found]
    matching = _matching_words(set(lowered), language, query)
    first = next((position for position, word in enumerate(lowered) if word in matching), 0)
    start = max(0, first - WORDS_BEFORE_MATCH)
    window = range(start, min(start + SNIPPET_WORDS, len(found)))
    if not window:
        return mark_safe(escape(plain[:200]))
    pieces = [ELLIPSIS + " "] if start else []
    cursor = found[start].start()
    for position in (position for position in window if lowered[position] in matching):
        match = found[position]
        pieces += [escape(plain[cursor:match.start()]), "<mark>", escape(match.group()), "</mark>"]
        cursor = match.end()
    if window.stop == len(found) and len(plain) <= SCAN_CHARACTERS:
        pieces.append(escape(plain[cursor:]))
    else:
        pieces += [escape(plain[cursor:found[window.stop - 1].end()]), " ", ELLIPSIS]
    return mark_safe("".join(pieces))


def _matching_words(lowered: set[str], language: str, query: Query) -> set[str]:
    """Return the (lowercased) words a query term matches, by the same analysis as the index."""
    wanted = query.positive_terms()
    exact = {text.term(term.word, language) for term in wanted if not term.prefix}
    prefixes = tuple(text.prefix_term(term.word) for term in wanted if term.prefix)
    # A Snowball stem keeps the word's first letters, so only words that begin like a term are analysed.
    beginnings = tuple(term[:3] for term in exact if term) + prefixes
    candidates = sorted(word for word in lowered if text.folded(word).startswith(beginnings))
    return {
        word for word, term in zip(candidates, text.analyse(candidates, language), strict=True)
        if term in exact or (prefixes and text.prefix_term(word).startswith(prefixes))
    }


def marked_html(headline: str) -> SafeString:
    """Escape a ts_headline result and turn its markers into <mark> elements."""
    escaped = escape(headline)
    return mark_safe(escaped.replace(START_MARKER, "<mark>").replace(STOP_MARKER, "</mark>"))
