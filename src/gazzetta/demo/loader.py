"""Turn the demo content files into newsroom rows; running it again updates, never doubles."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from gazzetta.demo import images
from gazzetta.newsroom import images as renditions
from gazzetta.newsroom.models import (
    Article,
    ArticleVersion,
    Image,
    Section,
    Source,
    Story,
)
from gazzetta.newsroom.signals import article_changed

CONTENT = Path(__file__).resolve().parent / "content"


def read(name: str) -> list[dict]:
    return json.loads((CONTENT / name).read_text(encoding="utf-8"))


def demo_articles() -> list[dict]:
    """Every demo article, oldest first (the order they would have arrived in)."""
    articles = [item for path in sorted(CONTENT.glob("articles-*.json")) for item in read(path.name)]
    return sorted(articles, key=lambda item: -_first_hours_ago(item))


def load(now=None) -> int:
    """Load or refresh the demo; return the number of articles."""
    now = now or timezone.now()
    sections = {item["key"]: _section(item, position) for position, item in enumerate(read("sections.json"))}
    sources = {item["key"]: _source(item, sections) for item in read("sources.json")}
    stories = {item["key"]: _story(item) for item in read("stories.json")}
    articles = demo_articles()
    for item in articles:
        _article(item, now, sections, sources, stories)
    return len(articles)


def _section(item: dict, position: int) -> Section:
    defaults = {"names": item["names"], "position": position}
    section, _ = Section.objects.update_or_create(key=item["key"], defaults=defaults)
    return section


def _source(item: dict, sections: dict) -> Source:
    defaults = {"name": item["name"], "siglum": item["siglum"], "kind": item["kind"], "url": item.get("url", ""),
                "default_language": item.get("language", ""), "enabled": False}
    source, _ = Source.objects.update_or_create(key=item["key"], defaults=defaults)
    return source


def _story(item: dict) -> Story:
    titles = item["titles"]
    title = titles.get("en") or next(iter(titles.values()))
    story, _ = Story.objects.update_or_create(title=title, defaults={"titles": titles})
    return story


def _first_hours_ago(item: dict) -> float:
    return max([item["hours_ago"], *(version["hours_ago"] for version in item.get("versions", []))])


@transaction.atomic
def _article(item: dict, now, sections: dict, sources: dict, stories: dict) -> Article:
    source = sources[item["source"]]
    versions = sorted(item.get("versions", []), key=lambda version: -version["hours_ago"])
    published = now - timedelta(hours=_first_hours_ago(item))
    article, _ = Article.objects.update_or_create(guid=item["guid"], defaults={
        "version": len(versions) + 1,
        "language": item["language"],
        "headline": item["headline"],
        "lead": item["lead"],
        "body_html": _paragraphs_html(item["paragraphs"]),
        "authors": item["authors"],
        "siglum": source.siglum,
        "agency": item.get("credit", source.siglum),
        "source": source,
        "section": sections[item["section"]],
        "subjects": item.get("subjects", []),
        "story": stories.get(item.get("story")),
        "status": Article.Status.WITHDRAWN if item.get("status") == "withdrawn" else Article.Status.PUBLISHED,
        "withdrawn_reason": item.get("withdrawn_reason", ""),
        "correction_note": item.get("correction", ""),
        "featured": item.get("featured", False),
        "published_at": published,
        "updated_at": now - timedelta(hours=item["hours_ago"]) if versions else None,
        "version_created_at": now - timedelta(hours=item["hours_ago"]),
    })
    _versions(article, versions, now)
    _image(article, item.get("image"))
    transaction.on_commit(lambda: article_changed.send(Article, article_id=article.pk, change="created"))
    return article


def _paragraphs_html(paragraphs: list[str]) -> str:
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)


def _versions(article: Article, versions: list[dict], now) -> None:
    article.versions.all().delete()
    for number, version in enumerate(versions, start=1):
        ArticleVersion.objects.create(
            article=article, version=number, version_created_at=now - timedelta(hours=version["hours_ago"]),
            headline=version["headline"], lead=version.get("lead", ""),
            body_html=_paragraphs_html(version.get("paragraphs", [])), recorded_by="demo",
        )


def _image(article: Article, spec: dict | None) -> None:
    if not spec:
        article.images.all().delete()
        return
    image = article.images.first() or Image(article=article)
    image.caption, image.credit, image.alt = spec["caption"], spec["credit"], spec["alt"]
    if image.file:
        image.save()
        return
    jpeg = images.render(spec["scene"], article.guid)
    image.save_file(f"demo-{article.guid.rsplit(':', 1)[-1]}.jpg", jpeg)
    renditions.make_renditions(image)
