"""The engine at scale: PostgreSQL full text search with a GIN-indexed tsvector per article.

Each article is analysed with its language's Snowball configuration (a copy made by the
migration that folds accents with unaccent first; 'simple' for languages without one).
Headline, body and German compound heads are weighted A, B and D. A query word is
analysed in every configuration in scope and the alternatives are ORed, so one query
searches all editions.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache

from django.db import connection, transaction
from django.utils import timezone

from gazzetta.newsroom.models import Article
from gazzetta.relate.text import base_language
from gazzetta.search import text
from gazzetta.search.backends.base import (
    ARTICLE_TABLE, COUNT_LIMIT, NEWEST, RANK_CANDIDATES, RECENCY_DAYS, BaseSearchBackend, Document, Scope,
    SearchFilters, best_first, query_languages,
)
from gazzetta.search.query import AnyOf, Clause, Phrase, Query, Term

TABLE = "search_document"
INDEX = "search_document_gin_week"
SIMPLE = "gazzetta_simple"
CONFIGURATIONS = {
    "de": "german", "it": "italian", "en": "english", "fr": "french", "es": "spanish", "pt": "portuguese",
    "nl": "dutch", "sv": "swedish", "da": "danish", "no": "norwegian", "nb": "norwegian", "fi": "finnish",
    "ro": "romanian", "ru": "russian", "tr": "turkish", "hu": "hungarian",
}
# ts_rank weights for D, C, B, A: compound heads, (unused), body, headline; as bm25's on SQLite.
RANK_WEIGHTS = "{0.125, 0, 0.25, 1.0}"

FILTER_FIELDS = ("language", "published_at", "section_id", "source_id", "story_id")
# The row keeps the article's plain text beside its tsvector although no query reads it:
# PostgreSQL moves long values out of line only in rows over ~2 kB (toast_tuple_target then
# sets how far), and the text makes the row of an article of a few hundred words that long.
# The GIN bitmap of a common word then reads a heap of narrow rows (1,475 pages for 25,000
# matches) instead of rows with their tsvectors inline (7,569 pages, twice the time).
UPSERT = f"""
INSERT INTO {TABLE} (article_id, config, document, body, {", ".join(FILTER_FIELDS)}) VALUES (
    %(id)s, %(config)s::regconfig,
    setweight(to_tsvector(%(config)s::regconfig, %(headline)s), 'A')
    || setweight(to_tsvector(%(config)s::regconfig, %(body_prepared)s), 'B')
    || setweight(to_tsvector(%(config)s::regconfig, %(tails)s), 'D'),
    %(body)s, {", ".join(f"%({field})s" for field in FILTER_FIELDS)})
ON CONFLICT (article_id) DO UPDATE
SET config = EXCLUDED.config, document = EXCLUDED.document, body = EXCLUDED.body,
    {", ".join(f"{field} = EXCLUDED.{field}" for field in FILTER_FIELDS)}
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
            cursor.execute(f"TRUNCATE {TABLE}")

    def rebuild(self, batch_size: int = 1000) -> int:
        total = super().rebuild(batch_size)
        with connection.cursor() as cursor:
            # New rows wait in the GIN index's pending list, which every search reads in full.
            cursor.execute(f"SELECT gin_clean_pending_list('{INDEX}'::regclass)")
            # The planner's word frequencies, fresh after a bulk load; outside a transaction also the
            # vacuum that autovacuum would otherwise start under the first searches.
            cursor.execute(f"{'ANALYZE' if connection.in_atomic_block else 'VACUUM ANALYZE'} {TABLE}")
        return total

    def _page(self, query, filters, scope, order, limit, offset) -> tuple[int, list[tuple[int, float]]]:
        tsquery = compiled_tsquery(query, query_languages(filters))
        if not tsquery:
            return 0, []
        found, more = _newest_visible(tsquery, scope, filters)
        count = COUNT_LIMIT + 1 if more else len(found)
        if order == NEWEST:
            return count, found[offset:offset + limit]
        return count, best_first(found, limit, offset)


