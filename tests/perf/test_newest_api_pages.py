"""A deep page of the API's article list seeks the edition's index by its cursor or `until`.

Visibility's bound (published up to now) came first in the query, and SQLite seeks by the first upper
bound on publication time it meets: a deep page walked the index from the newest article down, so it
grew with every article published since (bench/growth.py's home of 1,000,000 articles: 143,000 steps
of the SQLite machine for the 20,000th article, 3,000 for the first page).
"""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone
from test_growth_plans import thousands_of_steps

from gazzetta.api import cursor
from gazzetta.newsroom.models import Article

pytestmark = [pytest.mark.django_db, pytest.mark.engine("sqlite")]


def publish(prefix: str, count: int, first) -> list[Article]:
    return Article.objects.bulk_create([
        Article(guid=f"urn:{prefix}:{n}", language="de", headline=f"{prefix} {n}", slug=f"{prefix}-{n}",
                published_at=first - timedelta(minutes=n)) for n in range(count)])


def test_deep_api_pages_do_no_more_work_when_newer_articles_arrive(client):
    anchor = publish("old", 40, timezone.now() - timedelta(days=30))[10]
    token = cursor.encode("published_at", anchor.published_at, anchor.pk)
    until = quote((anchor.published_at + timedelta(seconds=1)).isoformat())
    deep = [f"/api/v1/articles?language=de&cursor={token}", f"/api/v1/articles?language=de&until={until}"]
    before = [thousands_of_steps(client, path) for path in deep]
    publish("new", 3000, timezone.now() - timedelta(minutes=1))
    after = [thousands_of_steps(client, path) for path in deep]
    assert all(now <= then + 2 for now, then in zip(after, before, strict=True)), (before, after)
