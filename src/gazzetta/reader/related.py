"""The two lists under an article, read from what `relate` and ingest stored.

Pages never compute similarity; until a relation is stored for an article, "Empfohlen"
falls back to the latest articles of the edition, same section first (`_same_section`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from gazzetta.newsroom.models import Article, Relation

LIST_SIZE = 4


@dataclass(frozen=True)
class Teaser:
    headline: str
    lead: str
    url: str = ""
    language: str = ""


def recommended(article: Article) -> list[Teaser]:
    """Return up to four teasers for "Empfohlen": stored relations first, else same section."""
    stored = _stored(article)
    if stored:
        return stored[:LIST_SIZE]
    return [_teaser(other) for other in _same_section(article)]


def more_on_story(article: Article, limit: int = 6) -> list[Article]:
    """Other visible articles of the article's story, its own language first, newest first."""
    if article.story_id is None:
        return []
    others = Article.objects.visible().filter(story_id=article.story_id).exclude(pk=article.pk).for_lists()
    ordered = sorted(others[: limit * 3], key=lambda other: other.language != article.language)
    return ordered[:limit]


def _stored(article: Article) -> list[Teaser]:
    """Source teasers first (linked once their article arrived), then computed ones; one query."""
    relations = (
        Relation.objects.filter(article=article)
        .filter(Q(related__isnull=True) | _related_visible(timezone.now()))
        .select_related("related__section")
        .order_by("-kind", "rank")
    )
    return [_teaser(r.related) if r.related else Teaser(r.headline, r.lead) for r in relations]


def _related_visible(now) -> Q:
    """Article.objects.visible() as a condition on the joined row: an IN (subquery) would read every article."""
    return Q(related__status=Article.Status.PUBLISHED, related__published_at__lte=now) & (
        Q(related__embargo_until__isnull=True) | Q(related__embargo_until__lte=now))


def _same_section(article: Article) -> list[Article]:
    """The edition's latest articles outside the article's story, its own section first."""
    candidates = Article.objects.visible().in_edition(article.language).exclude(pk=article.pk)
    if article.story_id:
        candidates = candidates.exclude(story_id=article.story_id)
    latest = list(candidates.select_related("section").order_by("-published_at")[:LIST_SIZE * 5])
    latest.sort(key=lambda other: other.section_id != article.section_id)
    return latest[:LIST_SIZE]


def _teaser(other: Article) -> Teaser:
    return Teaser(other.headline, other.lead, other.get_absolute_url(), other.language)