# Matches fetched beyond COUNT_LIMIT + 1, so that a few invisible ones (embargoed, or
# withdrawn while the index still holds them) do not shorten the count.
SLACK = 50
_SCORE = (f"ts_rank(%s::float4[], {TABLE}.document, %s::tsquery) "
          f"/ (1.0 + greatest(0.0, extract(epoch FROM now() - {TABLE}.published_at) / 86400.0) / %s)")
_NEWEST_FIRST = f"{TABLE}.published_at DESC, {TABLE}.article_id DESC"
# Detoasting a tsvector is most of what ranking costs, so only the RANK_CANDIDATES newest (and
# SLACK more, in case some of them are not visible) are ranked; the others only count.
_RANKED = f"CASE WHEN row_number() OVER (ORDER BY {_NEWEST_FIRST}) <= %s THEN {_SCORE} ELSE 0 END"
# The newest matches are looked for in the current and the two weeks before, then in the nine
# weeks before those, then in everything older; the GIN index holds each article's week
# (migration 0003). A window's weeks cost the index about what a common word does, so only two:
# a common word stops in the first, a word of a few thousand articles a year in the second.
WINDOW_WEEKS = (3, 9)
WEEK = timedelta(weeks=1)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_WEEK_KEY = f"ARRAY[gazzetta_search_week({TABLE}.published_at)]"


def _newest_visible(tsquery: str, scope: Scope, filters: SearchFilters) -> tuple[list[tuple[int, float]], bool]:
    """Return (id, score) of the newest visible matches (up to COUNT_LIMIT + 1), newest first, and
    whether there may be more. The matches are filtered and ordered on the index's narrow rows,
    window by window back in time until enough are found (a common word then reads a few weeks of
    matches, not all of them); only the newest are joined with the article table (which decides
    what is visible) and have their tsvector detoasted and ranked."""
    wanted = COUNT_LIMIT + 1 + SLACK
    narrowed, narrowed_params = scope.index_where(TABLE)
    visible, visible_params = scope.visible
    branches, branch_params = [], []
    for window, window_params in _windows(filters):
        branches.append(f"(SELECT {TABLE}.article_id, {TABLE}.published_at, {TABLE}.document FROM {TABLE} "
                        f"WHERE {TABLE}.document @@ %s::tsquery AND {narrowed} AND {window} "
                        f"ORDER BY {_NEWEST_FIRST} LIMIT %s)")
        branch_params += [tsquery, *narrowed_params, *window_params, wanted]
    if not branches:  # a date filter that begins after the current week
        return [], False
    # The branches run in order and the LIMIT stops them: older windows are never read once
    # the newer ones hold enough matches.
    newest = f"SELECT * FROM ({' UNION ALL '.join(branches)}) AS windows LIMIT %s"
    sql = (f"SELECT {TABLE}.article_id, {ARTICLE_TABLE}.id IS NOT NULL, {_RANKED} FROM ({newest}) AS {TABLE} "
           f"LEFT JOIN {ARTICLE_TABLE} ON {ARTICLE_TABLE}.id = {TABLE}.article_id AND {visible} "
           f"ORDER BY {_NEWEST_FIRST}")
    with transaction.atomic(), connection.cursor() as cursor:
        # The planner prices the tsvector test as cheap and may read rows and test each one
        # (detoasting its tsvector) instead of asking the GIN index; not here. No btree index
        # serves this order, so the GIN bitmap is the plan left. JIT: the estimate grows with the
        # archive (the last window holds every older match), and past jit_above_cost compiling
        # would take longer than the search. The settings are put back, as an enclosing
        # transaction (a request's) would otherwise keep them.
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('jit'), "
                       "set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)")
        previous = cursor.fetchone()[:2]
        cursor.execute(sql, [RANK_CANDIDATES + SLACK, RANK_WEIGHTS, tsquery, RECENCY_DAYS, *branch_params, wanted,
                             *visible_params])
        rows = cursor.fetchall()
        cursor.execute("SELECT set_config('enable_seqscan', %s, true), set_config('jit', %s, true)", previous)
    found = [(article_id, float(score)) for article_id, is_visible, score in rows if is_visible]
    return found[:COUNT_LIMIT + 1], len(found) > COUNT_LIMIT or len(rows) == wanted


