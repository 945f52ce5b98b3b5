"""The JSON API read through Django's test client: lists, filters, cursors, details, errors, HTTP caching, CORS."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from gazzetta.ingest.pipeline import ingest_payload
from gazzetta.newsroom.models import Article, Image, Relation, Story

pytestmark = pytest.mark.django_db


def get(client, path: str, status: int = 200, **headers) -> dict:
    response = client.get(path, **headers)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def headlines(items: list[dict]) -> list[str]:
    return [item["headline"] for item in items]


def newest_first(queryset) -> list[str]:
    return list(queryset.order_by("-published_at", "-pk").values_list("headline", flat=True))


def test_list_holds_visible_articles_newest_first(client, newsroom):
    answer = get(client, "/api/v1/articles?limit=100")
    assert headlines(answer["items"]) == newest_first(Article.objects.visible())
    assert answer["next_cursor"] is None and answer["next"] is None


def test_cursor_pages_walk_the_whole_list_once(client, newsroom):
    seen, path = [], "/api/v1/articles?limit=3&language=de"
    while path:
        answer = get(client, path)
        seen += headlines(answer["items"])
        path = answer["next"] and answer["next"].removeprefix("http://testserver")
    assert seen == newest_first(Article.objects.visible().in_edition("de"))


def test_cursor_survives_new_articles_arriving_on_top(client, newsroom):
    first = get(client, "/api/v1/articles?limit=2")
    Article.objects.create(guid="urn:test:fresh", language="en", headline="Fresh on top")
    second = get(client, f"/api/v1/articles?limit=2&cursor={first['next_cursor']}")
    expected = newest_first(Article.objects.visible().exclude(guid="urn:test:fresh"))[2:4]
    assert headlines(second["items"]) == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("language=it", {"language": "it"}),
    ("section=politics", {"section__key": "politics"}),
    ("source=desk", {"source__key": "desk"}),
    ("language=de&section=economy", {"language": "de", "section__key": "economy"}),
])
def test_filters(client, newsroom, query, expected):
    answer = get(client, f"/api/v1/articles?limit=100&{query}")
    assert headlines(answer["items"]) == newest_first(Article.objects.visible().filter(**expected))


def test_story_and_time_filters(client, newsroom):
    story = get(client, f"/api/v1/articles?limit=100&story={newsroom.story.pk}")
    assert headlines(story["items"]) == newest_first(Article.objects.visible().filter(story=newsroom.story))
    since = (timezone.now() - timedelta(hours=1, minutes=30)).isoformat()
    recent = get(client, "/api/v1/articles?limit=100", data={"since": since})
    assert set(headlines(recent["items"])) == set(
        Article.objects.visible().filter(published_at__gte=since).values_list("headline", flat=True))
    older = get(client, "/api/v1/articles?limit=100", data={"until": since})
    assert len(recent["items"]) + len(older["items"]) == Article.objects.visible().count()


@pytest.mark.parametrize("query", [
    "language=xx", "section=nope", "source=nope", "story=999999", "story=abc", "since=yesterday",
    "until=0001-01-01T00:00:00%2B05:00", "limit=0", "limit=101", "limit=x", "cursor=forged",
    "cursor=WzEsMl0:1abcde:xyz",
])
def test_bad_filters_and_cursors_answer_400_with_a_json_reason(client, newsroom, query):
    answer = get(client, f"/api/v1/articles?{query}", status=400)
    assert answer["status"] == 400 and answer["detail"].startswith("api: ")


def test_a_cursor_belongs_to_its_list(client, newsroom):
    other = Story.objects.create(title="Bora in Triest")
    Article.objects.create(guid="urn:test:bora", language="de", headline="Bora", story=other)
    story_cursor = get(client, "/api/v1/stories?limit=1")["next_cursor"]
    article_cursor = get(client, "/api/v1/articles?limit=1")["next_cursor"]
    get(client, f"/api/v1/articles?cursor={story_cursor}", status=400)
    get(client, f"/api/v1/stories?cursor={article_cursor}", status=400)


def test_detail_carries_everything_the_page_shows(client, newsroom):
    article = newsroom.articles["de-photo"]
    Relation.objects.create(article=article, kind=Relation.Kind.SOURCE, rank=0, headline="Teaser from the wire",
                            lead="Its lead.")
    answer = get(client, f"/api/v1/articles/{article.pk}")
    assert (answer["headline"], answer["lead"], answer["byline"]) == (article.headline, article.lead, "E.M.Rossi--GZ")
    assert answer["body_html"] == article.body_html
    assert answer["url"] == f"http://testserver{article.get_absolute_url()}"
    image = article.images.get()
    assert answer["image"] == {"url": f"http://testserver{image.file.url}", "caption": image.caption,
                               "credit": image.credit, "alt": image.alt, "width": 320, "height": 180}
    assert answer["related"]["recommended"][0] == {"headline": "Teaser from the wire", "lead": "Its lead.",
                                                   "url": "", "language": ""}
    assert answer["section"] == {"key": "politics", "name": "Politik"}


def test_caption_and_credit_even_when_the_picture_never_arrived(client, newsroom):
    article = newsroom.articles["it-politics"]
    Image.objects.create(article=article, caption="Il Senato", credit="Mario Bianchi - ANSA",
                         source_url="http://example.org/senato.jpg")
    answer = get(client, f"/api/v1/articles/{article.pk}")
    assert answer["image"]["url"] is None
    assert (answer["image"]["caption"], answer["image"]["credit"]) == ("Il Senato", "Mario Bianchi - ANSA")


def test_related_lists_the_story(client, newsroom):
    article = newsroom.articles["de-strike-0"]
    answer = get(client, f"/api/v1/articles/{article.pk}/related")
    story = Article.objects.visible().filter(story=newsroom.story).exclude(pk=article.pk)
    assert {item["id"] for item in answer["story"]} <= set(story.values_list("pk", flat=True))
    languages = [item["language"] for item in answer["story"]]
    assert len(languages) == 6 and languages[:2] == ["de", "de"] and "de" not in languages[2:]
    page = client.get(article.get_absolute_url()).content.decode()
    recommended = page[page.index('class="recommended"'):]
    assert answer["recommended"]
    assert all(f">{teaser['headline']}</a>" in recommended for teaser in answer["recommended"])


def test_the_id_ingest_prints_is_the_api_id(client, db):
    item = {"uri": "urn:test:api:1", "type": "text", "language": "en", "headlines": [{"value": "Ferry strike ends"}],
            "bodies": [{"contenttype": "text/plain", "value": "The ferries to Muggia run again from Monday on."}]}
    [result] = ingest_payload(json.dumps(item).encode(), origin="test")
    answer = get(client, f"/api/v1/articles/{result.id}")
    assert answer["headline"] == "Ferry strike ends" and answer["guid"] == "urn:test:api:1"


@pytest.mark.parametrize(("key", "status"), [("de-withdrawn", 410), ("de-embargoed", 404)])
def test_withdrawn_is_gone_and_embargoed_is_not_found(client, newsroom, key, status):
    article = newsroom.articles[key]
    for suffix in ("", ".ninjs", "/related"):
        answer = get(client, f"/api/v1/articles/{article.pk}{suffix}", status=status)
        assert answer["status"] == status
    assert "falschen Quelle" in get(client, f"/api/v1/articles/{newsroom.articles['de-withdrawn'].pk}", 410)["detail"]


@pytest.mark.parametrize(("path", "status"), [
    ("/api/v1/articles/999999", 404), ("/api/v1/articles/0", 404), ("/api/v1/articles/-3", 404),
    ("/api/v1/articles/99999999999999999999999", 404), ("/api/v1/articles/abc", 400),
    ("/api/v1/articles/1.5", 400), ("/api/v1/stories/999999", 404), ("/api/v1/no-such-thing", 404),
    ("/api/v2/articles", 404),
])
def test_unknown_ids_and_paths_answer_json_errors(client, newsroom, path, status):
    answer = get(client, path, status=status)
    assert answer["status"] == status and answer["detail"].startswith("api: ")


def test_etag_and_last_modified_give_304(client, newsroom):
    article = newsroom.articles["de-photo"]
    path = f"/api/v1/articles/{article.pk}"
    first = client.get(path)
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    article.lead = "A corrected lead."
    article.save()
    changed = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    listing = client.get("/api/v1/articles")
    assert client.get("/api/v1/articles", HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304


def test_cors_opens_reading_to_configured_origins_only(client, newsroom, settings):
    origin = {"HTTP_ORIGIN": "https://partner.example"}
    assert "Access-Control-Allow-Origin" not in client.get("/api/v1/editions", **origin)
    settings.GAZZETTA_CORS_ORIGINS = ["https://partner.example"]
    answer = client.get("/api/v1/editions", **origin)
    assert answer["Access-Control-Allow-Origin"] == "https://partner.example"
    assert "ETag" in answer["Access-Control-Expose-Headers"] and "Origin" in answer["Vary"]
    assert "Access-Control-Allow-Origin" not in client.get("/api/v1/editions", HTTP_ORIGIN="https://other.example")
    preflight = client.options("/api/v1/articles", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
                               HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match", **origin)
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    pushed = client.post("/api/v1/ingest", data=b"{}", content_type="application/json", **origin)
    assert "Access-Control-Allow-Origin" not in pushed


def test_rate_limit_answers_429_with_retry_after(client, newsroom, settings):
    settings.GAZZETTA_API_RATE = "3/m"
    for _ in range(3):
        get(client, "/api/v1/sections")
    answer = client.get("/api/v1/sections")
    assert answer.status_code == 429 and int(answer["Retry-After"]) >= 1
    assert json.loads(answer.content)["status"] == 429


def test_editions_sections_and_stories(client, newsroom):
    editions = get(client, "/api/v1/editions")
    assert [edition["code"] for edition in editions] == ["de", "it", "en"]
    assert editions[1]["feeds"]["atom"] == "http://testserver/it/feed/atom/"
    sections = get(client, "/api/v1/sections")
    assert sections[1]["names"] == {"de": "Wirtschaft", "it": "Economia", "en": "Economy"}
    assert sections[1]["urls"]["it"] == "http://testserver/it/economia/"
    stories = get(client, "/api/v1/stories?language=it")
    assert [story["id"] for story in stories["items"]] == [newsroom.story.pk]
    story = get(client, f"/api/v1/stories/{newsroom.story.pk}?language=en")
    assert set(headlines(story["articles"])) == set(
        Article.objects.visible().filter(story=newsroom.story, language="en").values_list("headline", flat=True))


def unique_keys(pairs: list) -> dict:
    """JSON object hook that refuses repeated keys (Swagger UI's parser does, Python's json does not)."""
    keys = [key for key, _value in pairs]
    assert len(keys) == len(set(keys)), keys
    return dict(pairs)


def test_openapi_schema_and_docs_are_served(client, db):
    schema = json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=unique_keys)
    paths = set(schema["paths"])
    assert {"/api/v1/articles", "/api/v1/articles/{article_id}", "/api/v1/articles/{article_id}.ninjs",
            "/api/v1/search", "/api/v1/ingest", "/api/v1/stories", "/api/v1/editions", "/api/v1/sections"} <= paths
    detail = schema["paths"]["/api/v1/articles/{article_id}"]["get"]["responses"]
    assert {"200", "400", "404", "410", "429"} <= set(detail)
    assert set(detail["200"]["content"]) == {"application/json", "application/ninjs+json"}
    docs = client.get("/api/v1/docs").content.decode()
    assert '<script src="/static/ninja/swagger-ui-bundle.js">' in docs  # same origin: the CSP allows it
