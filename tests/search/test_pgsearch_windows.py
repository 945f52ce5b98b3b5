"""PostgreSQL: the newest matches are read window by window back in time (the current three weeks,
the nine before, then the rest), and the windows change nothing but how much is read."""

import sys
from datetime import timedelta

import pytest
from django.db import connection

from gazzetta.search.backends import base, get_search_backend
from gazzetta.search.backends import postgres as engine
from gazzetta.search.backends.base import NEWEST, SearchFilters

pytestmark = [pytest.mark.django_db, pytest.mark.engine("postgresql")]
WEEK_HOURS = 24 * 7


@pytest.fixture
def backend(settings, monkeypatch):
    """The PostgreSQL engine with counts that stop at three and no slack beyond them."""
    settings.SEARCH_BACKEND = "postgresql"
    for module in (base, sys.modules[engine.__name__]):
        monkeypatch.setattr(module, "COUNT_LIMIT", 3)
    monkeypatch.setattr(engine, "SLACK", 0)
    return get_search_backend()


def found(results) -> list[int]:
    return [hit.article.pk for hit in results]


def test_the_week_in_python_is_the_week_in_the_index(desk):
    moments = [desk.now, desk.now - timedelta(days=3000), desk.now.replace(year=1969)]
    with connection.cursor() as cursor:
        for moment in moments:
            cursor.execute("SELECT gazzetta_search_week(%s)", [moment])
            assert cursor.fetchone()[0] == engine._week(moment)


def test_matches_are_read_newest_first_across_the_windows(backend, desk):
    ages_in_weeks = [0, 1, 5, 11, 30, 200]  # first window, first, second, second, the rest, the rest
    made = [desk.publish(f"Wahl Nummer {number}", hours=weeks * WEEK_HOURS + 1)
            for number, weeks in enumerate(ages_in_weeks)]
    results = backend.search("Wahl", order=NEWEST, per_page=10)
    assert (results.count, results.more) == (3, True)
    assert found(results) == [article.pk for article in made[:4]]


def test_a_rare_word_is_found_in_every_window(backend, desk):
    made = [desk.publish(f"Gipfel Nummer {number}", hours=weeks * WEEK_HOURS + 1)
            for number, weeks in enumerate([0, 30])]
    results = backend.search("Gipfel", order=NEWEST)
    assert (results.count, results.more) == (2, False)
    assert found(results) == [article.pk for article in made]


def test_date_filters_read_only_the_weeks_they_pass(backend, desk):
    recent = desk.publish("Streik im Hafen", hours=2)
    middle = desk.publish("Streik bei der Bahn", hours=6 * WEEK_HOURS)
    old = desk.publish("Streik am Flughafen", hours=40 * WEEK_HOURS)
    since = SearchFilters(since=desk.now - timedelta(weeks=8))
    assert found(backend.search("Streik", since, NEWEST)) == [recent.pk, middle.pk]
    until = SearchFilters(until=desk.now - timedelta(weeks=4))
    assert found(backend.search("Streik", until, NEWEST)) == [middle.pk, old.pk]
    between = SearchFilters(since=desk.now - timedelta(weeks=50), until=desk.now - timedelta(weeks=20))
    assert found(backend.search("Streik", between, NEWEST)) == [old.pk]
    assert found(backend.search("Streik", SearchFilters(since=desk.now + timedelta(weeks=2)))) == []
