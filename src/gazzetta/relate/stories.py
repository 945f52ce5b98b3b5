"""Online story clustering: each arriving article joins the best story or starts one.

This is the news-stream setting of Miranda et al. (EMNLP 2018): articles are taken in
arrival order, compared with the centroids of the stories that are still open (seen within
STORY_WINDOW_HOURS), and join the best one when the text part of their similarity (content,
headline, entities) reaches STORY_THRESHOLD. Time only opens and closes the window, and
shared subjects do not count: two sports results of one afternoon are not one story.
Candidate stories are found through the index (the stories of the articles most similar to
the new one), so the cost does not grow with the number of stories.

Editors have the last word: an article pinned to a story stays there, and stories merged
by an editor stay merged (the merged id is an alias of the surviving one).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from gazzetta.relate.features import Features
from gazzetta.relate.index import RelateIndex
from gazzetta.relate.similarity import similarity, text_score

STORY_THRESHOLD = 0.35  # WikiRef220 dev and generated stories, see docs/decisions/relate.md
STORY_WINDOW_HOURS = 7 * 24
STORY_CANDIDATES = 20  # similar articles whose stories are considered
CENTROID_TERMS = 150  # an article keeps 200; a story's mean needs fewer to be recognised
CENTROID_HEADLINE = 40
CENTROID_ENTITIES = 60


@dataclass
class Story:
    """A cluster of articles about one event, summarised by summed features."""

    id: int
    language: str = ""
    size: int = 0
    last_published: float | None = None
    terms: Counter = field(default_factory=Counter)
    headline: Counter = field(default_factory=Counter)
    entities: Counter = field(default_factory=Counter)
    subjects: Counter = field(default_factory=Counter)
    _centroid: Features | None = None

    def absorb(self, features: Features) -> None:
        """Add an article's features to the sums."""
        self.language = self.language or features.language
        self.size += 1
        self.terms.update(features.terms)
        self.headline.update(features.headline)
        self.entities.update(features.entities)
        self.subjects.update(features.subjects)
        self.last_published = latest(self.last_published, features.published)
        self._centroid = None

    def release(self, features: Features) -> None:
        """Take an article's features out of the sums (it moved, changed or left)."""
        self.size -= 1
        for sums, weights in zip((self.terms, self.headline, self.entities),
                                 (features.terms, features.headline, features.entities)):
            sums.subtract(weights)
            drop_empty(sums)
        self.subjects.subtract(features.subjects)
        drop_empty(self.subjects)
        self._centroid = None

    def merge(self, other: Story) -> None:
        """Take over the articles summarised by another story."""
        self.size += other.size
        for mine, theirs in self._sums_with(other):
            mine.update(theirs)
        self.last_published = latest(self.last_published, other.last_published)
        self._centroid = None

    def _sums_with(self, other: Story):
        """Pair each of this story's sums with the other's."""
        return zip((self.terms, self.headline, self.entities, self.subjects),
                   (other.terms, other.headline, other.entities, other.subjects))

    def centroid(self) -> Features:
        """Return the mean features of the story's articles, strongest keys only."""
        if self._centroid is None:
            self._centroid = Features(
                language=self.language,
                terms=mean_of(self.terms, self.size, CENTROID_TERMS),
                entities=mean_of(self.entities, self.size, CENTROID_ENTITIES),
                headline=mean_of(self.headline, self.size, CENTROID_HEADLINE),
                subjects=frozenset(s for s, n in self.subjects.items() if 2 * n >= self.size),
                published=self.last_published,
            )
        return self._centroid


def mean_of(sums: Counter, size: int, limit: int) -> dict[str, float]:
    """Return the `limit` largest sums divided by the story size (ties: first counted first).

    numpy's stable sort orders as Counter.most_common does, at a fraction of its cost.
    """
    keys = list(sums)
    totals = np.fromiter(sums.values(), dtype=np.float64, count=len(keys))
    top = np.argsort(-totals, kind="stable")[:limit]
    return dict(zip(map(keys.__getitem__, top.tolist()), (totals[top] / size).tolist()))


def drop_empty(sums: Counter) -> None:
    """Remove keys whose sum fell to (about) zero, so centroids keep only live keys."""
    for key in [key for key, total in sums.items() if total < 1e-6]:
        del sums[key]


def latest(a: float | None, b: float | None) -> float | None:
    """Return the later of two optional times."""
    return b if a is None else a if b is None else max(a, b)


