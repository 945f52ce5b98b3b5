"""Relate's background work: named functions the embedded default runs in-process.

The article_changed receiver only hands the change to one of these; at scale a worker runs
the same functions. A failure is logged and never reaches the sender (ingest, the admin):
the article is stored either way, and the next change or a rebuild relates it.
"""

from __future__ import annotations

import logging

from gazzetta.newsroom.models import Article
from gazzetta.relate import engine

log = logging.getLogger(__name__)

RELATE_CHANGES = ("created", "updated")
FORGET_CHANGES = ("withdrawn", "deleted")


def relate_article(article_id: int) -> None:
    """Store a published article's features, story and list; forget any other article."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None or article.status != Article.Status.PUBLISHED:
        forget_article(article_id)
        return
    with engine.current() as current:
        current.relate(article)


def forget_article(article_id: int) -> None:
    """Take an article out of every list and out of the index."""
    with engine.current() as current:
        current.forget(article_id)


def on_article_changed(sender, article_id: int, change: str, **kwargs) -> None:
    """Hand an article change to the task that keeps stories and lists current."""
    try:
        if change in RELATE_CHANGES:
            relate_article(article_id)
        elif change in FORGET_CHANGES:
            forget_article(article_id)
    except Exception:
        log.exception("relate: article %s (%s) could not be related", article_id, change)
