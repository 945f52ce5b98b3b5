"""The embedded engine: an SQLite FTS5 table of terms stemmed and folded in Python.

FTS5 has no Snowball stemmers, so `search.text` turns headline and body into terms at
index time and each query word into the terms it could be in every language in scope
(the edition's, or all of them). The table's rowid is the article id; bm25 weighs the
headline four times the body and the compound heads half.

bm25 counts every match of each query word in the table it reads (for the word's rarity), so on
one table a common word costs time in proportion to the archive. Relevance ranks only the newest
matches, and a second table holds the newest RECENT_ARTICLES articles again: a word in more than
one article in twenty has its COUNT_LIMIT + 1 newest matches there, and only rarer words (with
fewer matches to count) are looked up in the whole index.

Newest first is not ranked: the matches with the highest ids are taken (FTS5 stops at the LIMIT),
and the few with a lower id published later are found through the filter rows' time index.
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
RECENT = "search_fts_recent"
RECENT_ARTICLES = 20_000
FACETS = "search_facet"
FACET_FIELDS = ("article_id", "language", "published_at", "section_id", "source_id", "story_id")
FACETS_BY_TIME = "search_facet_published"  # migration search/0005
# Newest first looks through the articles published after its page's last one in the time index
# when they are fewer than LATER_SCAN + LATER_PER_OLDER_MATCH per match with a lower id: an entry of
# the index costs a fifth of a step of the FTS5 walk with its filter row (bench/growth.py, 1,000,000).
LATER_SCAN = 20_000
LATER_PER_OLDER_MATCH = 5
WEIGHTS = "4.0, 1.0, 0.5"


class SQLiteSearchBackend(BaseSearchBackend):
    vendor = "sqlite"

    def index(self, articles: list[Article]) -> None:
        documents = [Document.of(article) for article in articles]
        rows = [_row(document) for document in documents]
        deleted = [(row[0],) for row in rows]
        with transaction.atomic(), connection.cursor() as cursor:
            floor = _recent_floor(cursor)
            for table, kept in ((TABLE, rows), (RECENT, [row for row in rows if row[0] > floor])):
                cursor.executemany(f"DELETE FROM {table} WHERE rowid = %s", deleted)
                cursor.executemany(f"INSERT INTO {table} (rowid, headline, body, tails) VALUES (%s, %s, %s, %s)", kept)
            cursor.execute(f"DELETE FROM {RECENT} WHERE rowid <= %s", [floor])
            cursor.executemany(f"INSERT OR REPLACE INTO {FACETS} ({', '.join(FACET_FIELDS)}) "
                               f"VALUES ({', '.join(['%s'] * len(FACET_FIELDS))})", [_facets(row) for row in documents])

    def remove(self, article_id: int) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [article_id])
            cursor.execute(f"DELETE FROM {RECENT} WHERE rowid = %s", [article_id])
            cursor.execute(f"DELETE FROM {FACETS} WHERE article_id = %s", [article_id])

    def clear(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")
            cursor.execute(f"DELETE FROM {RECENT}")
            cursor.execute(f"DELETE FROM {FACETS}")

    def rebuild(self, batch_size: int = 1000) -> int:
        total = super().rebuild(batch_size)
        with connection.cursor() as cursor:
            for table in (TABLE, RECENT):
                cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
        return total

    def _page(self, query, filters, scope, order, limit, offset) -> tuple[int, list[tuple[int, float]]]:
        if order == NEWEST:
            return self._newest(query, filters, scope, limit, offset)
        # One pass over the matches, newest (by id) first, gives both the count and the candidates.
        scored = self._scored(query, filters, scope, RECENT, f"{RECENT}.rowid DESC", COUNT_LIMIT + 1)
        if len(scored) <= COUNT_LIMIT and not _recent_holds_everything():
            scored = self._scored(query, filters, scope, TABLE, f"{TABLE}.rowid DESC", COUNT_LIMIT + 1)
        return len(scored), best_first(scored, limit, offset)

    def _newest(self, query, filters, scope, limit, offset) -> tuple[int, list[tuple[int, float]]]:
        """Newest first, exactly: the newest matches by id, and the few with a lower id published later.

        FTS5 walks a word's matches from the highest id down and stops at the LIMIT, so the first
        candidates cost the same in any archive. Ids mostly follow publication time but not always
        (backfilled wire items, publication times set by editors, embargoes): a match outside the
        candidates belongs on the page only if it was published after the candidate the page ends on.
        """
        wanted = offset + limit
        candidates = self._dated(query, filters, scope, "TRUE", [], max(wanted, COUNT_LIMIT + 1))
        count = len(candidates)
        if count >= max(wanted, COUNT_LIMIT + 1):
            ends_on = sorted(candidates, reverse=True)[wanted - 1][0]
            ids = [article_id for _published, article_id in candidates]
            # As many older matches as the candidates' density over their ids leaves below them.
            older = count * min(ids) // (max(ids) - min(ids) + 1)
            candidates += self._published_later(query, filters, scope, ends_on, min(ids), older)
        page = [article_id for _published, article_id in sorted(candidates, reverse=True)[offset:wanted]]
        return count, self._scores(query, filters, scope, page)

    def _published_later(self, query, filters, scope, moment, below: int, older: int) -> list[tuple]:
        """Return (published_at, id) of the visible matches with an id below `below` published after `moment`.

        Few articles are published after the page's last one: they are looked up in the publication time
        index and tested one by one. When they are many more than the (about `older`) matches with a
        lower id, as for a rarer word deep in its pages, those matches are walked instead.
        """
        moment, scan = index_value(moment), LATER_SCAN + LATER_PER_OLDER_MATCH * older
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {FACETS} INDEXED BY {FACETS_BY_TIME} "
                           f"WHERE published_at > %s LIMIT %s)", [moment, scan])
            later = cursor.fetchone()[0]
        if later < scan:
            where = (f"{TABLE}.rowid IN (SELECT article_id FROM {FACETS} INDEXED BY {FACETS_BY_TIME} "
                     f"WHERE published_at > %s AND article_id < %s)")
            return self._dated(query, filters, scope, where, [moment, below], later)
        where = f"{TABLE}.rowid < %s AND {FACETS}.published_at > %s"
        return self._dated(query, filters, scope, where, [below, moment])

    def _dated(self, query, filters, scope, where: str, params: list, limit: int = -1) -> list[tuple]:
        """Return (published_at, id) of up to `limit` (-1: all) visible matches meeting `where`, highest id first."""
        matches, match_params = _matches(query, filters, scope, TABLE, where, params)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {ARTICLE_TABLE}.published_at, {ARTICLE_TABLE}.id {matches} "
                           f"ORDER BY {TABLE}.rowid DESC LIMIT %s", [*match_params, limit])
            return [(row[0], row[1]) for row in cursor.fetchall()]

    def _scores(self, query, filters, scope, ids: list[int]) -> list[tuple[int, float]]:
        """Return (id, relevance) of these matches, on the recent table where it holds them (bm25 reads every
        match of a word in its table), on the whole index for older ones."""
        scores = {}
        for table in (RECENT, TABLE):
            missing = [article_id for article_id in ids if article_id not in scores]
            if missing:
                # The ids as a filter, not as an FTS5 lookup each: bm25 would count the word's matches for each.
                among = (f"{table}.rowid BETWEEN %s AND %s AND +{table}.rowid IN ({', '.join(['%s'] * len(missing))})",
                         [min(missing), max(missing), *missing])
                scores.update(self._scored(query, filters, scope, table, f"{table}.rowid DESC", len(missing),
                                           among=among))
        return [(article_id, scores[article_id]) for article_id in ids if article_id in scores]

    def _scored(self, query, filters, scope, table: str, order_by: str, limit: int,
                among: tuple[str, list] = ("TRUE", [])) -> list[tuple[int, float]]:
        """Return (id, relevance with the recency boost) of visible matches in `table` in this order."""
        matches, params = _matches(query, filters, scope, table, *among)
        score = f"-bm25({table}, {WEIGHTS}) / (1.0 + {_AGE_DAYS} / {RECENCY_DAYS})"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {ARTICLE_TABLE}.id, {score} {matches} ORDER BY {order_by} LIMIT %s",
                           [*params, limit])
            return [(row[0], row[1]) for row in cursor.fetchall()]


_AGE_DAYS = f"max(0.0, julianday('now') - julianday({ARTICLE_TABLE}.published_at))"


def _matches(query: Query, filters: SearchFilters, scope: Scope, table: str, also: str = "TRUE",
             also_params: list = ()) -> tuple[str, list]:
    """Return FROM and WHERE for the visible matches in an FTS5 table (that also meet `also`),
    filtered on the narrow rows first."""
    narrowed, narrowed_params = scope.index_where(FACETS)
    where, params = scope.visible
    # CROSS JOIN keeps this order: the FTS5 matches (newest first), their narrow filter row, and
    # the wide article row only for those that pass the filters.
    sql = (f"FROM {table} CROSS JOIN {FACETS} ON {FACETS}.article_id = {table}.rowid "
           f"CROSS JOIN {ARTICLE_TABLE} ON {ARTICLE_TABLE}.id = {table}.rowid "
           f"WHERE {table} MATCH %s AND {also} AND {narrowed} AND {where}")
    return sql, [match_expression(query, filters), *also_params, *narrowed_params, *params]


def _recent_floor(cursor) -> int:
    """The article id at and below which an article is not in the recent table."""
    cursor.execute(f"SELECT coalesce(max(id), 0) FROM {ARTICLE_TABLE}")
    return cursor.fetchone()[0] - RECENT_ARTICLES


def _recent_holds_everything() -> bool:
    """Whether the recent table holds every indexed article (a small archive): then it answers alone."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT (SELECT min(article_id) FROM {FACETS}) >= "
                       f"(SELECT rowid FROM {RECENT} ORDER BY rowid LIMIT 1)")
        return bool(cursor.fetchone()[0])


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