class StoryClusterer:
    """Assigns articles to stories in arrival order, honouring editors' decisions."""

    def __init__(
        self, index: RelateIndex, *, threshold: float = STORY_THRESHOLD,
        window_hours: float = STORY_WINDOW_HOURS, pinned: Mapping[int, int] | None = None,
        aliases: Mapping[int, int] | None = None, next_story_id: int = 1,
    ) -> None:
        self.index = index
        self.threshold = threshold
        self.window_seconds = window_hours * 3600
        self.pinned = dict(pinned or {})
        self.aliases = dict(aliases or {})
        self.stories: dict[int, Story] = {}
        self._story_of: dict[int, int] = {}
        self._next_id = next_story_id

    def story_of(self, article_id: int) -> int | None:
        """Return the story an article belongs to (after editors' merges)."""
        story_id = self._story_of.get(article_id)
        return None if story_id is None else self.resolve(story_id)

    def resolve(self, story_id: int) -> int:
        """Follow merge aliases to the surviving story id."""
        seen = set()
        while story_id in self.aliases and story_id not in seen:
            seen.add(story_id)
            story_id = self.aliases[story_id]
        return story_id

    def assign(self, article_id: int, features: Features) -> int:
        """Put an arriving article into a story and return the story id."""
        story_id = self._pinned_story(article_id)
        if story_id is None:
            story_id = self.best_story(article_id, features)
        if story_id is None:
            story_id = self._new_story_id()
        self.join(article_id, story_id, features)
        return story_id

    def _pinned_story(self, article_id: int) -> int | None:
        """Return the editor's story for an article, if any."""
        pinned = self.pinned.get(article_id)
        return None if pinned is None else self.resolve(pinned)

    def best_story(self, article_id: int, features: Features) -> int | None:
        """Return the open story most similar to the article, if similar enough."""
        scored = self.score_stories(article_id, features)
        best = max(scored, key=scored.get, default=None)
        return best if best is not None and scored[best] >= self.threshold else None

    def score_stories(self, article_id: int, features: Features) -> dict[int, float]:
        """Score the article against the centroids of the open candidate stories."""
        return {
            story_id: text_score(similarity(features, self.stories[story_id].centroid(), self.index.idf,
                                            explain=False))
            for story_id in self._candidate_stories(article_id, features)
        }

    def _candidate_stories(self, article_id: int, features: Features) -> set[int]:
        """Return the stories of the most similar articles published within the window (either side)."""
        between = None if features.published is None else (
            features.published - self.window_seconds, features.published + self.window_seconds)
        found = self.index.candidates(features, STORY_CANDIDATES, exclude=[article_id],
                                      between=between)
        stories = {self.story_of(other) for other, _ in found}
        return {s for s in stories if s in self.stories}

    def join(self, article_id: int, story_id: int, features: Features) -> None:
        """Record membership and fold the article into the story's centroid."""
        self._story_of[article_id] = story_id
        self.stories.setdefault(story_id, Story(story_id)).absorb(features)
        self._next_id = max(self._next_id, story_id + 1)

    def leave(self, article_id: int, features: Features) -> None:
        """Take an article (with the features it joined with) out of its story."""
        story_id = self._story_of.pop(article_id, None)
        story = self.stories.get(story_id)
        if story is None:
            return
        story.release(features)
        if story.size <= 0:
            del self.stories[story_id]

    def place(self, article_id: int, story_id: int | None, features: Features,
              previous: Features | None = None) -> None:
        """Put an article in a story (or none), replacing where and how it was before."""
        if previous is not None:
            self.leave(article_id, previous)
        if story_id is not None:
            self.join(article_id, story_id, features)

    def _new_story_id(self) -> int:
        """Return a story id not used yet."""
        story_id = self._next_id
        self._next_id += 1
        return story_id

    def merge(self, source: int, target: int) -> None:
        """Merge story `source` into `target`, as an editor decided."""
        source, target = self.resolve(source), self.resolve(target)
        if source == target:
            return
        self.aliases[source] = target
        absorbed = self.stories.pop(source, None)
        if absorbed is not None:
            self.stories.setdefault(target, Story(target)).merge(absorbed)


def cluster_in_order(clusterer: StoryClusterer, items: Iterable[tuple[int, Features]]):
    """Index and cluster articles in the given (arrival) order; return id → story id."""
    order = []
    for article_id, features in items:
        clusterer.assign(article_id, features)
        clusterer.index.add(article_id, features)
        order.append(article_id)
    return {article_id: clusterer.story_of(article_id) for article_id in order}
