"""What editors do to articles: publish, withdraw, correct, feature, pin, move to a story.

Each verb keeps the state before the change in the history (with who made it and a note in
plain English: history is a record, like the wire's own notes, not interface text), saves, and
announces the change after the transaction commits so that search, relate and caches follow.
Scheduled publication and embargoes need no verb: `Article.objects.visible()` already hides an
article until its publication time and the end of its embargo.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.utils import timezone

from gazzetta.desk import history
from gazzetta.newsroom.models import Article, Story
from gazzetta.newsroom.signals import article_changed
from gazzetta.relate import editorial

Status = Article.Status
# Fields readers see: changing one on a public article sets its update time (dateModified).
READER_TEXT = ("headline", "lead", "body_html", "correction_note")


def announce(article_id: int, change: str) -> None:
    """Tell search, relate and caches about the change once the transaction has committed."""
    transaction.on_commit(partial(article_changed.send, sender=Article, article_id=article_id, change=change))


def publication_state(article: Article, now=None) -> str:
    """One word for where the article stands: withdrawn, withheld, embargoed, scheduled or published."""
    now = now or timezone.now()
    if article.status != Status.PUBLISHED:
        return article.status
    if article.embargo_until and article.embargo_until > now:
        return "embargoed"
    return "scheduled" if article.published_at > now else "published"


def publish(article: Article, *, by: str, now=None) -> str:
    """Make the article public: now if it was held back, else at its scheduled time; return its state."""
    now = now or timezone.now()
    history.keep(article, by=by, note="published")
    if article.status == Status.WITHHELD and article.published_at <= now:
        article.published_at = now
    if article.status == Status.WITHDRAWN:
        article.updated_at, article.withdrawn_reason = now, ""
    article.status = Status.PUBLISHED
    article.save()
    announce(article.pk, "updated")
    return publication_state(article, now)


def withdraw(article: Article, *, reason: str, by: str, now=None) -> None:
    """Take the article off the site; its URL answers 410 with `reason`."""
    history.keep(article, by=by, note=f"withdrawn: {reason}")
    article.status, article.withdrawn_reason = Status.WITHDRAWN, reason
    article.updated_at = now or timezone.now()
    article.featured = article.pinned = False
    article.save()
    announce(article.pk, "withdrawn")


def feature(article: Article, *, by: str) -> None:
    """Make the article the top story of its edition's home page (the one featured before steps down)."""
    for other in Article.objects.filter(language=article.language, featured=True).exclude(pk=article.pk):
        set_flags(other, by=by, note="no longer featured", featured=False)
    set_flags(article, by=by, note="featured on the edition home", featured=True)


def pin(article: Article, *, by: str) -> None:
    """Put the article first on its section page in its edition (the one pinned before is unpinned)."""
    pinned = Article.objects.filter(language=article.language, section_id=article.section_id, pinned=True)
    for other in pinned.exclude(pk=article.pk):
        set_flags(other, by=by, note="no longer pinned", pinned=False)
    set_flags(article, by=by, note="pinned in its section", pinned=True)


def unfeature(article: Article, *, by: str) -> None:
    set_flags(article, by=by, note="feature and pin removed", featured=False, pinned=False)


def set_flags(article: Article, *, by: str, note: str, **flags: bool) -> None:
    if all(getattr(article, name) == value for name, value in flags.items()):
        return
    history.keep(article, by=by, note=note)
    for name, value in flags.items():
        setattr(article, name, value)
    article.save(update_fields=[*flags, "modified_at"])
    announce(article.pk, "updated")


def move_to_story(article: Article, story: Story | None, *, by: str) -> None:
    """Put the article in `story` (None: in none); relate keeps an editor's choice from then on."""
    if article.story_id == (story.pk if story else None) and article.story_pinned:
        return
    history.keep(article, by=by, note=f"moved to the story “{story or '—'}”")
    editorial.move_article(article, story)


def record_edit(before: Article, after: Article, *, by: str, now=None) -> bool:
    """Keep the state before an editor's save; a changed text on a public article sets its update time.

    Call it before `after` is saved; return whether anything changed.
    """
    changed = [item.field for item in history.differences(history.snapshot(before), history.snapshot(after))]
    if not changed:
        return False
    now = now or timezone.now()
    if publication_state(before, now) == "published" and set(changed) & set(READER_TEXT):
        after.updated_at = now
    history.keep(before, by=by, note=edit_note(after, changed))
    return True


def edit_note(article: Article, changed: list[str]) -> str:
    if "correction_note" in changed and article.correction_note:
        return f"correction: {article.correction_note}"
    return f"edited: {', '.join(changed)}"
