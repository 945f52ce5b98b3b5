"""Editors' decisions about stories, which the engine respects afterwards (a rebuild too).

An editor's placement is recorded on the article (`story_pinned`): the engine never moves a
pinned article, and a rebuild puts it back where the editor put it. Merging two stories pins
every article of both to the surviving story, so a rebuild cannot split them again; the
merged story points at the survivor (`merged_into`), so its address redirects there.
Every article involved is announced as updated, so lists, search and cached pages follow.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction

from gazzetta.newsroom.models import Article, Story
from gazzetta.newsroom.signals import article_changed
from gazzetta.relate.models import ArticleFeatures


class EditorialError(ValueError):
    """An editor's request that cannot be carried out."""


def move_article(article: Article, story: Story | None) -> None:
    """Put an article into an editor's story (None: into no story) and keep it there."""
    article.story = follow_merges(story) if story is not None else None
    article.story_pinned = True
    article.save(update_fields=["story", "story_pinned", "modified_at"])
    announce([article.pk])


def merge_stories(source: Story, target: Story) -> Story:
    """Merge `source` into `target` (following earlier merges); return the surviving story."""
    source, target = follow_merges(source), follow_merges(target)
    if source.pk == target.pk:
        raise EditorialError("relate: editorial: a story cannot be merged into itself")
    with transaction.atomic():
        Article.objects.filter(story=source).update(story=target)
        Article.objects.filter(story=target).update(story_pinned=True)
        Story.objects.filter(merged_into=source).update(merged_into=target)
        source.merged_into = target
        source.save(update_fields=["merged_into"])
        take_over_titles(target, source)
        announce(list(Article.objects.filter(story=target).values_list("pk", flat=True)))
    return target


def merge_all(stories: list[Story]) -> Story:
    """Merge several stories into the one with the most articles (the oldest on a tie)."""
    distinct = {follow_merges(story).pk: follow_merges(story) for story in stories}
    if len(distinct) < 2:
        raise EditorialError("relate: editorial: choose at least two different stories to merge")
    ranked = sorted(distinct.values(), key=lambda s: (-s.articles.count(), s.created_at, s.pk))
    for story in ranked[1:]:
        merge_stories(story, ranked[0])
    return ranked[0]


def release(articles: list[Article]) -> int:
    """Drop the editor's pin: the article stays for now, and a rebuild may place it anew."""
    pinned = [article.pk for article in articles if article.story_pinned]
    with transaction.atomic():
        Article.objects.filter(pk__in=pinned).update(story_pinned=False)
        for article in articles:  # relate's own record now agrees, so no pin is inferred again
            ArticleFeatures.objects.filter(pk=article.pk).update(story=article.story_id)
        announce(pinned)
    return len(pinned)


def follow_merges(story: Story) -> Story:
    """Return the story a merged story now lives on in (itself when not merged)."""
    seen = {story.pk}
    while story.merged_into_id is not None and story.merged_into_id not in seen:
        seen.add(story.merged_into_id)
        story = story.merged_into
    return story


def take_over_titles(target: Story, source: Story) -> None:
    """Give the survivor the merged story's titles in languages it has none in, and its latest time."""
    target.titles = {**source.titles, **{k: v for k, v in target.titles.items() if v}}
    target.updated_at = max(target.updated_at, source.updated_at)
    target.save(update_fields=["titles", "updated_at"])


def announce(article_ids: list[int]) -> None:
    """Tell relate, search and caches after the commit that these articles changed."""
    for article_id in article_ids:
        transaction.on_commit(partial(article_changed.send, sender=Article, article_id=article_id,
                                      change="updated"))
