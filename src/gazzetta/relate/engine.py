"""The relate core wired to the newsroom: stored features, stories and "Empfohlen" lists.

Each process that handles article changes (the ingest command, a web worker serving the push
API or the admin) keeps one index and story clusterer in memory, loaded lazily from the
stored features of published articles. Before each change it catches up with what other
processes stored since (ArticleFeatures.changed_at) and reloads everything when a rebuild
renewed the shared token. Pages only read what is stored here: Story rows, Article.story and
Relation(kind="recommended").

Stored lists hold two spare picks (STORED_PICKS) beyond the four a page shows, so that a pick
still under embargo (the reader hides it until then) or just withdrawn never leaves a list short.
"""

from __future__ import annotations

import html
import logging
import re
import threading
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gazzetta.newsroom.models import Article, Relation, Story
from gazzetta.relate.features import FORMAT_VERSION, Features, build_features
from gazzetta.relate.index import RelateIndex
from gazzetta.relate.models import ArticleFeatures, RelateState
from gazzetta.relate.recommend import STORED_PICKS, Recommendation, neighbours_to_refresh, recommend
from gazzetta.relate.stories import StoryClusterer

REFILL_LIMIT = 20  # lists recomputed after a withdrawal, at most (the spares cover the rest)
CATCH_UP_OVERLAP = timedelta(seconds=5)  # rows committed slightly out of time order
PUBLISHED = Article.Status.PUBLISHED
log = logging.getLogger(__name__)
PARAGRAPH_END = re.compile(r"</(p|h[1-6]|li|blockquote|figcaption)>|<br\s*/?>", re.IGNORECASE)
TAG = re.compile(r"<[^>]*>")


# --- what relate reads from an article -----------------------------------------------------

def features_of(article: Article) -> Features:
    """Compute an article's features from its stored text."""
    return build_features(*feature_inputs(article))


def feature_inputs(article: Article) -> tuple:
    """Return build_features' arguments: language, headline, lead, body text, subjects, time."""
    return (article.language, article.headline, article.lead, body_text(article.body_html),
            subject_keys(article.subjects), article.published_at)


def body_text(markup: str) -> str:
    """Return the text of sanitised HTML, one paragraph per line (lines open sentences)."""
    return html.unescape(TAG.sub(" ", PARAGRAPH_END.sub("\n", markup or "")))


def subject_keys(subjects) -> list[str]:
    """Return subject codes (or names) from the stored list of dicts or strings."""
    keys = (s.get("code") or s.get("name") if isinstance(s, dict) else s for s in subjects or ())
    return [str(key) for key in keys if key]


# --- the process's engine ------------------------------------------------------------------

_engine: Engine | None = None
_lock = threading.RLock()


@contextmanager
def current():
    """Hold the process's engine, loaded and caught up with the database, for one change."""
    global _engine
    with _lock:
        if _engine is None:
            _engine = Engine()
        _engine.catch_up()
        yield _engine


def replace(engine: Engine | None) -> None:
    """Install an engine built elsewhere (a rebuild), or None to load afresh on next use."""
    global _engine
    with _lock:
        _engine = engine


