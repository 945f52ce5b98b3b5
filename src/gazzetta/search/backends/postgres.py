"""The engine at scale: PostgreSQL full text search with a GIN-indexed tsvector per article.

Each article is analysed with its language's Snowball configuration (a copy made by the
migration that folds accents with unaccent first; 'simple' for languages without one).
Headline, body and German compound heads are weighted A, B and D. A query word is
analysed in every configuration in scope and the alternatives are ORed, so one query
searches all editions. ts_headline cuts the snippets.
"""

from __future__ import annotations

from django.db import connection, transaction

from gazzetta.newsroom.models import Article
from gazzetta.relate.text import base_language
from gazzetta.search import snippets, text
from gazzetta.search.backends.base import (
    ARTICLE_TABLE, COUNT_LIMIT, NEWEST, RANK_CANDIDATES, RECENCY_DAYS, BaseSearchBackend, Document,
    SearchFilters, query_languages,
)
from gazzetta.search.query import AnyOf, Clause, Phrase, Query, Term

TABLE = "search_document"
SIMPLE = "gazzetta_simple"
CONFIGURATIONS = {
    "de": "german", "it": "italian", "en": "english", "fr": "french", "es": "spanish", "pt": "portuguese",
    "nl": "dutch", "sv": "swedish", "da": "danish", "no": "norwegian", "nb": "norwegian", "fi": "finnish",
    "ro": "romanian", "ru": "russian", "tr": "turkish", "hu": "hungarian",
}
# ts_rank weights for D, C, B, A: compound heads, (unused), body, headline; as bm25's on SQLite.
RANK_WEIGHTS = "{0.125, 0, 0.25, 1.0}"
HEADLINE_OPTIONS = (f"StartSel={snippets.START_MARKER}, StopSel={snippets.STOP_MARKER}, "
                    "MaxWords=32, MinWords=16, MaxFragments=1")

UPSERT = f"""
INSERT INTO {TABLE} (article_id, config, document, body) VALUES (
    %(id)s, %(config)s::regconfig,
    setweight(to_tsvector(%(config)s::regconfig, %(headline)s), 'A')
    || setweight(to_tsvector(%(config)s::regconfig, %(body_prepared)s), 'B')
    || setweight(to_tsvector(%(config)s::regconfig, %(tails)s), 'D'),
    %(body)s)
ON CONFLICT (article_id) DO UPDATE
SET config = EXCLUDED.config, document = EXCLUDED.document, body = EXCLUDED.body
"""


def configuration(language: str) -> str:
    """Return the text search configuration for a language code."""
    name = CONFIGURATIONS.get(base_language(language))
    return f"gazzetta_{name}" if name else SIMPLE


