"""ninjs out: valid against IPTC's ninjs 2.2 schema, and read back by our own ninjs parser and pipeline."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from gazzetta.ingest.formats import ninjs as ninjs_parser
from gazzetta.ingest.pipeline import ingest_payload
from gazzetta.newsroom.models import Article, Image

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def validator(shared):
    folder = shared / "corpus" / "ninjs" / "schema"
    schema = json.loads((folder / "ninjs-schema_2.2.json").read_text())
    geojson = Resource.from_contents(json.loads((folder / "GeoJSON-schema.json").read_text()))
    registry = Registry().with_resource("https://geojson.org/schema/GeoJSON.json", geojson)
    return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


def ninjs_of(client, article: Article) -> dict:
    response = client.get(f"/api/v1/articles/{article.pk}.ninjs")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ninjs+json")
    return json.loads(response.content)


def test_every_published_article_validates_against_the_iptc_schema(client, newsroom, validator):
    Image.objects.create(article=newsroom.articles["it-politics"], caption="Foto mai arrivata", credit="ANSA")
    for article in Article.objects.visible():
        errors = [f"{list(error.path)}: {error.message}" for error in validator.iter_errors(ninjs_of(client, article))]
        assert errors == [], f"{article.guid}: {errors}"


def test_the_schema_check_can_fail(validator):
    assert not validator.is_valid({"uri": "urn:test:x", "headlines": "not a list"})
    assert not validator.is_valid({"uri": "no scheme, so no URI"})  # formats are checked too


def test_content_negotiation_gives_the_same_document(client, newsroom):
    article = newsroom.articles["de-photo"]
    for accept in ("application/ninjs+json", "application/vnd.iptc.ninjs+json"):
        response = client.get(f"/api/v1/articles/{article.pk}", HTTP_ACCEPT=accept)
        assert json.loads(response.content) == ninjs_of(client, article)
        assert "Accept" in response["Vary"]


def test_our_parser_reads_back_what_we_wrote(client, newsroom):
    article = newsroom.articles["de-photo"]
    [item] = ninjs_parser.parse(client.get(f"/api/v1/articles/{article.pk}.ninjs").content)
    assert (item.guid, item.headline, item.lead, item.language) == (
        article.guid, article.headline, article.lead, "de")
    assert item.authors == ("Elena Maria Rossi",)
    assert item.first_created == article.published_at
    assert item.version_created == article.updated_at
    [picture] = item.images
    image = article.images.get()
    assert (picture.caption, picture.credit, picture.alt) == (image.caption, image.credit, image.alt)
    assert picture.url == f"http://testserver{image.file.url}"
    assert "Second paragraph of de-photo." in item.body_html


def test_a_picture_that_never_arrived_keeps_caption_and_credit(client, newsroom):
    article = newsroom.articles["en-politics"]
    Image.objects.create(article=article, caption="Parliament at dusk", credit="J.Smith - GZ")
    [association] = ninjs_of(client, article)["associations"]
    assert association["descriptions"][0]["value"] == "Parliament at dusk"
    assert association["by"] == "J.Smith - GZ"
    assert "renditions" not in association


def test_ingesting_our_ninjs_recreates_the_articles(client, newsroom):
    originals = {article.guid: article for article in Article.objects.visible().select_related("section")}
    documents = [ninjs_of(client, article) for article in originals.values()]
    Article.objects.all().delete()
    results = ingest_payload(json.dumps(documents).encode(), origin="test:own-ninjs")
    assert {result.status for result in results} == {"created"}
    for copy in Article.objects.select_related("section"):
        original = originals[copy.guid]
        assert (copy.headline, copy.lead, copy.language) == (original.headline, original.lead, original.language)
        assert copy.section.key == original.section.key
        assert copy.body_html.count("<p>") == original.body_html.count("<p>")
