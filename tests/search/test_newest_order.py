"""SQLite: newest first takes a word's matches by id and adds those with a lower id published later.

Ids follow arrival, and arrival mostly follows publication time, but wires backfill old items and
editors set publication times: every page must be what a plain sort of all the matches gives.
"""

import sys
from datetime import timedelta

import pytest

from gazzetta.newsroom.models import Article
from gazzetta.search.backends import base, get_search_backend
from gazzetta.search.backends import sqlite as engine
from gazzetta.search.backends.base import NEWEST, SearchFilters

pytestmark = [pytest.mark.django_db, pytest.mark.engine("sqlite")]
COUNT_LIMIT = 4


@pytest.fixture(params=[1_000_000, 0], ids=["later-by-time-index", "older-matches-walked"])
def backend(request, settings, monkeypatch):
    """The SQLite engine with counts that stop at four, looking through the later articles either way."""
    settings.SEARCH_BACKEND = "sqlite"
    monkeypatch.setattr(engine, "LATER_SCAN", request.param)
    monkeypatch.setattr(engine, "LATER_PER_OLDER_MATCH", 0)
    for module in (base, sys.modules[engine.__name__]):
        monkeypatch.setattr(module, "COUNT_LIMIT", COUNT_LIMIT)
    return get_search_backend()


@pytest.fixture
def out_of_order(desk):
    """Matches whose ids do not follow their publication times, among articles that do not match."""
    arrived = [desk.publish(f"Wahl Nummer {n}", hours=30 - n, section=desk.economy if n % 3 else desk.politics)
               for n in range(12)]
    for n in range(4):
        desk.publish(f"Haushalt Nummer {n}", hours=20 - n)
        desk.publish(f"Wahl archiviert {n}", hours=200 + n)  # a wire backfills old items
    desk.publish("Elezioni Wahl", language="it", hours=0.5)
    for article, hours in zip(arrived[:3], (0.2, 15.5, 200), strict=True):  # an editor sets the time
        Article.objects.filter(pk=article.pk).update(published_at=desk.now - timedelta(hours=hours))
        desk.announce(article.pk, "updated")
    desk.publish("Wahl zur selben Zeit", hours=15.5)  # the same time as an older id: the id breaks the tie
    desk.publish("Wahl gesperrt", hours=0.1, embargo_until=desk.now + timedelta(hours=1))
    desk.publish("Wahl freigegeben", hours=0.3, embargo_until=desk.now - timedelta(minutes=1))
    return desk


def plainly_sorted(filters: SearchFilters) -> list[int]:
    """Every visible match of "Wahl" (a headline word here) in a plain ORDER BY."""
    lookups = {"language": filters.language, "section__key": filters.section,
               "published_at__gte": filters.since, "published_at__lt": filters.until}
    matches = Article.objects.visible().filter(headline__contains="Wahl")
    matches = matches.filter(**{name: value for name, value in lookups.items() if value is not None})
    return list(matches.order_by("-published_at", "-pk").values_list("pk", flat=True))


def test_every_page_is_the_plain_sort_of_all_matches(backend, out_of_order):
    now = out_of_order.now
    for filters in (SearchFilters(), SearchFilters(language="de"), SearchFilters(section="economy"),
                    SearchFilters(since=now - timedelta(hours=25)), SearchFilters(until=now - timedelta(hours=16))):
        expected = plainly_sorted(filters)
        assert len(expected) > COUNT_LIMIT
        for per_page in (1, 2, 3):
            for page in range(1, len(expected) // per_page + 3):
                results = backend.search("Wahl", filters, NEWEST, page=page, per_page=per_page)
                start = (page - 1) * per_page
                assert [hit.article.pk for hit in results] == expected[start:start + per_page], (filters, page)
                assert (results.count, results.more) == (COUNT_LIMIT, True)


def test_a_count_below_the_limit_is_exact(backend, out_of_order):
    filters = SearchFilters(until=out_of_order.now - timedelta(hours=201.5))
    results = backend.search("Wahl", filters, NEWEST, per_page=2)
    assert (results.count, results.more) == (len(plainly_sorted(filters)), False)
    assert [hit.article.pk for hit in results] == plainly_sorted(filters)[:2]


def test_each_hit_keeps_the_score_relevance_gives_it(backend, out_of_order):
    newest = {hit.article.pk: hit.score for hit in backend.search("Wahl", order=NEWEST, per_page=50)}
    relevance = {hit.article.pk: hit.score for hit in backend.search("Wahl", per_page=50)}
    assert relevance and all(newest[pk] == pytest.approx(score) for pk, score in relevance.items())
    assert all(score > 0 for score in newest.values())
