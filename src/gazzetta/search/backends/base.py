"""The search interface every engine implements, and the results it returns.

An engine keeps its own index (an FTS5 table, a tsvector table) keyed by article id and
answers with ids and scores; this module turns them into articles. Every query is joined
against `Article.objects.visible()`, so an embargoed, withheld or withdrawn article is
never shown even while the index still holds it.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connection
from django.db.models.sql.where import WhereNode

from gazzetta.newsroom.models import Article, Section, Source
from gazzetta.search import snippets, text
from gazzetta.search.query import Query, parse

RELEVANCE = "relevance"
NEWEST = "newest"
ORDERS = (RELEVANCE, NEWEST)
PER_PAGE = 20
MAX_PER_PAGE = 50
# Relevance is divided by (1 + age in days / RECENCY_DAYS): a month-old article needs twice
# the text relevance of today's to rank level with it.
RECENCY_DAYS = 30.0
# Counting and ranking every match of a common word costs time in proportion to the archive.
# Counts stop at COUNT_LIMIT ("1000+ results": 50 pages, more than anyone reads) and relevance
# ranks the RANK_CANDIDATES newest matches that pass the filters (newest by article id, i.e.
# arrival, on SQLite; by publication time on PostgreSQL: what each index reads cheaply).
COUNT_LIMIT = 1000
RANK_CANDIDATES = 1000
# Languages whose analysis every query word is tried in when no edition is chosen; "" is
# "no stemmer" (articles in languages without one are indexed folded only).
CORE_LANGUAGES = ("de", "it", "en", "fr", "es", "")
ARTICLE_TABLE = Article._meta.db_table


class SearchError(RuntimeError):
    """The search engine cannot work as configured; the message says why."""


@dataclass(frozen=True)
class SearchFilters:
    """What a reader narrows a search to; None means any."""

    language: str | None = None
    section: str | None = None
    source: str | None = None
    story: int | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class Document:
    """One article as the index sees it: plain text in the article's language, and what filters read."""

    article_id: int
    language: str
    headline: str
    body: str
    compound_tails: str
    published_at: datetime
    section_id: int | None
    source_id: int | None
    story_id: int | None

    @classmethod
    def of(cls, article: Article) -> Document:
        body = article_text(article)
        tails = text.compound_tails(f"{article.headline} {body}", article.language)
        return cls(article.pk, article.language, text.clean(article.headline), body, " ".join(tails),
                   article.published_at, article.section_id, article.source_id, article.story_id)


def article_text(article: Article) -> str:
    """Return the lead and body as plain text: what is indexed and what snippets are cut from."""
    return text.strip_html(f"<p>{article.lead}</p>{article.body_html}")


@dataclass(frozen=True)
class Hit:
    article: Article
    score: float
    snippet: str

    def as_dict(self) -> dict:
        """Return the hit as the API and the command print it."""
        article = self.article
        return {"id": article.pk, "url": article.get_absolute_url(), "headline": article.headline,
                "language": article.language, "score": round(self.score, 6), "snippet": str(self.snippet)}


class SearchResults:
    """One page of hits and how many there are in all."""

    def __init__(self, query: Query, hits: list[Hit], count: int, page: int = 1, per_page: int = PER_PAGE):
        self.query, self.hits = query, hits
        self.count, self.more = min(count, COUNT_LIMIT), count > COUNT_LIMIT
        self.page, self.per_page = page, per_page

    def __iter__(self):
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages


class EmptyResults(SearchResults):
    """The answer to a query with nothing to look for, or filters nothing can pass."""

    def __init__(self, query: Query | None = None):
        super().__init__(query or Query(), [], 0)


