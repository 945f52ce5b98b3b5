"""Sitemaps as a crawler reads them: well-formed XML, the right namespaces, and every address answering 200."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from lxml import etree

from gazzetta.newsroom.models import Article
from gazzetta.syndication import sitemaps

pytestmark = pytest.mark.django_db
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml",
      "image": "http://www.google.com/schemas/sitemap-image/1.1",
      "news": "http://www.google.com/schemas/sitemap-news/0.9"}


def xml(client, path: str) -> etree._Element:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/xml")
    return etree.fromstring(response.content)


def path_of(url: str) -> str:
    parts = urlsplit(url)
    assert parts.scheme == "http" and parts.netloc == "testserver", url
    return parts.path + (f"?{parts.query}" if parts.query else "")


def sitemap_paths(client) -> list[str]:
    index = xml(client, "/sitemap.xml")
    assert index.tag == f"{{{NS['sm']}}}sitemapindex"
    return [path_of(loc) for loc in index.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)]


def test_robots_txt_points_at_the_sitemap_index(client, newsroom):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_index_lists_pages_articles_and_news_of_every_edition(client, newsroom):
    assert sorted(sitemap_paths(client)) == sorted(
        f"/sitemap-{code}-{kind}.xml" for code in ("de", "it", "en") for kind in ("pages", "articles", "news"))


def test_every_address_in_every_sitemap_answers_200(client, newsroom):
    locations = []
    for path in sitemap_paths(client):
        tree = xml(client, path)
        locations += tree.xpath("//sm:loc/text() | //xhtml:link/@href | //image:loc/text()", namespaces=NS)
    assert len(locations) > 30
    for location in set(locations):
        path = path_of(location)
        status = client.get(path).status_code
        assert status == (302 if path == "/" else 200), location  # "/" chooses the reader's edition


def test_article_sitemap_lists_visible_articles_with_their_pictures(client, newsroom):
    tree = xml(client, "/sitemap-de-articles.xml")
    urls = {path_of(loc): url for url in tree.xpath("//sm:url", namespaces=NS)
            for loc in url.xpath("sm:loc/text()", namespaces=NS)}
    assert set(urls) == {article.get_absolute_url() for article in Article.objects.visible().in_edition("de")}
    photo = newsroom.articles["de-photo"]
    pictures = urls[photo.get_absolute_url()].xpath("image:image/image:loc/text()", namespaces=NS)
    assert [path_of(url) for url in pictures] == [photo.images.get().file.url]
    lastmod = urls[photo.get_absolute_url()].xpath("sm:lastmod/text()", namespaces=NS)[0]
    assert timezone.datetime.fromisoformat(lastmod) == photo.updated_at


def test_pages_sitemap_has_hreflang_alternates_and_x_default(client, newsroom):
    tree = xml(client, "/sitemap-it-pages.xml")
    section = tree.xpath("//sm:url[sm:loc='http://testserver/it/economia/']", namespaces=NS)[0]
    alternates = {link.get("hreflang"): path_of(link.get("href"))
                  for link in section.xpath("xhtml:link[@rel='alternate']", namespaces=NS)}
    assert alternates == {"de": "/de/wirtschaft/", "it": "/it/economia/", "en": "/en/economy/",
                          "x-default": "/de/wirtschaft/"}
    home = tree.xpath("//sm:url[sm:loc='http://testserver/it/']/xhtml:link[@hreflang='x-default']", namespaces=NS)
    assert path_of(home[0].get("href")) == "/"
    story = newsroom.story
    assert tree.xpath(f"//sm:loc[.='http://testserver/it/story/{story.pk}-{story.slug}/']", namespaces=NS)


def test_news_sitemap_has_the_last_48_hours_with_publication_and_title(client, newsroom):
    old = newsroom.articles["de-politics"]
    Article.objects.filter(pk=old.pk).update(published_at=timezone.now() - timedelta(hours=49))
    tree = xml(client, "/sitemap-de-news.xml")
    news = {path_of(url.findtext("sm:loc", namespaces=NS)): url.find("news:news", NS)
            for url in tree.xpath("//sm:url", namespaces=NS)}
    recent = Article.objects.visible().in_edition("de").filter(published_at__gte=timezone.now() - timedelta(hours=48))
    assert set(news) == {article.get_absolute_url() for article in recent}
    assert old.get_absolute_url() not in news
    photo = newsroom.articles["de-photo"]
    entry = news[photo.get_absolute_url()]
    assert entry.findtext("news:publication/news:name", namespaces=NS) == "Gazzetta"
    assert entry.findtext("news:publication/news:language", namespaces=NS) == "de"
    assert entry.findtext("news:title", namespaces=NS) == photo.headline
    published = timezone.datetime.fromisoformat(entry.findtext("news:publication_date", namespaces=NS))
    assert published == photo.published_at


def test_news_sitemap_stops_at_1000_urls(newsroom):
    Article.objects.bulk_create(
        Article(guid=f"urn:test:bulk:{number}", language="en", headline=f"Bulk {number}", slug=f"bulk-{number}",
                published_at=timezone.now() - timedelta(minutes=number)) for number in range(1005))
    news = sitemaps.NewsSitemap("en")
    assert news.paginator.num_pages == 1
    assert len(news.paginator.page(1).object_list) == sitemaps.NEWS_LIMIT == 1000
