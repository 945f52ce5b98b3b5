"""Read the query syntax readers know from web search engines, never failing.

    words         every word must match
    "a phrase"    the words in this order
    -word         articles with this word (or -"phrase") are left out
    a OR b        either one (OR in capitals; binds tighter than the implicit AND)
    prefix*       words that begin so (at least three letters before the star)

Anything malformed degrades to plain words: an unbalanced quote is ignored, lone
operators are dropped, control characters become spaces and over-long input is cut.
A query with nothing left to look for (only exclusions, only punctuation) is empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gazzetta.search.text import clean, words

MAX_QUERY_LENGTH = 500
MAX_CLAUSES = 16
MIN_PREFIX_LENGTH = 3
TOKEN = re.compile(r'-?"[^"]*"|\S+')


@dataclass(frozen=True)
class Term:
    word: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]


@dataclass(frozen=True)
class AnyOf:
    """Alternatives joined by OR; one of them must match."""

    options: tuple[Term | Phrase, ...]


Clause = Term | Phrase | AnyOf


@dataclass(frozen=True)
class Query:
    required: tuple[Clause, ...] = ()
    excluded: tuple[Clause, ...] = ()
    text: str = field(default="", compare=False)

    def __bool__(self) -> bool:
        return bool(self.required)

    def positive_terms(self) -> list[Term]:
        """Return every word (or prefix) a matching article may contain, for highlighting."""
        return [term for clause in self.required for term in _clause_terms(clause)]


def _clause_terms(clause: Clause) -> list[Term]:
    if isinstance(clause, AnyOf):
        return [term for option in clause.options for term in _clause_terms(option)]
    return [Term(word) for word in clause.words] if isinstance(clause, Phrase) else [clause]


def parse(raw: str) -> Query:
    """Return the Query a reader meant by `raw`; malformed parts become plain words."""
    text = _sanitise(raw)
    required: list[Clause] = []
    excluded: list[Clause] = []
    pending_or = False
    for token in TOKEN.findall(text):
        if token == "OR":
            pending_or = bool(required)
            continue
        negated, clause = _read_token(token)
        if clause is None:
            continue
        if negated:
            excluded.append(clause)
        elif pending_or:
            required[-1] = _either(required[-1], clause)
        else:
            required.append(clause)
        pending_or = False
    return Query(tuple(required[:MAX_CLAUSES]), tuple(excluded[:MAX_CLAUSES]), text)


def _sanitise(raw: str) -> str:
    """Cut, drop control characters and an unbalanced last quote."""
    text = clean(str(raw or "")[:MAX_QUERY_LENGTH])
    if text.count('"') % 2:
        cut = text.rindex('"')
        text = text[:cut] + " " + text[cut + 1:]
    return text


def _read_token(token: str) -> tuple[bool, Clause | None]:
    """Return (excluded?, clause) for one token; clause is None when nothing searchable is left."""
    negated = token.startswith("-") and len(token) > 1
    body = token[1:] if negated else token
    if body.startswith('"'):
        return negated, _phrase(words(body))
    return negated, _word(body)


def _word(token: str) -> Clause | None:
    """Read `word`, `prefix*` or a hyphenated or dotted word (which is a phrase: covid-19)."""
    found = words(token)
    if len(found) != 1:
        return _phrase(found)
    prefix = token.rstrip().endswith("*") and len(found[0]) >= MIN_PREFIX_LENGTH
    return Term(found[0], prefix=prefix)


def _phrase(found: list[str]) -> Clause | None:
    if not found:
        return None
    return Phrase(tuple(found)) if len(found) > 1 else Term(found[0])


def _either(left: Clause, right: Clause) -> AnyOf:
    """Join two clauses with OR, flattening a chain a OR b OR c."""
    options = left.options if isinstance(left, AnyOf) else (left,)
    added = right.options if isinstance(right, AnyOf) else (right,)
    return AnyOf(options + added)