def _windows(filters: SearchFilters) -> list[tuple[str, list]]:
    """Return the conditions of the time windows to read newest first, as SQL and parameters.

    Together they hold every article published up to the end of the current week (anything later
    is not visible yet) and, with a date filter, only the weeks it can pass. A section, source or
    story keeps a few matches a week, too few for a window to hold enough: all are read at once.
    """
    newest = _week(min(timezone.now(), filters.until) if filters.until else timezone.now())
    oldest = _week(filters.since) if filters.since else None
    narrow = filters.section or filters.source or filters.story
    windows, week = [], newest
    for length in () if narrow else WINDOW_WEEKS:
        weeks = [number for number in range(week, week - length, -1) if oldest is None or number >= oldest]
        if not weeks:
            return windows
        windows.append((f"{_WEEK_KEY} && %s::integer[]", [weeks]))
        week -= length
    if oldest is None or week >= oldest:
        windows.append((f"{TABLE}.published_at < %s", [_EPOCH + (week + 1) * WEEK]))
    return windows


def _week(moment: datetime) -> int:
    """Return the week number gazzetta_search_week() gives a time (weeks since 1970-01-01)."""
    return (moment - _EPOCH) // WEEK


def _row(document: Document) -> dict:
    language = document.language
    return {
        "id": document.article_id, "config": configuration(language), "body": document.body,
        "headline": text.prepare(document.headline, language), "body_prepared": text.prepare(document.body, language),
        "tails": text.prepare(document.compound_tails, language),
        **{field: getattr(document, field) for field in FILTER_FIELDS},
    }


@lru_cache(maxsize=512)
def compiled_tsquery(query: Query, languages: tuple[str, ...]) -> str:
    """Return a parsed query as tsquery text ("" when nothing is left to look for).

    Every word and phrase is analysed by each configuration in scope in one round trip and
    alternatives that come out the same are kept once (most words stem alike in several
    languages): the text is then a constant the planner can estimate, six copies of one
    lexeme no longer look six times as common, and no row repeats the analysis.
    """
    by_configuration = _by_configuration(languages)
    analyses = sorted({analysis for clause in (*query.required, *query.excluded)
                       for analysis in _analyses(clause, by_configuration)})
    if analyses:
        columns = ", ".join(f"{function}(%s::regconfig, %s)::text" for function, _config, _text in analyses)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {columns}", [value for _function, *values in analyses for value in values])
            analysed = dict(zip(analyses, cursor.fetchone(), strict=True))
    else:
        analysed = {}
    # A clause with no lexeme in any configuration (only stop words) drops out, as && would drop it.
    required = [part for clause in query.required if (part := _rendered(clause, by_configuration, analysed))]
    excluded = [part for clause in query.excluded if (part := _rendered(clause, by_configuration, analysed))]
    if not required:
        return ""
    return " & ".join([*(f"({part})" for part in required), *(f"!({part})" for part in excluded)])


def _by_configuration(languages: tuple[str, ...]) -> dict[str, str]:
    """Return one language per configuration (the first), keyed by configuration."""
    chosen: dict[str, str] = {}
    for language in languages:
        chosen.setdefault(configuration(language), language)
    return chosen


def _analyses(clause: Clause, languages: dict[str, str]) -> list[tuple[str, str, str]]:
    """Return the (function, configuration, text) analyses a clause needs."""
    if isinstance(clause, AnyOf):
        return [analysis for option in clause.options for analysis in _analyses(option, languages)]
    if isinstance(clause, Term) and clause.prefix:
        return [("to_tsquery", SIMPLE, f"'{text.prefix_term(clause.word)}':*")]
    function, words = ("phraseto_tsquery", " ".join(clause.words)) if isinstance(clause, Phrase) else (
        "plainto_tsquery", clause.word)
    return [(function, config, text.prepare(words, language)) for config, language in languages.items()]


def _rendered(clause: Clause, languages: dict[str, str], analysed: dict) -> str:
    """Return a clause as tsquery text: its distinct analyses ORed ("" when none has a lexeme)."""
    if isinstance(clause, AnyOf):
        options = [_rendered(option, languages, analysed) for option in clause.options]
    else:
        options = [analysed[analysis] for analysis in _analyses(clause, languages)]
    distinct = sorted({option for option in options if option})
    return " | ".join(f"({option})" for option in distinct)


SearchBackend = PostgreSQLSearchBackend
