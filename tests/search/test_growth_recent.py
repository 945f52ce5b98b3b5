"""SQLite: the recent table holds the newest articles again, and answers exactly as the whole index would.

bm25 counts every match of a query word in the table it reads; relevance on the newest articles'
table keeps a common word's search from growing with the archive (bench/growth.py).
"""

import sys

import pytest
from django.db import connection

from gazzetta.search.backends import base, get_search_backend
from gazzetta.search.backends import sqlite as engine

pytestmark = [pytest.mark.django_db, pytest.mark.engine("sqlite")]


@pytest.fixture
def backend(settings, monkeypatch):
    """The SQLite engine with a window of three articles and counts that stop at two."""
    settings.SEARCH_BACKEND = "sqlite"
    monkeypatch.setattr(engine, "RECENT_ARTICLES", 3)
    for module in (base, sys.modules[engine.__name__]):
        monkeypatch.setattr(module, "COUNT_LIMIT", 2)
    return get_search_backend()


def ids_in(table: str) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {table} ORDER BY rowid")
        return [row[0] for row in cursor.fetchall()]


def found(results) -> list[int]:
    return sorted(hit.article.pk for hit in results)


def test_the_recent_table_keeps_the_newest_articles_as_they_arrive(backend, desk):
    made = [desk.publish(f"Wahl Nummer {number}", hours=5 - number).pk for number in range(5)]
    assert ids_in(engine.TABLE) == made
    assert ids_in(engine.RECENT) == made[-3:]
    backend.remove(made[-1])
    assert ids_in(engine.RECENT) == made[-3:-1]
    backend.clear()
    assert ids_in(engine.RECENT) == []


def test_relevance_reads_the_recent_table_for_a_common_word_and_the_whole_index_for_a_rare_one(backend, desk):
    rare = desk.publish("Haushalt beschlossen", "<p>Die Wahl ist vorbei.</p>", hours=9).pk
    made = [desk.publish(f"Wahl Nummer {number}", hours=5 - number).pk for number in range(4)]
    assert rare not in ids_in(engine.RECENT)
    common = backend.search("Wahl")
    assert (common.count, common.more) == (2, True)
    assert found(common) == made[-3:]
    assert found(backend.search("Haushalt")) == [rare]


def test_a_small_archive_is_answered_by_the_recent_table_alone(backend, desk):
    made = [desk.publish(f"Wahl Nummer {number}", hours=3 - number).pk for number in range(2)]
    assert ids_in(engine.RECENT) == ids_in(engine.TABLE) == made
    assert found(backend.search("Wahl")) == made
