"""The search page in every edition, the JSON API and the start-up check, on the database's own engine."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.checks import run_checks

from gazzetta.search import checks

EDITIONS = ["de", "it", "en"]


@pytest.fixture
def articles(desk):
    return {
        "de": desk.publish("Streik im Hafen von Triest", "<p>Die Hafenarbeiter streiken seit Montag.</p>"),
        "it": desk.publish("Sciopero nel porto di Trieste", "<p>I portuali scioperano da lunedì.</p>", language="it",
                           section=desk.economy),
        "en": desk.publish("Strike at the port of Trieste", "<p>Dockers have been on strike since Monday.</p>",
                           language="en", source=desk.house),
    }


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def hit_headlines(html: str) -> list[str]:
    return re.findall(r'<article class="teaser search-hit"[^>]*>\s*<h3><a href="[^"]+">([^<]+)</a>', html)


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_edition_has_a_search_page_with_its_own_articles(client, articles, edition):
    html = page(client, f"/{edition}/search/?q=Trieste")
    assert f'<html lang="{edition}"' in html
    assert f'<form class="search-form" action="/{edition}/search/" method="get">' in html
    assert html.count('name="q" value="Trieste"') == 2  # the page's form and the header's
    assert hit_headlines(html) == [articles[edition].headline]


def test_all_editions_link_widens_the_search(client, articles):
    assert '<a href="?q=Trieste&amp;lang=all">' in page(client, "/de/search/?q=Trieste")
    everything = hit_headlines(page(client, "/de/search/?q=Trieste&lang=all"))
    assert sorted(everything) == sorted(article.headline for article in articles.values())


def test_results_show_count_snippet_and_language_label(client, articles):
    html = page(client, "/en/search/?q=Triest*&lang=all")
    assert re.search(r'role="status">\s*3\b', html)
    assert '<span class="language-label">(DE)</span>' in html
    assert '<p class="snippet"><mark>Dockers</mark> have been' in page(client, "/en/search/?q=docker")


def test_filters_are_links_that_keep_the_query(client, articles):
    html = page(client, "/it/search/?q=Trieste&lang=all")
    links = [link.replace("&amp;", "&") for link in re.findall(r'<a href="(\?[^"]+)"', html)]
    economy = next(link for link in links if "section=economy" in link)
    assert parse_qs(urlparse(economy).query) == {"q": ["Trieste"], "lang": ["all"], "section": ["economy"]}
    assert hit_headlines(page(client, f"/it/search/{economy}")) == [articles["it"].headline]
    assert hit_headlines(page(client, "/it/search/?q=Trieste&lang=all&source=desk")) == [articles["en"].headline]
    assert any("order=newest" in link for link in links) and any("period=week" in link for link in links)


def test_no_results_page_helps(client, articles):
    html = page(client, "/en/search/?q=Zanzibar")
    assert hit_headlines(html) == []
    assert 'class="no-results"' in html and "lang=all" in html


def test_empty_and_hostile_requests_render(client, articles):
    assert 'class="no-results"' not in page(client, "/de/search/")
    for query in ['"unbalanced', "\x00", "x" * 10_000, "-", "OR"]:
        page(client, "/de/search/?" + f"q={query}")
    page(client, "/de/search/?q=Streik&page=abc&story=99999999999999999999999&period=nope&order=nope")


def test_query_and_headlines_are_escaped(client, desk):
    desk.publish("<img src=x onerror=alert(1)> Wahl", "<p>Wahl &lt;em&gt;heute&lt;/em&gt;</p>")
    assert "<script>alert(2)" not in page(client, '/de/search/?q=Wahl"><script>alert(2)</script>')
    html = page(client, "/de/search/?q=Wahl")
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt; Wahl" in html
    assert "<em>heute" not in html


def test_pages_link_to_each_other(client, desk):
    for number in range(25):
        desk.publish(f"Wahl Nummer {number}", hours=number)
    first = page(client, "/de/search/?q=Wahl")
    assert len(hit_headlines(first)) == 20 and 'rel="next"' in first and 'rel="prev"' not in first
    second = page(client, "/de/search/?q=Wahl&page=2")
    assert len(hit_headlines(second)) == 5 and 'rel="prev"' in second


def test_api_returns_json_hits(client, articles):
    response = client.get("/api/v1/search?q=Trieste&order=newest")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3 and data["page"] == 1
    hit = data["hits"][0]
    assert set(hit) == {"id", "url", "headline", "language", "score", "snippet"}
    assert hit["url"] == articles[hit["language"]].get_absolute_url()


def test_api_filters_and_never_fails_on_bad_syntax(client, articles):
    def get(query: str):
        return client.get("/api/v1/search", QUERY_STRING=query)

    assert [hit["language"] for hit in get("q=Trieste&language=it").json()["hits"]] == ["it"]
    assert get("q=Trieste&since=2000-01-01&until=2000-12-31").json()["count"] == 0
    assert get("q=Trieste&since=2000-01-01").json()["count"] == 3
    assert get('q="unbalanced%20-%00').json()["hits"] == []
    assert get("q=" + "x" * 10_000).status_code == 200
    assert get("q=Trieste&per_page=500").status_code in (400, 422)  # whichever the API uses for bad input


def test_search_check_passes_and_reports_a_missing_fts5(db, monkeypatch, settings):
    assert [error for error in run_checks() if error.id.startswith("search.")] == []
    settings.SEARCH_BACKEND = "sqlite"
    monkeypatch.setattr(checks, "fts5_available", lambda: False)
    monkeypatch.setattr(checks.connection, "vendor", "sqlite")
    assert [error.id for error in checks.check_search_backend()] == ["search.E003"]


def test_search_check_reports_an_unknown_or_mismatched_engine(db, settings):
    settings.SEARCH_BACKEND = "lucene"
    assert [error.id for error in checks.check_search_backend()] == ["search.E001"]
    settings.SEARCH_BACKEND = "postgresql" if checks.connection.vendor == "sqlite" else "sqlite"
    assert [error.id for error in checks.check_search_backend()] == ["search.E002"]
