"""Cut a short excerpt around the first match and mark the matched words, safely.

The text is plain (tags stripped before), every character of it is escaped, and the only
markup in the result is our own <mark>. PostgreSQL's ts_headline output goes through
`marked_html` for the same guarantee.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from gazzetta.search import text
from gazzetta.search.query import Query

SNIPPET_WORDS = 32
WORDS_BEFORE_MATCH = 8
ELLIPSIS = "…"
# ts_headline wraps matches in these (text.clean removes them from indexed text).
START_MARKER, STOP_MARKER = "\ue000", "\ue001"


def highlight(plain: str, language: str, query: Query) -> SafeString:
    """Return the excerpt of `plain` around the first matched word, matched words in <mark>."""
    found = list(text.WORD.finditer(plain))
    matching = _matching_words({match.group().lower() for match in found}, language, query)
    first = next((position for position, match in enumerate(found) if match.group().lower() in matching), 0)
    start = max(0, first - WORDS_BEFORE_MATCH)
    window = found[start:start + SNIPPET_WORDS]
    if not window:
        return mark_safe(escape(plain[:200]))
    pieces = [ELLIPSIS + " "] if start else []
    cursor = window[0].start()
    for match in window:
        pieces.append(escape(plain[cursor:match.start()]))
        word = escape(match.group())
        pieces.append(f"<mark>{word}</mark>" if match.group().lower() in matching else word)
        cursor = match.end()
    pieces.append(" " + ELLIPSIS if start + SNIPPET_WORDS < len(found) else escape(plain[cursor:]))
    return mark_safe("".join(pieces))


def _matching_words(lowered: set[str], language: str, query: Query) -> set[str]:
    """Return the (lowercased) words a query term matches, by the same analysis as the index."""
    wanted = query.positive_terms()
    exact = {text.term(term.word, language) for term in wanted if not term.prefix}
    prefixes = tuple(text.prefix_term(term.word) for term in wanted if term.prefix)
    candidates = sorted(lowered)
    return {
        word for word, term in zip(candidates, text.analyse(candidates, language), strict=True)
        if term in exact or (prefixes and text.prefix_term(word).startswith(prefixes))
    }


def marked_html(headline: str) -> SafeString:
    """Escape a ts_headline result and turn its markers into <mark> elements."""
    escaped = escape(headline)
    return mark_safe(escaped.replace(START_MARKER, "<mark>").replace(STOP_MARKER, "</mark>"))
