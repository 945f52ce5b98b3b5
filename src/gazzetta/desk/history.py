"""An article's history: its state before each change, who made the change and when, what changed.

An ArticleVersion row holds the state an article had *before* a change — ingest keeps the outgoing
wire version the same way — so each row is one change: `recorded_by` made it at `recorded_at`
(empty means ingest), and the difference between the row and the next newer state is what it did.
Restoring copies a row's text back and is itself a change, kept like any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import capfirst

from gazzetta.newsroom.history import keep, snapshot  # noqa: F401 (the desk's history verbs)
from gazzetta.newsroom.models import Article, ArticleVersion

INGEST = "ingest"
# What a restore brings back: the text and its placement, never the publishing state.
RESTORED_FIELDS = ("headline", "lead", "body_html", "authors", "siglum", "agency", "section", "subjects", "story",
                   "correction_note")
COMPARED_FIELDS = (*RESTORED_FIELDS, "language", "slug", "status", "published_at", "embargo_until",
                   "withdrawn_reason", "featured", "pinned", "story_pinned", "updated_at", "version")
WORD_DIFF_FIELDS = frozenset({"headline", "lead", "body_html", "correction_note", "withdrawn_reason"})
CONTEXT_WORDS = 8


@dataclass(frozen=True)
class Difference:
    """One field that a change altered; `words` is the word-level diff of a text field."""

    field: str
    label: str
    before: str
    after: str
    words: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Change:
    """One recorded change: who, when, why, and the fields it altered."""

    version: ArticleVersion
    differences: tuple[Difference, ...]

    @property
    def author(self) -> str:
        return self.version.recorded_by or INGEST


def timeline(article: Article) -> list[Change]:
    """Every recorded change of the article, newest first, each compared with the state it led to."""
    versions = list(article.versions.all())
    following = [snapshot(article)] + [version.snapshot for version in versions[:-1]]
    return [Change(version, tuple(differences(version.snapshot, after))) for version, after in zip(versions, following)]


def differences(before: dict, after: dict) -> list[Difference]:
    return [difference(name, before.get(name), after.get(name))
            for name in COMPARED_FIELDS if before.get(name) != after.get(name)]


def difference(name: str, before, after) -> Difference:
    old, new = shown(name, before), shown(name, after)
    words = word_diff(strip_tags(old), strip_tags(new)) if name in WORD_DIFF_FIELDS else ()
    return Difference(name, capfirst(Article._meta.get_field(name).verbose_name), old, new, words)


def shown(name: str, value) -> str:
    """A stored value as an editor reads it: related rows by name, lists joined, nothing as a dash."""
    if value in (None, "", []):
        return "—"
    field = Article._meta.get_field(name)
    if field.is_relation:
        return str(field.related_model.objects.filter(pk=value).first() or f"#{value}")
    if isinstance(value, list):
        return ", ".join(item.get("name") or item.get("code", "") if isinstance(item, dict) else str(item)
                         for item in value)
    return str(value)


def word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """Return (kind, words) runs — kind is equal, delete or insert — with long equal runs shortened."""
    a, b = old.split(), new.split()
    runs = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append(("equal", shortened(a[i1:i2])))
        if tag in ("delete", "replace"):
            runs.append(("delete", " ".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            runs.append(("insert", " ".join(b[j1:j2])))
    return tuple(runs)


def shortened(words: list[str]) -> str:
    if len(words) <= 3 * CONTEXT_WORDS:
        return " ".join(words)
    return " ".join(words[:CONTEXT_WORDS]) + " … " + " ".join(words[-CONTEXT_WORDS:])


def restore(article: Article, version: ArticleVersion, *, by: str, note: str) -> Article:
    """Bring back the text of `version` as a new change; the publishing state stays as it is."""
    keep(article, by=by, note=note)
    for name in RESTORED_FIELDS:
        if name in version.snapshot:
            set_from_snapshot(article, name, version.snapshot[name])
    article.updated_at = timezone.now()
    article.save()
    return article


def set_from_snapshot(article: Article, name: str, value) -> None:
    """Set one field from its stored value; a related row deleted since then becomes empty."""
    field = Article._meta.get_field(name)
    value = field.to_python(value)
    if field.is_relation and value is not None and not field.related_model.objects.filter(pk=value).exists():
        value = None
    setattr(article, field.attname, value)