class PostgreSQLSearchBackend(BaseSearchBackend):
    vendor = "postgresql"

    def index(self, articles: list[Article]) -> None:
        rows = [_row(Document.of(article)) for article in articles]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(UPSERT, rows)

    def remove(self, article_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE article_id = %s", [article_id])

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")

    def _count(self, query, filters, visible) -> int:
        tsquery, tsquery_params = to_tsquery(query, filters)
        where, params = visible
        matches = f"SELECT 1 {_FROM} WHERE {TABLE}.document @@ {tsquery} AND {where} LIMIT %s"
        sql = f"SELECT count(*) FROM ({matches}) AS found"
        with connection.cursor() as cursor:
            cursor.execute(sql, [*tsquery_params, *params, COUNT_LIMIT + 1])
            return cursor.fetchone()[0]

    def _ranked(self, query, filters, visible, order, limit, offset) -> list[tuple[int, float]]:
        tsquery, tsquery_params = to_tsquery(query, filters)
        where, params = visible
        matches = f"{_FROM} WHERE {TABLE}.document @@ {tsquery} AND {where}"
        if order == NEWEST:
            score = _score(f"{TABLE}.document", f"{ARTICLE_TABLE}.published_at", tsquery)
            sql = f"SELECT {ARTICLE_TABLE}.id, {score} {matches} ORDER BY {_NEWEST_FIRST} LIMIT %s OFFSET %s"
            candidate_params = []
        else:
            candidates = (f"SELECT {ARTICLE_TABLE}.id, {TABLE}.document, {ARTICLE_TABLE}.published_at {matches} "
                          f"ORDER BY {ARTICLE_TABLE}.id DESC LIMIT %s")
            score = _score("document", "published_at", tsquery)
            sql = (f"SELECT id, {score} AS score FROM ({candidates}) AS candidates "
                   "ORDER BY score DESC, id DESC LIMIT %s OFFSET %s")
            candidate_params = [RANK_CANDIDATES]
        arguments = [RANK_WEIGHTS, *tsquery_params, RECENCY_DAYS, *tsquery_params, *params, *candidate_params]
        with connection.cursor() as cursor:
            cursor.execute(sql, [*arguments, limit, offset])
            return [(row[0], float(row[1])) for row in cursor.fetchall()]

    def _snippets(self, query, filters, articles) -> dict[int, str]:
        tsquery, tsquery_params = to_tsquery(query, filters)
        sql = f"SELECT article_id, ts_headline(config, body, {tsquery}, %s) FROM {TABLE} WHERE article_id = ANY(%s)"
        with connection.cursor() as cursor:
            cursor.execute(sql, [*tsquery_params, HEADLINE_OPTIONS, [article.pk for article in articles]])
            return {article_id: snippets.marked_html(headline) for article_id, headline in cursor.fetchall()}


_FROM = f"FROM {TABLE} JOIN {ARTICLE_TABLE} ON {ARTICLE_TABLE}.id = {TABLE}.article_id"
_NEWEST_FIRST = f"{ARTICLE_TABLE}.published_at DESC, {ARTICLE_TABLE}.id DESC"


def _score(document: str, published_at: str, tsquery: str) -> str:
    """Return SQL for relevance with the recency boost; parameters: weights, the tsquery's, RECENCY_DAYS."""
    age_days = f"greatest(0.0, extract(epoch FROM now() - {published_at}) / 86400.0)"
    return f"ts_rank(%s::float4[], {document}, {tsquery}) / (1.0 + {age_days} / %s)"


def _row(document: Document) -> dict:
    language = document.language
    return {
        "id": document.article_id, "config": configuration(language), "body": document.body,
        "headline": text.prepare(document.headline, language), "body_prepared": text.prepare(document.body, language),
        "tails": text.prepare(document.compound_tails, language),
    }


def to_tsquery(query: Query, filters: SearchFilters) -> tuple[str, list]:
    """Return SQL building the tsquery of a parsed query, and its parameters (values never enter the SQL)."""
    languages = _by_configuration(query_languages(filters))
    required = [_clause(clause, languages) for clause in query.required]
    excluded = [(f"!!{sql}", params) for sql, params in (_clause(clause, languages) for clause in query.excluded)]
    return _joined(required + excluded, "&&")


def _by_configuration(languages: tuple[str, ...]) -> dict[str, str]:
    """Return one language per configuration (the first), keyed by configuration."""
    chosen: dict[str, str] = {}
    for language in languages:
        chosen.setdefault(configuration(language), language)
    return chosen


def _clause(clause: Clause, languages: dict[str, str]) -> tuple[str, list]:
    if isinstance(clause, AnyOf):
        return _joined([_clause(option, languages) for option in clause.options], "||")
    if isinstance(clause, Term) and clause.prefix:
        return f"to_tsquery('{SIMPLE}', %s)", [f"'{text.prefix_term(clause.word)}':*"]
    if isinstance(clause, Phrase):
        return _analysed("phraseto_tsquery", " ".join(clause.words), languages)
    return _analysed("plainto_tsquery", clause.word, languages)


def _analysed(function: str, words: str, languages: dict[str, str]) -> tuple[str, list]:
    """Return the words analysed by every configuration in scope, the alternatives ORed."""
    parts = [(f"{function}(%s::regconfig, %s)", [config, text.prepare(words, language)])
             for config, language in languages.items()]
    return _joined(parts, "||")


def _joined(parts: list[tuple[str, list]], operator: str) -> tuple[str, list]:
    """Join SQL fragments with an operator, in parentheses, with their parameters in order."""
    sql = "(" + f" {operator} ".join(fragment for fragment, _params in parts) + ")"
    return sql, [value for _fragment, params in parts for value in params]


SearchBackend = PostgreSQLSearchBackend