class Engine:
    """One process's index and clusterer, and the changes that keep stored results current."""

    def __init__(self, index: RelateIndex | None = None, clusterer: StoryClusterer | None = None,
                 token: str | None = None) -> None:
        self.index = index or RelateIndex()
        self.clusterer = clusterer or StoryClusterer(self.index)
        self.token = token
        self.mark: datetime | None = None  # the latest changed_at applied
        self.applied: dict[int, datetime] = {}

    # loading and catching up

    def catch_up(self) -> None:
        """Reload after a rebuild (or on first use), else apply what other processes stored."""
        token = RelateState.current_token()
        if token != self.token:
            self.load(token)
        else:
            self.apply_changes()

    def load(self, token: str) -> None:
        """Build the index and stories from the stored features of published articles."""
        mark = ArticleFeatures.objects.aggregate(latest=Max("changed_at"))["latest"]
        rows = list(ArticleFeatures.objects.filter(article__status=PUBLISHED)
                    .order_by("published_at", "article_id")
                    .values_list("article_id", "data", "article__story_id", "changed_at"))
        items = [(article_id, Features.from_dict(data)) for article_id, data, _, _ in rows]
        warn_if_outdated(data for _, data, _, _ in rows)
        self.index = RelateIndex.build(items)
        self.clusterer = StoryClusterer(self.index, aliases=merged_aliases())
        for (article_id, features), (_, _, story_id, _) in zip(items, rows):
            if story_id is not None:
                self.clusterer.join(article_id, story_id, features)
        self.token, self.mark = token, mark
        self.applied = {row[0]: row[3] for row in rows}

    def apply_changes(self) -> None:
        """Apply the features rows other processes changed since the last look."""
        if self.mark is None:
            changed = ArticleFeatures.objects.all()
        else:
            changed = ArticleFeatures.objects.filter(changed_at__gte=self.mark - CATCH_UP_OVERLAP)
        rows = changed.values_list("article_id", "data", "article__story_id", "article__status", "changed_at")
        for article_id, data, story_id, status, changed_at in rows:
            if self.applied.get(article_id) != changed_at:
                self._apply_row(article_id, data, story_id, status)
                self.note_applied(article_id, changed_at)

    def _apply_row(self, article_id: int, data: dict, story_id: int | None, status: str) -> None:
        if status == PUBLISHED:
            self.put(article_id, Features.from_dict(data), story_id)
        else:
            self.drop(article_id)

    def note_applied(self, article_id: int, changed_at: datetime) -> None:
        self.applied[article_id] = changed_at
        self.mark = changed_at if self.mark is None else max(self.mark, changed_at)

    # the in-memory state

    def put(self, article_id: int, features: Features, story_id: int | None) -> None:
        """Index an article (again) and place it in its story."""
        previous = self.index.features(article_id) if article_id in self.index else None
        self.index.add(article_id, features)
        self.clusterer.place(article_id, story_id, features, previous)

    def drop(self, article_id: int) -> None:
        """Take an article out of the index and its story's centroid."""
        if article_id in self.index:
            self.clusterer.leave(article_id, self.index.features(article_id))
            self.index.remove(article_id)

    def story_of(self, article_id: int) -> int | None:
        return self.clusterer.story_of(article_id)

    # an article arrives or changes

    def relate(self, article: Article) -> None:
        """Store an article's features, story and list; refresh the lists it now belongs in."""
        features = features_of(article)
        stored = ArticleFeatures.objects.filter(pk=article.pk).first()
        story_id = self.choose_story(article, stored, features)
        self.put(article.pk, features, story_id)
        self._store_features(article, features, story_id)
        if story_id is not None:
            note_in_story(story_id, article)
        self.store_list(article.pk)
        self.refresh_neighbours(article.pk)

    def choose_story(self, article: Article, stored: ArticleFeatures | None, features: Features) -> int | None:
        """Keep an editor's or an earlier choice (an update keeps its story), else assign one."""
        if not article.story_pinned and placed_by_someone_else(article, stored):
            pin(article)
        if article.story_pinned or article.story_id is not None:
            return article.story_id
        return self.assign_story(article, features)

    def assign_story(self, article: Article, features: Features) -> int:
        """Put a new article into the most similar open story, or start a story with it."""
        best = self.clusterer.best_story(article.pk, features)
        if best is None or not Story.objects.filter(pk=best, merged_into__isnull=True).exists():
            best = new_story(article).pk
        Article.objects.filter(pk=article.pk).update(story_id=best)
        article.story_id = best
        return best

    def _store_features(self, article: Article, features: Features, story_id: int | None) -> None:
        changed_at = timezone.now()
        ArticleFeatures.objects.update_or_create(article_id=article.pk, defaults={
            "language": features.language, "published_at": article.published_at,
            "data": features.to_dict(), "story_id": story_id, "changed_at": changed_at})
        self.note_applied(article.pk, changed_at)

    # the stored lists

    def store_list(self, article_id: int) -> list[Recommendation]:
        """Compute an article's picks and store them in place of the old ones."""
        picks = self.confirmed_picks(article_id)
        replace_relations(article_id, [(p.article_id, p.relevance, p.reasons()) for p in picks])
        return picks

    def picks(self, article_id: int) -> list[Recommendation]:
        """Return an indexed article's picks as the core ranks them, spares included."""
        return recommend(article_id, self.index.features(article_id), self.index,
                         story_of=self.story_of, count=STORED_PICKS)

    def confirmed_picks(self, article_id: int) -> list[Recommendation]:
        """Return picks the database confirms as published (other processes may lag)."""
        while True:
            picks = self.picks(article_id)
            gone = {p.article_id for p in picks} - published_ids(p.article_id for p in picks)
            if not gone:
                return picks
            for other in gone:  # each round drops at least one article: the loop ends
                self.drop(other)

    def refresh_neighbours(self, article_id: int) -> list[int]:
        """Recompute the lists of the nearest articles that the article now belongs in."""
        due = neighbours_to_refresh(article_id, self.index, self.story_of, stored_lists)
        for holder in due:
            self.store_list(holder)
        invalidate_pages(due)
        return due

    # an article leaves

    def forget(self, article_id: int) -> list[int]:
        """Remove a withdrawn or deleted article from every list at once; refill the lists."""
        holders = remove_from_lists(article_id)
        changed_at = timezone.now()
        ArticleFeatures.objects.filter(pk=article_id).update(changed_at=changed_at)
        self.note_applied(article_id, changed_at)
        self.drop(article_id)
        for holder in holders[:REFILL_LIMIT]:
            if holder in self.index:
                self.store_list(holder)
        return holders


