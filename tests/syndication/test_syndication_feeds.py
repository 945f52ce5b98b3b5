"""Feeds read back by feedparser and by our own ingest pipeline, as a subscriber would read them."""

from __future__ import annotations

import json

import feedparser
import pytest

from gazzetta.ingest.pipeline import ingest_payload
from gazzetta.newsroom.models import Article

pytestmark = pytest.mark.django_db
XML_FORMATS = ("rss", "atom")
FORMATS = (*XML_FORMATS, "json")


def feed_paths(newsroom, kind: str) -> list[str]:
    story = newsroom.story
    return [f"/de/feed/{kind}/", f"/it/economia/feed/{kind}/", f"/en/politics/feed/{kind}/",
            f"/de/story/{story.pk}-{story.slug}/feed/{kind}/"]


def visible_headlines(**filters) -> set[str]:
    return set(Article.objects.visible().filter(**filters).values_list("headline", flat=True))


@pytest.mark.parametrize("kind", XML_FORMATS)
def test_every_xml_feed_parses_without_bozo(client, newsroom, kind):
    for path in feed_paths(newsroom, kind):
        parsed = feedparser.parse(client.get(path).content)
        assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')!r}"
        assert parsed.entries, path
        assert parsed.version == ("rss20" if kind == "rss" else "atom10")


@pytest.mark.parametrize("kind", FORMATS)
def test_edition_feed_holds_exactly_the_visible_articles_of_the_edition(client, newsroom, kind):
    content = client.get(f"/de/feed/{kind}/").content
    titles = {item["title"] for item in json.loads(content)["items"]} if kind == "json" else {
        entry.title for entry in feedparser.parse(content).entries}
    assert titles == visible_headlines(language="de")
    assert newsroom.articles["de-withdrawn"].headline not in titles
    assert newsroom.articles["de-embargoed"].headline not in titles


def test_section_and_story_feeds_hold_their_own_articles(client, newsroom):
    section = feedparser.parse(client.get("/it/economia/feed/atom/").content)
    assert {entry.title for entry in section.entries} == visible_headlines(language="it", section__key="economy")
    story = newsroom.story
    story_feed = feedparser.parse(client.get(f"/en/story/{story.pk}-{story.slug}/feed/rss/").content)
    assert {entry.title for entry in story_feed.entries} == visible_headlines(language="en", story=story)


def test_unknown_section_or_story_feed_answers_404(client, newsroom):
    assert client.get("/de/keine-rubrik/feed/rss/").status_code == 404
    assert client.get("/de/story/999999-nothing/feed/atom/").status_code == 404


@pytest.mark.parametrize("kind", XML_FORMATS)
def test_items_carry_guid_dates_author_categories_and_the_pictures_credit(client, newsroom, kind):
    article = newsroom.articles["de-photo"]
    parsed = feedparser.parse(client.get(f"/de/politik/feed/{kind}/").content)
    entry = next(entry for entry in parsed.entries if entry.title == article.headline)
    assert entry.id == article.guid
    assert entry.link == f"http://testserver{article.get_absolute_url()}"
    assert entry.published_parsed[:6] == article.published_at.utctimetuple()[:6]
    assert entry.updated_parsed[:6] == article.updated_at.utctimetuple()[:6]
    assert entry.author == "Elena Maria Rossi"
    assert "Politik" in {tag.term for tag in entry.tags}
    picture_url = f"http://testserver{article.images.get().file.url}"
    assert [link.href for link in entry.enclosures] == [picture_url]
    assert int(entry.enclosures[0].length) == article.images.get().file.size
    assert entry.media_content[0]["url"] == picture_url
    assert entry.media_credit[0]["content"] == "Luca Ferrari - GZ/ADP"


def test_json_feed_is_version_1_1_with_the_picture_credit(client, newsroom):
    article = newsroom.articles["de-photo"]
    feed = json.loads(client.get("/de/politik/feed/json/").content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["language"] == "de"
    item = next(item for item in feed["items"] if item["id"] == article.guid)
    assert item["date_published"].startswith(article.published_at.strftime("%Y-%m-%dT%H:%M:%S"))
    assert item["authors"] == [{"name": "Elena Maria Rossi"}]
    assert item["image"] == item["attachments"][0]["url"]
    assert item["_picture"]["credit"] == "Luca Ferrari - GZ/ADP"
    assert all(item.get("content_html") or item.get("content_text") for item in feed["items"])


@pytest.mark.parametrize("content", ["summary", "full"])
def test_full_text_or_summary_by_setting(client, newsroom, settings, content):
    settings.GAZZETTA_FEED_CONTENT = content
    article = newsroom.articles["de-photo"]
    entry = next(entry for entry in feedparser.parse(client.get("/de/feed/atom/").content).entries
                 if entry.id == article.guid)
    assert entry.summary == article.lead
    has_body = any("Second paragraph of de-photo" in part.value for part in entry.get("content", []))
    assert has_body == (content == "full")


@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.parametrize("content", ["summary", "full"])
def test_ingesting_our_own_feed_recreates_its_headlines(client, newsroom, settings, kind, content):
    settings.GAZZETTA_FEED_CONTENT = content
    payload = client.get(f"/de/feed/{kind}/").content
    published = visible_headlines(language="de")
    Article.objects.all().delete()
    results = ingest_payload(payload, origin="test:own-feed", url=f"http://testserver/de/feed/{kind}/")
    assert {result.status for result in results} == {"created"}
    assert {result.headline for result in results} == published
    assert visible_headlines() == published


def test_every_page_head_offers_the_edition_feeds(client, newsroom):
    article = newsroom.articles["de-photo"]
    for path in ("/de/", "/de/politik/", newsroom.story.get_absolute_url("de"), article.get_absolute_url()):
        html = client.get(path).content.decode()
        head = html[: html.index("</head>")]
        for kind, media_type in (("rss", "rss+xml"), ("atom", "atom+xml"), ("json", "feed+json")):
            assert f'type="application/{media_type}"' in head and f'href="/de/feed/{kind}/"' in head, path


def test_section_and_story_pages_offer_their_own_feeds(client, newsroom):
    assert 'href="/de/politik/feed/rss/"' in client.get("/de/politik/").content.decode()
    story = newsroom.story
    html = client.get(story.get_absolute_url("it")).content.decode()
    assert f'href="/it/story/{story.pk}-{story.slug}/feed/atom/"' in html
    for path in ("/de/politik/feed/rss/", f"/it/story/{story.pk}-{story.slug}/feed/atom/"):
        assert client.get(path).status_code == 200
