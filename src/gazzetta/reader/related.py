"""The two lists under an article, read from what `relate` and ingest stored.

Pages never compute similarity; until a relation is stored for an article, "Empfohlen"
falls back to the latest articles of the edition, same section first (`_same_section`).
The article page reads both lists through prepared queries (`gazzetta.reader.prepared`)
of the few columns a teaser shows, as plain rows rather than model instances; section names
come from `gazzetta.reader.sections`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, Value, When
from django.utils import timezone

from gazzetta.newsroom.models import Article, Relation, Section, article_path
from gazzetta.reader import sections as reader_sections
from gazzetta.reader.prepared import PreparedQuery

LIST_SIZE = 4
STORY_LIST_SIZE = 6
STORY_CANDIDATES = STORY_LIST_SIZE * 3
SAME_SECTION_CANDIDATES = LIST_SIZE * 5
NO_STORY = 0  # an id no story has: "outside the story" then excludes nothing
# What a teaser shows (reader/_teasers.html, on every list of articles); the section gives the URL.
TEASER_FIELDS = ("language", "slug", "headline", "lead", "published_at", "agency", "section")


@dataclass(frozen=True)
class Teaser:
    headline: str
    lead: str
    url: str = ""
    language: str = ""
    article_id: int | None = None


@dataclass(frozen=True, slots=True)
class Listed:
    """An article of a teaser list (TEASER_FIELDS), read as a row: what reader/_teasers.html shows of it."""
    pk: int
    language: str
    slug: str
    headline: str
    lead: str
    published_at: datetime.datetime
    agency: str
    section: Section | None

    def get_absolute_url(self) -> str:
        return article_path(self.pk, self.language, self.section, self.slug)


# Of the story's newest STORY_CANDIDATES other articles, those in the article's language first, newest first.
STORY_OTHERS = PreparedQuery(
    lambda story, article, language, now: Article.objects.filter(pk__in=Article.objects.visible(now)
    .filter(story_id=story).exclude(pk=article).order_by("-published_at", "-pk").values("pk")[:STORY_CANDIDATES])
    .alias(elsewhere=Case(When(language=language, then=Value(0)), default=Value(1)))
    .only(*TEASER_FIELDS).order_by("elsewhere", "-published_at", "-pk")[:STORY_LIST_SIZE],
    story=int, article=int, language=str, now=datetime.datetime)
STORED_RELATIONS = PreparedQuery(
    lambda article: Relation.objects.filter(article_id=article).only("related", "headline", "lead")
    .order_by("-kind", "rank"),
    article=int)
# Article.objects.visible() decides what may be linked; an IN over the article's few relations reads no more.
RELATED_VISIBLE = PreparedQuery(
    lambda article, now: Article.objects.visible(now)
    .filter(pk__in=Relation.objects.filter(article_id=article).values("related_id")).only(*TEASER_FIELDS),
    article=int, now=datetime.datetime)
LATEST_OUTSIDE_STORY = PreparedQuery(
    lambda language, article, story, now: Article.objects.visible(now).in_edition(language).exclude(pk=article)
    .exclude(story_id=story).only(*TEASER_FIELDS).order_by("-published_at", "-pk")[:SAME_SECTION_CANDIDATES],
    language=str, article=int, story=int, now=datetime.datetime)


def recommended(article: Article, sections: reader_sections.Sections | None = None) -> list[Teaser]:
    """Return up to four teasers for "Empfohlen": stored relations first, else same section."""
    sections = sections or reader_sections.current()
    now = timezone.now()
    stored = _stored(article, sections, now)
    if stored:
        return stored[:LIST_SIZE]
    return [_teaser(other) for other in _same_section(article, sections, now)]


def story_teasers(article: Article, sections: reader_sections.Sections | None = None) -> list[Listed]:
    """Other visible articles of the article's story, its own language first, newest first."""
    if article.story_id is None:
        return []
    others = STORY_OTHERS.values(story=article.story_id, article=article.pk, language=article.language,
                                 now=timezone.now())
    return _listed(others, sections or reader_sections.current())


def more_on_story(article: Article) -> list[Article]:
    """`story_teasers` as whole articles with sources and images, for the API and the desk."""
    chosen = [other.pk for other in story_teasers(article)]
    loaded = Article.objects.filter(pk__in=chosen).for_lists().in_bulk()
    return [loaded[pk] for pk in chosen if pk in loaded]


def _stored(article: Article, sections: reader_sections.Sections, now) -> list[Teaser]:
    """Source teasers first (linked once their article arrived), then computed ones; linked ones must be visible."""
    relations = STORED_RELATIONS.values(article=article.pk)
    linked = {}
    if any(relation["related_id"] for relation in relations):
        linked = {other.pk: other for other in _listed(RELATED_VISIBLE.values(article=article.pk, now=now), sections)}
    return [_teaser(linked[relation["related_id"]]) if relation["related_id"]
            else Teaser(relation["headline"], relation["lead"])
            for relation in relations if relation["related_id"] is None or relation["related_id"] in linked]


def _same_section(article: Article, sections: reader_sections.Sections, now) -> list[Listed]:
    """The edition's latest articles outside the article's story, its own section first."""
    latest = LATEST_OUTSIDE_STORY.values(language=article.language, article=article.pk,
                                         story=article.story_id or NO_STORY, now=now)
    latest.sort(key=lambda other: other["section_id"] != article.section_id)
    return _listed(latest[:LIST_SIZE], sections)


def _listed(rows: list[dict], sections: reader_sections.Sections) -> list[Listed]:
    """Teaser rows with their sections from `sections`, so their URLs need no query."""
    return [Listed(row["id"], row["language"], row["slug"], row["headline"], row["lead"], row["published_at"],
                   row["agency"], sections.get(row["section_id"])) for row in rows]


def _teaser(other: Listed) -> Teaser:
    return Teaser(other.headline, other.lead, other.get_absolute_url(), other.language, other.pk)
