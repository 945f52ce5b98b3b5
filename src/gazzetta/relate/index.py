"""An in-memory inverted index over terms and entities, for fast candidate retrieval.

Relating one new article must not compare it with every stored article. The index keeps,
per term and per entity, the slots of the articles that contain it (in arrival order) and
their weights; a query scores only its strongest keys and reads only the most recent
MAX_SCAN postings of each, so its cost stays bounded however large the collection grows.
The approximate scores pick candidates; callers re-score the few best exactly.

Document frequencies are kept incrementally. Removal masks a slot (its postings stay until
the next rebuild) and lowers the frequencies at once.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterable

import numpy as np

from gazzetta.relate.features import Features
from gazzetta.relate.similarity import ENTITY_PREFIX, WEIGHTS

QUERY_TERMS = 16  # strongest query terms looked up (by weight × idf)
QUERY_ENTITIES = 8
MAX_SCAN = 2000  # most recent postings read per key
NO_TIME = math.nan
IDF_STALENESS = 0.01  # cached idf values are dropped once 1% of the collection changed


class RelateIndex:
    """Articles' features by integer id, with postings and document frequencies."""

    def __init__(self) -> None:
        self._slot_of: dict[int, int] = {}
        self._ids = array("q")
        self._alive = bytearray()
        self._times = array("d")
        self._norms = array("d")
        self._entity_norms = array("d")
        self._features: list[Features | None] = []
        self._postings: dict[str, tuple[array, array]] = {}
        self._df: Counter[str] = Counter()
        self._documents = 0
        self._idf_cache: dict[str, float] = {}
        self._changes_since_cache = 0
        self.generation = 0  # bumped when idf values change; keys cached norms

    @classmethod
    def build(cls, items: Iterable[tuple[int, Features]]) -> RelateIndex:
        """Build from stored features, counting frequencies first so all norms agree."""
        items = list(items)
        index = cls()
        for _, features in items:
            index._df.update(keys_of(features))
        index._documents = len(items)
        for article_id, features in items:
            index._append(article_id, features)
        return index

    def __len__(self) -> int:
        return len(self._slot_of)

    def __contains__(self, article_id: int) -> bool:
        return article_id in self._slot_of

    def features(self, article_id: int) -> Features:
        """Return the stored features of an article."""
        return self._features[self._slot_of[article_id]]

    def ids(self) -> list[int]:
        """Return the ids of all indexed articles."""
        return list(self._slot_of)

    def idf(self, key: str) -> float:
        """Return BM25's inverse document frequency of a term or prefixed entity."""
        cached = self._idf_cache.get(key)
        if cached is None:
            cached = self._idf_cache[key] = self._fresh_idf(key)
        return cached

    def _changed(self) -> None:
        """Count a change; drop cached idf values once enough of the collection changed."""
        self._changes_since_cache += 1
        if self._changes_since_cache > IDF_STALENESS * self._documents:
            self._idf_cache.clear()
            self._changes_since_cache = 0
            self.generation += 1
        self.generation = 0  # bumped when idf values change; keys cached norms

    def _fresh_idf(self, key: str) -> float:
        """Compute the idf from the current document frequency."""
        df = self._df.get(key, 0)
        return math.log(1 + (self._documents - df + 0.5) / (df + 0.5))

    def add(self, article_id: int, features: Features) -> None:
        """Index an article (replacing an earlier version with the same id)."""
        if article_id in self:
            self.remove(article_id)
        self._df.update(keys_of(features))
        self._documents += 1
        self._changed()
        self._append(article_id, features)

    def remove(self, article_id: int) -> None:
        """Drop an article, e.g. when it is withdrawn."""
        slot = self._slot_of.pop(article_id)
        self._df.subtract(keys_of(self._features[slot]))
        self._documents -= 1
        self._changed()
        self._alive[slot] = 0
        self._features[slot] = None

    def _append(self, article_id: int, features: Features) -> None:
        """Give an article the next slot and post its keys."""
        slot = len(self._ids)
        self._slot_of[article_id] = slot
        self._ids.append(article_id)
        self._alive.append(1)
        self._times.append(NO_TIME if features.published is None else features.published)
        self._features.append(features)
        self._norms.append(self._norm(features.terms, ""))
        self._entity_norms.append(self._norm(features.entities, ENTITY_PREFIX))
        for key, weight in posted_items(features):
            self._post(key, slot, weight)

    def _post(self, key: str, slot: int, weight: float) -> None:
        """Append one posting to a key's list."""
        if key not in self._postings:
            self._postings[key] = (array("i"), array("f"))
        slots, weights = self._postings[key]
        slots.append(slot)
        weights.append(weight)

    def _norm(self, weights: dict[str, float], prefix: str) -> float:
        """Return the IDF-weighted norm of a vector with the frequencies known now."""
        return math.sqrt(sum((w * self.idf(prefix + k)) ** 2 for k, w in weights.items()))

    def candidates(
        self, features: Features, limit: int = 50, *, exclude: Iterable[int] = (),
        not_before: float | None = None,
    ) -> list[tuple[int, float]]:
        """Return up to `limit` (article id, approximate score) pairs, best first."""
        if not self._ids:
            return []
        content = self._cosines(features.terms, "", QUERY_TERMS, self._norms)
        entities = self._cosines(features.entities, ENTITY_PREFIX, QUERY_ENTITIES,
                                 self._entity_norms)
        scores = WEIGHTS["content"] * np.sqrt(content) + WEIGHTS["entities"] * np.sqrt(entities)
        scores *= self._usable(exclude, not_before)
        return self._best(scores, limit)

    def _cosines(self, query: dict[str, float], prefix: str, keys: int, norms: array):
        """Return approximate cosines of the query with every slot (0 where unshared)."""
        chosen = self._strongest_keys(query, prefix, keys)
        dots = self._accumulate(chosen)
        query_norm = math.sqrt(sum(w * w for w in chosen.values())) or 1.0
        slot_norms = np.frombuffer(norms, dtype=np.float64)
        return dots / np.maximum(slot_norms, 1e-9) / query_norm

    def _strongest_keys(self, query: dict[str, float], prefix: str, keys: int):
        """Return the query's heaviest posted keys with weight × idf."""
        weighted = {prefix + k: w * self.idf(prefix + k) for k, w in query.items()}
        present = [k for k in weighted if k in self._postings]
        return {k: weighted[k] for k in sorted(present, key=weighted.get, reverse=True)[:keys]}

    def _accumulate(self, chosen: dict[str, float]):
        """Sum query × document weights per slot over the recent postings of each key."""
        if not chosen:
            return np.zeros(len(self._ids))
        slot_parts, weight_parts = [], []
        for key, query_weight in chosen.items():
            slots, weights = self._postings[key]
            slot_parts.append(np.frombuffer(slots, dtype=np.int32)[-MAX_SCAN:])
            doc = np.frombuffer(weights, dtype=np.float32)[-MAX_SCAN:]
            weight_parts.append(doc * (query_weight * self.idf(key)))
        return np.bincount(np.concatenate(slot_parts), weights=np.concatenate(weight_parts),
                           minlength=len(self._ids))

    def _usable(self, exclude: Iterable[int], not_before: float | None):
        """Return 1 for live, wanted, recent-enough slots and 0 for the rest."""
        usable = np.frombuffer(self._alive, dtype=np.uint8).astype(np.float64)
        for article_id in exclude:
            if article_id in self._slot_of:
                usable[self._slot_of[article_id]] = 0.0
        if not_before is not None:
            times = np.frombuffer(self._times, dtype=np.float64)
            usable[times < not_before] = 0.0
        return usable

    def _best(self, scores, limit: int) -> list[tuple[int, float]]:
        """Return the `limit` highest positive scores as (article id, score)."""
        count = min(limit, int(np.count_nonzero(scores > 0)))
        if count == 0:
            return []
        top = np.argpartition(-scores, count - 1)[:count]
        top = top[np.argsort(-scores[top])]
        return [(self._ids[slot], float(scores[slot])) for slot in top]


def keys_of(features: Features) -> list[str]:
    """Return every key an article posts: its terms and its prefixed entities."""
    return [*features.terms, *(ENTITY_PREFIX + e for e in features.entities)]


def posted_items(features: Features):
    """Yield (key, weight) for each term and prefixed entity of an article."""
    yield from features.terms.items()
    for entity, weight in features.entities.items():
        yield ENTITY_PREFIX + entity, weight
