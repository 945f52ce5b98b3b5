"""The search index's background work: named functions that the embedded default runs in-process."""

from __future__ import annotations

from gazzetta.newsroom.models import Article
from gazzetta.search.backends import get_search_backend

INDEX_CHANGES = ("created", "updated")
REMOVE_CHANGES = ("withdrawn", "deleted")


def index_article(article_id: int) -> None:
    """Put a published article (embargoed ones too: queries hide them) in the index, or take it out."""
    article = Article.objects.filter(pk=article_id, status=Article.Status.PUBLISHED).first()
    if article is None:
        remove_article(article_id)
    else:
        get_search_backend().index([article])


def remove_article(article_id: int) -> None:
    """Take an article out of the index."""
    get_search_backend().remove(article_id)


def on_article_changed(sender, article_id: int, change: str, **kwargs) -> None:
    """Hand an article change to the task that keeps the index current."""
    if change in INDEX_CHANGES:
        index_article(article_id)
    elif change in REMOVE_CHANGES:
        remove_article(article_id)