# --- database steps ------------------------------------------------------------------------

def warn_if_outdated(stored: Iterable[dict]) -> None:
    """Say so when stored features come from another features format: only a rebuild makes them comparable."""
    outdated = sum(1 for data in stored if data.get("v") != FORMAT_VERSION)
    if outdated:
        log.warning("relate: %d articles have features of an older format; run `gazzetta relate --rebuild`",
                    outdated)


def merged_aliases() -> dict[int, int]:
    return dict(Story.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into"))


def placed_by_someone_else(article: Article, stored: ArticleFeatures | None) -> bool:
    """Tell whether the article's story differs from the one relate last gave it."""
    return article.story_id != (stored.story_id if stored else None)


def pin(article: Article) -> None:
    """Record that the article's story is an editor's decision."""
    Article.objects.filter(pk=article.pk).update(story_pinned=True)
    article.story_pinned = True


def new_story(article: Article) -> Story:
    """Start a story with an article: its headline is the title, its time the story's."""
    return Story.objects.create(title=article.headline[:300], titles={article.language: article.headline[:300]},
                                language=article.language, created_at=article.published_at,
                                updated_at=article.published_at)


def note_in_story(story_id: int, article: Article) -> None:
    """Give the story a title in the article's language if it has none, and its newest time."""
    story = Story.objects.filter(pk=story_id).first()
    if story is None:
        return
    fields = []
    if not story.titles.get(article.language):
        story.titles = {**story.titles, article.language: article.headline[:300]}
        fields.append("titles")
    if story.updated_at < article.published_at:
        story.updated_at = article.published_at
        fields.append("updated_at")
    if fields:
        story.save(update_fields=fields)


def published_ids(ids: Iterable[int]) -> set[int]:
    return set(Article.objects.filter(pk__in=list(ids), status=PUBLISHED).values_list("pk", flat=True))


def replace_relations(article_id: int, picks: list[tuple[int, float, dict]]) -> None:
    """Store an article's computed list (rank 0 first) in place of the old one."""
    with transaction.atomic():
        Relation.objects.filter(article_id=article_id, kind=Relation.Kind.RECOMMENDED).delete()
        Relation.objects.bulk_create(relation_rows(article_id, picks))


def relation_rows(article_id: int, picks: list[tuple[int, float, dict]]) -> list[Relation]:
    return [Relation(article_id=article_id, related_id=related, kind=Relation.Kind.RECOMMENDED, rank=rank,
                     score=stored_score(relevance), reasons=reasons)
            for rank, (related, relevance, reasons) in enumerate(picks)]


def stored_score(relevance: float) -> float:
    """Return a pick's relevance as it is stored (four decimals are plenty to rank and read)."""
    return round(relevance, 4)


def stored_lists(article_ids: list[int]) -> dict[int, list[tuple[int, float, bool]]]:
    """Return each article's stored picks as (related id, score, other language)."""
    lists: dict[int, list] = {}
    rows = Relation.objects.filter(article_id__in=article_ids, kind=Relation.Kind.RECOMMENDED)
    for article_id, related, score, reasons in rows.values_list("article_id", "related_id", "score", "reasons"):
        lists.setdefault(article_id, []).append((related, score, bool(reasons.get("other_language"))))
    return lists


def remove_from_lists(article_id: int) -> list[int]:
    """Delete every relation pointing at the article in one statement; return whose lists changed."""
    relations = Relation.objects.filter(related_id=article_id)
    holders = sorted(set(relations.values_list("article_id", flat=True)), reverse=True)
    relations.delete()
    invalidate_pages(holders)
    return holders


def invalidate_pages(article_ids: list[int]) -> None:
    """Drop cached pages of articles whose lists changed (the page cache reads relations later)."""
    from django.apps import apps

    if article_ids and apps.is_installed("gazzetta.server"):
        from gazzetta.server import pagecache

        pagecache.invalidate({pagecache.article_tag(pk) for pk in article_ids})
