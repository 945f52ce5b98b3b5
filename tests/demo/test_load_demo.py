"""`gazzetta load_demo` on a real database: idempotent, and every reader page has something to show."""

import pytest
from django.core.management import call_command

from gazzetta.newsroom.models import Article, Image, Section, Story

pytestmark = pytest.mark.django_db


def _counts():
    return Article.objects.count(), Image.objects.count(), Story.objects.count(), Section.objects.count()


def test_load_demo_is_idempotent_and_fills_every_page(client):
    call_command("load_demo")
    first = _counts()
    call_command("load_demo")
    assert _counts() == first

    for code in ("de", "it", "en"):
        assert client.get(f"/{code}/").status_code == 200
        for section in Section.objects.all():
            html = client.get(section.get_absolute_url(code)).content.decode()
            assert 'class="teaser"' in html, f"{section.key} is empty in the {code} edition"
    for story in Story.objects.all():
        language = story.articles.first().language
        assert client.get(story.get_absolute_url(language)).status_code == 200

    visible = Article.objects.visible()
    for article in visible.select_related("section"):
        assert client.get(article.get_absolute_url()).status_code == 200
    withdrawn = Article.objects.filter(status=Article.Status.WITHDRAWN)
    assert withdrawn.exists()
    assert all(client.get(article.get_absolute_url()).status_code == 410 for article in withdrawn)
    assert visible.filter(updated_at__isnull=False).exists()
    assert all(image.file and image.width == 1600 for image in Image.objects.all())


def test_demo_pictures_come_with_renditions_for_srcset(client):
    call_command("load_demo")
    image = Image.objects.select_related("article__section").filter(article__status="published").first()
    assert {rendition["width"] for rendition in image.renditions} >= {480, 960}
    html = client.get(image.article.get_absolute_url()).content.decode()
    assert "srcset=" in html and "image/webp" in html
