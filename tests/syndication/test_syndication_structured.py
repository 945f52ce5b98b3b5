"""Structured data read back with extruct (JSON-LD, OpenGraph, microdata), as search engines and link previews do."""

from __future__ import annotations

import extruct
import pytest

pytestmark = pytest.mark.django_db
SYNTAXES = ["json-ld", "opengraph", "microdata"]


def extracted(client, path: str) -> dict:
    response = client.get(path)
    assert response.status_code == 200
    return extruct.extract(response.content.decode(), base_url=f"http://testserver{path}", syntaxes=SYNTAXES,
                           uniform=True)


def breadcrumb_names(data: dict) -> list[str]:
    crumbs = next(item for item in data["microdata"] if item["@type"] == "BreadcrumbList")
    ordered = sorted(crumbs["itemListElement"], key=lambda crumb: int(crumb["position"]))
    return [crumb["name"] for crumb in ordered]


def test_article_page_carries_a_complete_news_article(client, newsroom):
    article = newsroom.articles["de-photo"]
    url = f"http://testserver{article.get_absolute_url()}"
    news = next(item for item in extracted(client, article.get_absolute_url())["json-ld"]
                if item["@type"] == "NewsArticle")
    assert news["headline"] == article.headline
    assert news["inLanguage"] == "de"
    assert news["isAccessibleForFree"] is True
    assert news["mainEntityOfPage"]["@id"] == url
    assert news["datePublished"] == article.published_at.isoformat()
    assert news["dateModified"] == article.updated_at.isoformat()
    assert news["author"] == [{"@type": "Person", "name": "Elena Maria Rossi"}]
    assert news["publisher"]["name"] == "Gazzetta"
    assert news["image"][0]["url"] == f"http://testserver{article.images.get().file.url}"
    assert news["image"][0]["creditText"] == "Luca Ferrari - GZ/ADP"


def test_article_page_has_opengraph_twitter_and_canonical(client, newsroom):
    article = newsroom.articles["de-photo"]
    url = f"http://testserver{article.get_absolute_url()}"
    graph = extracted(client, article.get_absolute_url())["opengraph"][0]
    assert graph["@type"] == "article"
    assert graph["og:title"] == article.headline
    assert graph["og:url"] == url
    assert graph["og:image"] == f"http://testserver{article.images.get().file.url}"
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<link rel="canonical" href="{url}">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert f'<link rel="alternate" hreflang="de" href="{url}">' in html


def test_article_without_picture_gets_a_summary_card_and_no_image(client, newsroom):
    article = newsroom.articles["en-politics"]
    data = extracted(client, article.get_absolute_url())
    news = next(item for item in data["json-ld"] if item["@type"] == "NewsArticle")
    assert "image" not in news
    assert '<meta name="twitter:card" content="summary">' in client.get(article.get_absolute_url()).content.decode()


def test_breadcrumbs_on_article_and_section_pages(client, newsroom):
    article = newsroom.articles["it-strike-0"]
    assert breadcrumb_names(extracted(client, article.get_absolute_url())) == ["Gazzetta", "Economia", article.headline]
    assert breadcrumb_names(extracted(client, "/en/economy/")) == ["Gazzetta", "Economy"]


def test_json_ld_cannot_be_broken_out_of(client, newsroom):
    article = newsroom.articles["en-politics"]
    article.headline = "Parliament </script><script>alert(1)</script> votes"
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    news = next(item for item in extracted(client, article.get_absolute_url())["json-ld"]
                if item["@type"] == "NewsArticle")
    assert news["headline"] == article.headline


@pytest.mark.parametrize("path", ["/de/", "/it/economia/?page=1"])
def test_other_pages_have_canonical_and_opengraph(client, newsroom, path):
    graph = extracted(client, path)["opengraph"][0]
    canonical = f"http://testserver{path.split('?')[0]}"
    assert graph["og:url"] == canonical
    assert graph["@type"] == "website"
    assert f'<link rel="canonical" href="{canonical}">' in client.get(path).content.decode()
