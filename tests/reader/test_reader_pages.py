"""Every reader page through Django's test client: status codes, languages, page anatomy."""

import re

import pytest

from gazzetta.newsroom.models import Relation
from gazzetta.reader import textsize

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("accept", "edition"), [("it-IT,it;q=0.9", "it"), ("en-GB,en;q=0.8", "en"),
                                                   ("de-AT", "de"), ("fr-FR", "de")])
def test_root_sends_readers_to_the_edition_of_their_language(client, accept, edition):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == f"/{edition}/"


@pytest.mark.parametrize("edition", ["de", "it", "en"])
def test_edition_home_lists_its_own_articles_with_alternates(client, newsroom, edition):
    html = client.get(f"/{edition}/").content.decode()
    assert f'<html lang="{edition}"' in html
    for code in ("de", "it", "en"):
        assert f'hreflang="{code}" href="http://testserver/{code}/"' in html
    assert 'hreflang="x-default"' in html
    assert newsroom.articles[f"{edition}-politics"].headline in html
    other = "it" if edition != "it" else "en"
    assert newsroom.articles[f"{other}-politics"].headline not in html


def test_home_never_lists_withdrawn_or_embargoed_articles(client, newsroom):
    html = client.get("/de/").content.decode()
    assert newsroom.articles["de-withdrawn"].headline not in html
    assert newsroom.articles["de-embargoed"].headline not in html


def test_section_pages_use_localised_slugs_and_paginate(client, newsroom):
    assert client.get("/de/wirtschaft/").status_code == 200
    assert client.get("/it/economia/").status_code == 200
    html = client.get("/en/economy/").content.decode()
    assert newsroom.articles["en-strike-0"].headline in html
    assert newsroom.articles["de-strike-0"].headline not in html
    assert client.get("/en/economy/?page=2").status_code == 404
    assert client.get("/en/economy/?page=abc").status_code == 404
    assert client.get("/en/no-such-section/").status_code == 404


def test_story_page_lists_the_story_newest_first(client, newsroom):
    story = newsroom.story
    html = client.get(story.get_absolute_url("de")).content.decode()
    positions = [html.index(newsroom.articles[f"de-strike-{n}"].headline) for n in range(3)]
    assert positions == sorted(positions)
    assert client.get(f"/de/story/{story.pk}-wrong-slug/").status_code == 301
    assert client.get("/de/story/999999-nothing/").status_code == 404


def test_article_page_has_the_whole_page_anatomy(client, newsroom):
    article = newsroom.articles["de-photo"]
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<title>Gazzetta - {article.headline}</title>" in html
    assert re.search(r"<figure[^>]*>\s*<img [^>]*width=\"320\" height=\"180\"", html)
    assert "Radweg an der Riva / <span class=\"credit\">Foto: Luca Ferrari - GZ/ADP</span>" in html
    assert "Textgröße ändern:" in html
    assert html.count('type="submit" name="size"') == 3
    assert "First paragraph of de-photo." in html and "Second paragraph of de-photo." in html
    assert "E.M.Rossi--GZ" in html
    assert "Aktualisiert" in html
    assert "<h2 id=\"recommended-heading\">Empfohlen</h2>" in html


def test_recommended_lists_at_most_four_visible_articles_of_the_edition(client, newsroom):
    article = newsroom.articles["de-photo"]
    html = client.get(article.get_absolute_url()).content.decode()
    recommended = html.split('id="recommended-heading"', 1)[1]
    assert recommended.count("<article class=\"teaser\"") <= 4
    assert newsroom.articles["de-politics"].headline in recommended
    assert newsroom.articles["de-politics"].lead in recommended
    for hidden in ("de-withdrawn", "de-embargoed", "en-politics"):
        assert newsroom.articles[hidden].headline not in recommended
    assert f'href="{article.get_absolute_url()}"' not in recommended


def test_stored_relations_replace_the_fallback(client, newsroom):
    article = newsroom.articles["de-photo"]
    Relation.objects.create(article=article, related=newsroom.articles["it-politics"], rank=0, score=0.9)
    Relation.objects.create(article=article, related=newsroom.articles["de-withdrawn"], rank=1, score=0.8)
    Relation.objects.create(article=article, kind=Relation.Kind.SOURCE, headline="Noch nicht da", lead="Vorspann")
    recommended = client.get(article.get_absolute_url()).content.decode().split('id="recommended-heading"', 1)[1]
    assert recommended.index("Noch nicht da") < recommended.index(newsroom.articles["it-politics"].headline)
    assert "(IT)" in recommended
    assert newsroom.articles["de-withdrawn"].headline not in recommended
    assert newsroom.articles["de-politics"].headline not in recommended


