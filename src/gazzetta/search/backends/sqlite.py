"""The embedded engine: an SQLite FTS5 table of terms stemmed and folded in Python.

FTS5 has no Snowball stemmers, so `search.text` turns headline and body into terms at
index time and each query word into the terms it could be in every language in scope
(the edition's, or all of them). The table's rowid is the article id; bm25 weighs the
headline four times the body and the compound heads half.
"""

from __future__ import annotations

from django.db import connection, transaction

from gazzetta.newsroom.models import Article
from gazzetta.search import text
from gazzetta.search.backends.base import (
    ARTICLE_TABLE,
    COUNT_LIMIT,
    NEWEST,
    RECENCY_DAYS,
    BaseSearchBackend,
    Document,
    Scope,
    SearchFilters,
    best_first,
    index_value,
    query_languages,
)
from gazzetta.search.query import AnyOf, Clause, Phrase, Query, Term

TABLE = "search_fts"
FACETS = "search_facet"
FACET_FIELDS = ("article_id", "language", "published_at", "section_id", "source_id", "story_id")
WEIGHTS = "4.0, 1.0, 0.5"


class SQLiteSearchBackend(BaseSearchBackend):
    vendor = "sqlite"

    def index(self, articles: list[Article]) -> None:
        documents = [Document.of(article) for article in articles]
        rows = [_row(document) for document in documents]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(row[0],) for row in rows])
            cursor.executemany(f"INSERT INTO {TABLE} (rowid, headline, body, tails) VALUES (%s, %s, %s, %s)", rows)
            cursor.executemany(f"INSERT OR REPLACE INTO {FACETS} ({', '.join(FACET_FIELDS)}) "
                               f"VALUES ({', '.join(['%s'] * len(FACET_FIELDS))})", [_facets(row) for row in documents])

    def remove(self, article_id: int) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [article_id])
            cursor.execute(f"DELETE FROM {FACETS} WHERE article_id = %s", [article_id])

    def clear(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")
            cursor.execute(f"DELETE FROM {FACETS}")

    def rebuild(self, batch_size: int = 1000) -> int:
        total = super().rebuild(batch_size)
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')")
        return total

    def _page(self, query, filters, scope, order, limit, offset) -> tuple[int, list[tuple[int, float]]]:
        if order == NEWEST:
            count = self._count(query, filters, scope)
            return count, self._scored(query, filters, scope, _NEWEST_FIRST, limit, offset) if count else []
        # One pass over the matches, newest (by id) first, gives both the count and the candidates.
        scored = self._scored(query, filters, scope, f"{TABLE}.rowid DESC", COUNT_LIMIT + 1)
        return len(scored), best_first(scored, limit, offset)

    def _count(self, query, filters, scope) -> int:
        matches, params = _matches(query, filters, scope)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 {matches} LIMIT %s)", [*params, COUNT_LIMIT + 1])
            return cursor.fetchone()[0]

    def _scored(self, query, filters, scope, order_by: str, limit: int, offset: int = 0) -> list[tuple[int, float]]:
        """Return (id, relevance with the recency boost) of visible matches in this order."""
        matches, params = _matches(query, filters, scope)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {ARTICLE_TABLE}.id, {_SCORE} {matches} ORDER BY {order_by} LIMIT %s OFFSET %s",
                           [*params, limit, offset])
            return [(row[0], row[1]) for row in cursor.fetchall()]


# CROSS JOIN keeps this order: the FTS5 matches (newest first), their narrow filter row, and
# the wide article row only for those that pass the filters.
_FROM = (f"FROM {TABLE} CROSS JOIN {FACETS} ON {FACETS}.article_id = {TABLE}.rowid "
         f"CROSS JOIN {ARTICLE_TABLE} ON {ARTICLE_TABLE}.id = {TABLE}.rowid")
_AGE_DAYS = f"max(0.0, julianday('now') - julianday({ARTICLE_TABLE}.published_at))"
_SCORE = f"-bm25({TABLE}, {WEIGHTS}) / (1.0 + {_AGE_DAYS} / {RECENCY_DAYS})"
_NEWEST_FIRST = f"{ARTICLE_TABLE}.published_at DESC, {ARTICLE_TABLE}.id DESC"


def _matches(query: Query, filters: SearchFilters, scope: Scope) -> tuple[str, list]:
    """Return FROM and WHERE for the visible matches, filtered on the narrow rows first."""
    narrowed, narrowed_params = scope.index_where(FACETS)
    where, params = scope.visible
    sql = f"{_FROM} WHERE {TABLE} MATCH %s AND {narrowed} AND {where}"
    return sql, [match_expression(query, filters), *narrowed_params, *params]


def _facets(document: Document) -> list:
    return [index_value(getattr(document, field)) for field in FACET_FIELDS]


def _row(document: Document) -> tuple[int, str, str, str]:
    def analysed(value: str) -> str:
        return " ".join(text.terms(value, document.language))

    return document.article_id, analysed(document.headline), analysed(document.body), analysed(document.compound_tails)


def match_expression(query: Query, filters: SearchFilters) -> str:
    """Return the FTS5 MATCH expression for a parsed query (every string quoted: no syntax leaks in)."""
    languages = query_languages(filters)
    expression = "(" + " AND ".join(_clause(clause, languages) for clause in query.required) + ")"
    return expression + "".join(f" NOT {_clause(clause, languages)}" for clause in query.excluded)


def _clause(clause: Clause, languages: tuple[str, ...]) -> str:
    if isinstance(clause, AnyOf):
        return "(" + " OR ".join(_clause(option, languages) for option in clause.options) + ")"
    if isinstance(clause, Term) and clause.prefix:
        return f'"{text.prefix_term(clause.word)}"*'
    words = clause.words if isinstance(clause, Phrase) else (clause.word,)
    return _any_of({" ".join(text.terms(" ".join(words), language)) for language in languages})


def _any_of(variants: set[str]) -> str:
    quoted = sorted(f'"{variant}"' for variant in variants if variant) or ['""']
    return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"


SearchBackend = SQLiteSearchBackend
