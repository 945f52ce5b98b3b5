"""Turn newsroom objects into the API's answers (plain dicts shaped like schemas.py)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import override

from gazzetta.newsroom.models import Article, Image, Section, Story
from gazzetta.reader import related
from gazzetta.syndication.feeds import FORMATS
from gazzetta.syndication.links import editions, subject_of


def edition(code: str, absolute) -> dict:
    with override(code):
        feeds = {kind: absolute(reverse(f"reader:feeds:edition-{kind}")) for kind in FORMATS}
    return {"code": code, "name": dict(settings.LANGUAGES)[code], "url": absolute(f"/{code}/"), "feeds": feeds}


def section(item: Section, absolute) -> dict:
    return {"key": item.key, "position": item.position,
            "names": {code: item.name(code) for code in editions()},
            "urls": {code: absolute(item.get_absolute_url(code)) for code in editions()}}


def image(item: Image, absolute) -> dict:
    """Caption and credit always; the address only once the file is stored."""
    return {"url": absolute(item.file.url) if item.file else None, "caption": item.caption,
            "credit": item.credit, "alt": item.alt, "width": item.width, "height": item.height}


def summary(article: Article, absolute) -> dict:
    images = list(article.images.all())
    return {
        "id": article.pk, "url": absolute(article.get_absolute_url()),
        "api_url": absolute(reverse("api:article", kwargs={"article_id": article.pk})),
        "headline": article.headline, "lead": article.lead, "language": article.language,
        "byline": article.byline, "section": _section_ref(article), "source": _source_ref(article),
        "story_id": article.story_id, "published_at": article.published_at, "updated_at": article.updated_at,
        "image": image(images[0], absolute) if images else None,
    }


def _section_ref(article: Article) -> dict | None:
    return {"key": article.section.key, "name": article.section.name(article.language)} if article.section else None


def _source_ref(article: Article) -> dict | None:
    return {"key": article.source.key, "name": article.source.name} if article.source else None


def detail(article: Article, absolute) -> dict:
    return {
        **summary(article, absolute), "guid": article.guid, "version": article.version,
        "body_html": article.body_html, "authors": [str(name) for name in article.authors],
        "agency": article.agency, "subjects": [_subject(entry) for entry in article.subjects],
        "correction_note": article.correction_note, "story": _story_ref(article, absolute),
        "images": [image(item, absolute) for item in article.images.all()],
        "related": related_lists(article, absolute),
    }


def _subject(entry) -> dict:
    code, name = subject_of(entry)
    return {"code": code, "name": name}


def _story_ref(article: Article, absolute) -> dict | None:
    story = article.story
    if story is None:
        return None
    return {"id": story.pk, "title": story.title_in(article.language),
            "url": absolute(story.get_absolute_url(article.language))}


def related_lists(article: Article, absolute) -> dict:
    """The two lists under the article page, read from what relate and ingest stored."""
    teasers = [{"headline": teaser.headline, "lead": teaser.lead, "language": teaser.language,
                "url": absolute(teaser.url) if teaser.url else ""} for teaser in related.recommended(article)]
    return {"recommended": teasers,
            "story": [summary(other, absolute) for other in related.more_on_story(article)]}


def story(item: Story, language: str, absolute) -> dict:
    titles = {str(code): str(title) for code, title in (item.titles or {}).items()}
    return {"id": item.pk, "title": item.title_in(language), "titles": titles,
            "url": absolute(item.get_absolute_url(language)), "updated_at": item.updated_at}
