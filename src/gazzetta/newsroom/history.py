"""Recording an article's state before a change; editors (desk) and ingest share this one record.

An ArticleVersion row holds the state an article had *before* a change: `recorded_by` made the
change (empty means ingest) and the difference to the next newer state is what it did.
"""

from __future__ import annotations

from django.db.models import Model
from django.forms.models import model_to_dict

from gazzetta.newsroom.models import Article, ArticleVersion


def snapshot(article: Article) -> dict:
    """Return the article's fields as JSON-ready values (foreign keys as ids, times in ISO 8601)."""
    return {name: _jsonable(value) for name, value in model_to_dict(article, exclude=["id"]).items()}


def _jsonable(value):
    if isinstance(value, Model):
        return value.pk
    return value.isoformat() if hasattr(value, "isoformat") else value


def keep(article: Article, *, by: str, note: str) -> ArticleVersion:
    """Record `article` as it is, before `by` changes it; the caller saves the change afterwards."""
    return ArticleVersion.objects.create(
        article_id=article.pk, version=article.version, version_created_at=article.version_created_at,
        headline=article.headline, lead=article.lead, body_html=article.body_html, snapshot=snapshot(article),
        recorded_by=by, note=note[:500],
    )
