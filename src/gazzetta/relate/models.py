"""What relate keeps between runs: each article's features and the state every process shares."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gazzetta.newsroom.models import Article, Story


class ArticleFeatures(models.Model):
    """An article's features as relate computed them, and the story relate last put it in.

    `story` differs from the article's own story exactly when someone else (an editor, the
    demo, an import) placed the article: the engine then treats that placement as a pin.
    `changed_at` lets every process catch up with changes made by the others.
    """

    article = models.OneToOneField(Article, primary_key=True, on_delete=models.CASCADE,
                                   related_name="relate_features")
    language = models.CharField(_("language"), max_length=12)
    published_at = models.DateTimeField(_("published"), db_index=True)
    data = models.JSONField(_("features"))
    story = models.ForeignKey(Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(_("changed"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("article features")
        verbose_name_plural = _("article features")

    def __str__(self) -> str:
        return f"features of {self.article_id}"


def new_token() -> str:
    return uuid.uuid4().hex


class RelateState(models.Model):
    """One row: a token that changes when the stored stories and lists are rebuilt.

    A process whose in-memory index was loaded under another token reloads it.
    """

    token = models.CharField(max_length=32, default=new_token)
    rebuilt_at = models.DateTimeField(null=True, blank=True)

    SINGLETON = 1

    @classmethod
    def current_token(cls) -> str:
        """Return the shared token, creating the row on first use."""
        state, _created = cls.objects.get_or_create(pk=cls.SINGLETON)
        return state.token

    @classmethod
    def renew(cls) -> str:
        """Give the state a new token (after a rebuild) and return it."""
        token = new_token()
        cls.objects.update_or_create(pk=cls.SINGLETON, defaults={"token": token, "rebuilt_at": timezone.now()})
        return token
