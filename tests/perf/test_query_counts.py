"""Uncached pages cost a fixed number of queries, whatever the size of the newsroom.

Each page is rendered on a small newsroom and again after many more articles (with images,
relations and story members) arrived; its query count must stay under a bound and must
not grow with the data.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gazzetta.newsroom.models import Article, Image, Relation

pytestmark = pytest.mark.django_db

# The sitemap index counts each per-section sitemap once: its bound follows the sections, not the articles.
BOUNDS = {"home": 16, "section": 8, "section deep": 8, "story": 8, "article": 8, "feed": 10, "sitemap": 24}


def grow(newsroom, count: int) -> None:
    """Add `count` articles per edition, spread over the sections and the story, with images and relations."""
    now = timezone.now()
    fresh = [Article(guid=f"urn:grow:{language}:{n}", language=language, headline=f"Grown {language} {n}",
                     lead="Lead.", body_html="<p>Body.</p>", section=newsroom.sections[n % 2],
                     story=newsroom.story if n % 10 == 0 else None, featured=n % 50 == 0,
                     published_at=now - timedelta(minutes=n + 1), slug=f"grown-{n}")
             for language in ("de", "it", "en") for n in range(count)]
    Article.objects.bulk_create(fresh, batch_size=500)
    grown = Article.objects.filter(guid__startswith="urn:grow:")
    Image.objects.bulk_create([Image(article=article, caption="c", credit="k") for article in grown])
    article = newsroom.articles["de-photo"]
    Relation.objects.bulk_create([Relation(article=article, related=other, rank=rank)
                                  for rank, other in enumerate(grown.filter(language="de")[:4])])


def pages(client, newsroom) -> dict[str, str]:
    return {
        "home": "/de/",
        "section": "/de/politik/",
        "section deep": older_page(client, "/de/politik/"),
        "story": newsroom.story.get_absolute_url("de"),
        "article": newsroom.articles["de-photo"].get_absolute_url(),
        "feed": "/de/feed/rss/",
        "sitemap": "/sitemap.xml",
    }


def older_page(client, path: str) -> str:
    """The section's second page, through its "Older articles" link (a keyset cursor)."""
    html = client.get(path).content.decode()
    return html.split('rel="next" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")


def counts(client, paths: dict[str, str]) -> dict[str, int]:
    measured = {}
    for name, path in paths.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code in (200, 404), (name, response.status_code)
        measured[name] = len(queries)
    return measured


def more_articles(newsroom, count: int) -> None:
    """Older articles in every edition, section and (some) the story: the deep archive."""
    start = timezone.now() - timedelta(hours=3)
    Article.objects.bulk_create([Article(guid=f"urn:more:{n}", language=("de", "it", "en")[n % 3],
                                         headline=f"More {n}", slug=f"more-{n}", section=newsroom.sections[n % 2],
                                         story=newsroom.story if n % 7 == 0 else None,
                                         published_at=start - timedelta(minutes=n)) for n in range(count)],
                                batch_size=500)


def test_every_page_costs_the_same_bounded_number_of_queries_at_two_sizes(client, newsroom):
    grow(newsroom, 60)
    small_size = Article.objects.count()
    small = counts(client, pages(client, newsroom))
    more_articles(newsroom, 1500)
    assert Article.objects.count() > small_size * 5
    large = counts(client, pages(client, newsroom))
    for name, bound in BOUNDS.items():
        assert large[name] == small[name] <= bound, (name, small[name], large[name])


@pytest.mark.parametrize("name", sorted(BOUNDS))
def test_each_page_stays_within_its_query_bound(client, newsroom, django_assert_max_num_queries, name):
    grow(newsroom, 60)
    path = pages(client, newsroom)[name]
    with django_assert_max_num_queries(BOUNDS[name]):
        assert client.get(path).status_code == 200