class BaseSearchBackend(ABC):
    vendor = ""

    @abstractmethod
    def index(self, articles: list[Article]) -> None:
        """Add or replace these articles in the index."""

    @abstractmethod
    def remove(self, article_id: int) -> None:
        """Take one article out of the index (a no-op when it is not there)."""

    @abstractmethod
    def clear(self) -> None:
        """Empty the index."""

    @abstractmethod
    def _page(self, query: Query, filters: SearchFilters, scope: Scope, order: str,
              limit: int, offset: int) -> tuple[int, list[tuple[int, float]]]:
        """Return how many visible articles match (counting no further than COUNT_LIMIT + 1) and
        (article id, score) of one page of them, best (among RANK_CANDIDATES) or newest first."""

    def _snippets(self, query: Query, articles: list[Article]) -> dict[int, str]:
        """Return safe HTML excerpts with the matched words in <mark>, by article id.

        One way for both engines, by the same analysis as the SQLite index, so an excerpt does not
        depend on the engine (PostgreSQL's ts_headline re-parsed the twenty bodies on the server).
        """
        return {article.pk: snippets.highlight(article_text(article), article.language, query) for article in articles}

    def rebuild(self, batch_size: int = 1000) -> int:
        """Index every published article afresh; return how many were indexed."""
        self.clear()
        published = Article.objects.filter(status=Article.Status.PUBLISHED).order_by("pk")
        batch, total = [], 0
        for article in published.iterator(chunk_size=batch_size):
            batch.append(article)
            if len(batch) == batch_size:
                total += self._index_batch(batch)
                batch = []
        return total + self._index_batch(batch)

    def _index_batch(self, batch: list[Article]) -> int:
        if batch:
            self.index(batch)
        return len(batch)

    def search(self, query: str | Query, filters: SearchFilters = SearchFilters(), order: str = RELEVANCE,
               page: int = 1, per_page: int = PER_PAGE) -> SearchResults:
        """Return one page of visible articles matching a reader's query."""
        parsed = parse(query) if isinstance(query, str) else query
        scope = Scope.of(filters)
        if not parsed or scope is None:
            return EmptyResults(parsed)
        page, per_page = max(1, page), min(max(1, per_page), MAX_PER_PAGE)
        count, ranked = self._page(parsed, filters, scope, order if order in ORDERS else RELEVANCE,
                                   per_page, (page - 1) * per_page)
        return SearchResults(parsed, self._hits(parsed, ranked), count, page, per_page)

    def _hits(self, query: Query, ranked: list[tuple[int, float]]) -> list[Hit]:
        ids = [article_id for article_id, _score in ranked]
        found = Article.objects.select_related("section", "source").in_bulk(ids)
        articles = [found[article_id] for article_id, _score in ranked if article_id in found]
        excerpts = self._snippets(query, articles) if articles else {}
        scores = dict(ranked)
        return [Hit(article, scores[article.pk], excerpts.get(article.pk, "")) for article in articles]


# The filter lookups an engine may also apply to its own copy of the article's fields
# (Document), to narrow the matches before they are joined with the article table.
INDEX_FILTER_COLUMNS = {
    "language": ("language", "="), "story_id": ("story_id", "="), "section_id": ("section_id", "="),
    "source_id": ("source_id", "="), "published_at__gte": ("published_at", ">="),
    "published_at__lt": ("published_at", "<"),
}


@dataclass(frozen=True)
class Scope:
    """The articles a query may return: `visible` is SQL on the article table (the authority),
    `lookups` the filters as lookups on the article's own columns (section and source as ids)."""

    visible: tuple[str, list]
    lookups: dict

    @classmethod
    def of(cls, filters: SearchFilters) -> Scope | None:
        """Return the scope of these filters, None when no article can pass them."""
        lookups = _filter_lookups(filters)
        if lookups is None:
            return None
        queryset = Article.objects.visible().filter(**lookups)
        where: WhereNode = queryset.query.where
        return cls(where.as_sql(queryset.query.get_compiler(connection=connection), connection), lookups)

    def index_where(self, table: str) -> tuple[str, list]:
        """Return SQL applying the filters to an index table's copies of the article's fields."""
        conditions = [(f"{table}.{column} {operator} %s", index_value(value)) for lookup, value in self.lookups.items()
                      for column, operator in [INDEX_FILTER_COLUMNS[lookup]]]
        return " AND ".join(["TRUE", *(sql for sql, _value in conditions)]), [value for _sql, value in conditions]


def index_value(value):
    """Return a field value as the database stores it (SQLite keeps datetimes as naive UTC text)."""
    return connection.ops.adapt_datetimefield_value(value) if isinstance(value, datetime) else value


def best_first(newest: list[tuple[int, float]], limit: int, offset: int) -> list[tuple[int, float]]:
    """Return one page of the RANK_CANDIDATES first (newest) of these (id, score) pairs, best first."""
    ranked = sorted(newest[:RANK_CANDIDATES], key=lambda row: (row[1], row[0]), reverse=True)
    return ranked[offset:offset + limit]


def _filter_lookups(filters: SearchFilters) -> dict | None:
    """Turn filters into lookups on the article's own columns (keys become ids first)."""
    lookups = {
        "language": filters.language, "story_id": filters.story,
        "published_at__gte": filters.since, "published_at__lt": filters.until,
    }
    if filters.section:
        lookups["section_id"] = Section.objects.filter(key=filters.section).values_list("pk", flat=True).first()
    if filters.source:
        lookups["source_id"] = Source.objects.filter(key=filters.source).values_list("pk", flat=True).first()
    if (filters.section and lookups["section_id"] is None) or (filters.source and lookups["source_id"] is None):
        return None
    return {name: value for name, value in lookups.items() if value is not None}


def query_languages(filters: SearchFilters) -> tuple[str, ...]:
    """Return the languages a query word is analysed in: the chosen one, else every edition's and ours."""
    if filters.language:
        return (filters.language,)
    editions = tuple(code for code, _name in settings.LANGUAGES)
    return tuple(dict.fromkeys(editions + CORE_LANGUAGES))
