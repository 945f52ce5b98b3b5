"""Pages seek their articles in an index, never by a walk that grows with the archive.

A home page looks for its edition's newest featured article and a section's front for its pinned
one; with none flagged, a walk down the edition's or section's index to find one reads every
article in it, so the page grows with the archive (bench/growth.py at 1,000,000 articles). A deep
section page seeks the index by its cursor, not from the section's newest article down.
"""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gazzetta.newsroom.models import Article, Relation
from gazzetta.reader import keyset

pytestmark = [pytest.mark.django_db, pytest.mark.engine("sqlite")]


def plans_of_lookups_by(client, path: str, column: str) -> list[str]:
    """EXPLAIN QUERY PLAN of each article query of a page whose conditions name `column`."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    conditioned = [query["sql"] for query in queries if query["sql"].startswith("SELECT")
                   and f'"newsroom_article"."{column}"' in query["sql"].partition(" WHERE ")[2]]
    with connection.cursor() as cursor:
        return [" ".join(row[3] for row in cursor.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall())
                for sql in conditioned]


@pytest.mark.parametrize(("path", "column", "index"), [
    ("/de/", "featured", "article_featured_latest"),
    ("/de/politik/", "pinned", "article_pinned_latest"),
])
def test_featured_and_pinned_articles_are_found_through_their_own_index(client, newsroom, path, column, index):
    plans = plans_of_lookups_by(client, path, column)
    assert plans, f"{path} looked for no {column} article"
    assert all(f"USING INDEX {index}" in plan for plan in plans), plans


def thousands_of_steps(client, path: str) -> int:
    """SQLite virtual-machine steps (in thousands) of one page's queries: the work, not its time."""
    connection.ensure_connection()
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    connection.connection.set_progress_handler(count, 1000)
    try:
        assert client.get(path).status_code == 200
    finally:
        connection.connection.set_progress_handler(None, 1000)
    return steps


def test_a_deep_section_page_does_no_more_work_when_newer_articles_arrive(client, newsroom):
    start = timezone.now() - timedelta(days=30)
    section = newsroom.sections[0]

    def publish(prefix: str, count: int, first: datetime) -> list[Article]:
        return Article.objects.bulk_create([
            Article(guid=f"urn:{prefix}:{n}", language="de", headline=f"{prefix} {n}", slug=f"{prefix}-{n}",
                    section=section, published_at=first - timedelta(minutes=n)) for n in range(count)])

    anchor = publish("old", 40, start)[10]
    stamp = (anchor.published_at - keyset.EPOCH) // keyset.MICROSECOND
    deep = f"{section.get_absolute_url('de')}?page=50&before={stamp}.{anchor.pk}"
    before = thousands_of_steps(client, deep)
    publish("new", 3000, timezone.now() - timedelta(minutes=1))
    assert thousands_of_steps(client, deep) <= before + 2


def test_an_article_page_does_no_more_work_when_more_articles_arrive(client, newsroom):
    """Its "Empfohlen" articles are looked up by id: with an index on (status, published_at) and no
    statistics, SQLite once walked every published article for them (95 ms at 1,000,000)."""
    article = newsroom.articles["de-politics"]
    Relation.objects.bulk_create([Relation(article=article, related=newsroom.articles[key], rank=rank)
                                  for rank, key in enumerate(("de-strike-0", "de-photo", "it-strike-1"))])
    before = thousands_of_steps(client, article.get_absolute_url())
    Article.objects.bulk_create([
        Article(guid=f"urn:more:{n}", language=("de", "it", "en")[n % 3], headline=f"more {n}", slug=f"more-{n}",
                published_at=timezone.now() - timedelta(days=2, minutes=n)) for n in range(3000)])
    assert thousands_of_steps(client, article.get_absolute_url()) <= before + 2
