"""The embedded engine: an SQLite FTS5 table of terms stemmed and folded in Python.

FTS5 has no Snowball stemmers, so `search.text` turns headline and body into terms at
index time and each query word into the terms it could be in every language in scope
(the edition's, or all of them). The table's rowid is the article id; bm25 weighs the
headline four times the body and the compound heads half.
"""

from __future__ import annotations

from django.db import connection, transaction

from gazzetta.newsroom.models import Article
from gazzetta.search import snippets, text
from gazzetta.search.backends.base import (
    ARTICLE_TABLE, COUNT_LIMIT, NEWEST, RANK_CANDIDATES, RECENCY_DAYS, BaseSearchBackend, Document,
    SearchFilters, article_text, query_languages,
)
from gazzetta.search.query import AnyOf, Clause, Phrase, Query, Term

TABLE = "search_fts"
WEIGHTS = "4.0, 1.0, 0.5"


class SQLiteSearchBackend(BaseSearchBackend):
    vendor = "sqlite"

    def index(self, articles: list[Article]) -> None:
        rows = [_row(Document.of(article)) for article in articles]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(row[0],) for row in rows])
            cursor.executemany(f"INSERT INTO {TABLE} (rowid, headline, body, tails) VALUES (%s, %s, %s, %s)", rows)

    def remove(self, article_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [article_id])

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")

    def rebuild(self, batch_size: int = 1000) -> int:
        total = super().rebuild(batch_size)
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')")
        return total

    def _count(self, query, filters, visible) -> int:
        where, params = visible
        sql = f"SELECT count(*) FROM (SELECT 1 {_FROM} WHERE {TABLE} MATCH %s AND {where} LIMIT %s)"
        with connection.cursor() as cursor:
            cursor.execute(sql, [match_expression(query, filters), *params, COUNT_LIMIT + 1])
            return cursor.fetchone()[0]

    def _ranked(self, query, filters, visible, order, limit, offset) -> list[tuple[int, float]]:
        where, params = visible
        matches = f"{_FROM} WHERE {TABLE} MATCH %s AND {where}"
        if order == NEWEST:
            sql = f"SELECT {ARTICLE_TABLE}.id, {_SCORE} {matches} ORDER BY {_NEWEST_FIRST} LIMIT %s OFFSET %s"
            arguments = [match_expression(query, filters), *params, limit, offset]
        else:
            candidates = f"SELECT {ARTICLE_TABLE}.id, {_SCORE} AS score {matches} ORDER BY {TABLE}.rowid DESC LIMIT %s"
            sql = f"SELECT id, score FROM ({candidates}) ORDER BY score DESC, id DESC LIMIT %s OFFSET %s"
            arguments = [match_expression(query, filters), *params, RANK_CANDIDATES, limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, arguments)
            return [(row[0], row[1]) for row in cursor.fetchall()]

    def _snippets(self, query, filters, articles) -> dict[int, str]:
        return {article.pk: snippets.highlight(article_text(article), article.language, query) for article in articles}


_FROM = f"FROM {TABLE} JOIN {ARTICLE_TABLE} ON {ARTICLE_TABLE}.id = {TABLE}.rowid"
_AGE_DAYS = f"max(0.0, julianday('now') - julianday({ARTICLE_TABLE}.published_at))"
_SCORE = f"-bm25({TABLE}, {WEIGHTS}) / (1.0 + {_AGE_DAYS} / {RECENCY_DAYS})"
_NEWEST_FIRST = f"{ARTICLE_TABLE}.published_at DESC, {ARTICLE_TABLE}.id DESC"


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