def test_more_on_this_story_lists_the_other_articles_of_the_story(client, newsroom):
    html = client.get(newsroom.articles["de-strike-0"].get_absolute_url()).content.decode()
    more = html.split('id="story-heading"', 1)[1].split('id="recommended-heading"', 1)[0]
    assert "Mehr zu dieser Geschichte" in html
    assert newsroom.articles["de-strike-1"].headline in more
    assert newsroom.articles["de-strike-0"].headline not in more


def test_withdrawn_article_answers_410_with_its_reason(client, newsroom):
    article = newsroom.articles["de-withdrawn"]
    response = client.get(article.get_absolute_url())
    assert response.status_code == 410
    assert "Die Meldung beruhte auf einer falschen Quelle." in response.content.decode()
    assert "zurückgezogen" in response.content.decode()


def test_embargoed_and_unknown_articles_answer_404(client, newsroom):
    assert client.get(newsroom.articles["de-embargoed"].get_absolute_url()).status_code == 404
    assert client.get("/de/politik/999999-nothing/").status_code == 404


@pytest.mark.parametrize("path", ["/de/nachrichten/1-x/", "/it/politica/{pk}-{slug}/", "/de/politik/{pk}-wrong/"])
def test_non_canonical_article_urls_redirect_permanently(client, newsroom, path):
    article = newsroom.articles["de-politics"]
    response = client.get(path.format(pk=article.pk, slug=article.slug).replace("/1-x/", f"/{article.pk}-x/"))
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_unknown_edition_never_errors(client, newsroom):
    response = client.get("/xx/", follow=True)
    assert response.status_code == 404


@pytest.mark.parametrize(("edition", "label", "heading", "not_found"), [
    ("de", "Textgröße ändern:", "Empfohlen", "Seite nicht gefunden"),
    ("it", "Dimensione del testo:", "Consigliati", "Pagina non trovata"),
    ("en", "Change text size:", "Recommended", "Page not found"),
])
def test_ui_is_translated_in_every_edition(client, newsroom, edition, label, heading, not_found):
    html = client.get(newsroom.articles[f"{edition}-politics"].get_absolute_url()).content.decode()
    assert label in html and f">{heading}</h2>" in html
    assert not_found in client.get(f"/{edition}/no-such/999999-x/").content.decode()


def test_text_size_is_rendered_from_the_cookie(client, newsroom):
    url = newsroom.articles["de-politics"].get_absolute_url()
    client.cookies[textsize.COOKIE] = "4"
    html = client.get(url).content.decode()
    assert 'class="ts-4"' in html and "200 %" in html
    client.cookies[textsize.COOKIE] = "banana"
    assert 'class="ts-0"' in client.get(url).content.decode()
    client.cookies[textsize.COOKIE] = "99"
    assert 'class="ts-0"' in client.get(url).content.decode()


def test_text_size_buttons_work_without_javascript(client, newsroom):
    url = newsroom.articles["de-politics"].get_absolute_url()
    response = client.get("/de/textsize/", {"size": "larger", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    assert response.cookies[textsize.COOKIE].value == "1"
    client.get("/de/textsize/", {"size": "larger", "next": url})
    assert 'class="ts-2"' in client.get(url).content.decode()
    client.get("/de/textsize/", {"size": "reset", "next": url})
    assert 'class="ts-0"' in client.get(url).content.decode()


def test_text_size_redirect_stays_on_the_site(client, newsroom):
    response = client.get("/de/textsize/", {"size": "larger", "next": "https://evil.example/"})
    assert response["Location"] == "/de/"


def test_missing_image_file_renders_the_article_without_figure(client, newsroom):
    article = newsroom.articles["de-photo"]
    image = article.images.get()
    image.file.storage.delete(image.file.name)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "<figure" not in response.content.decode()


def test_pages_carry_a_content_security_policy_without_unsafe_inline(client, newsroom):
    policy = client.get("/de/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy


def test_an_article_pinned_by_an_editor_leads_its_section_page(client, newsroom):
    older = newsroom.articles["de-politics"]
    newer = newsroom.articles["de-photo"]
    html = client.get("/de/politik/").content.decode()
    assert html.index(newer.headline) < html.index(older.headline)
    older.pinned = True
    older.save()
    html = client.get("/de/politik/").content.decode()
    assert html.index(older.headline) < html.index(newer.headline)
    assert html.count(older.headline) == 1
