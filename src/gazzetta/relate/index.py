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

import itertools
import math
import operator
from array import array
from collections import Counter
from collections.abc import Iterable

import numpy as np

from gazzetta.relate.features import Features
from gazzetta.relate.similarity import ENTITY_PREFIX, WEIGHTS, cached_norm, entity_idf

QUERY_TERMS = 16  # strongest query terms looked up (by weight × idf)
QUERY_ENTITIES = 8
MAX_SCAN = 2000  # most recent postings read per key
NO_TIME = math.nan
MIN_DOCUMENTS = 100  # see fresh_idf
# The idf of an article's own keys is recomputed when it is added or removed; the rest only
# drift with the collection size, so the whole table (and cached norms) is renewed rarely:
IDF_STALENESS = 0.02  # once 2% of the collection changed…
IDF_REFRESH_MIN = 100  # …and at least this many articles


class IdfTable(dict):
    """Idf values computed on first lookup; a plain dict lookup after (the hot path of scoring).

    A table belongs to one generation of the index: when enough of the collection changed,
    the index starts a new table, and norms cached under the old generation are recomputed.
    """

    def __init__(self, index: RelateIndex, generation: int) -> None:
        super().__init__()
        self.index, self.generation = index, generation

    def __missing__(self, key: str) -> float:
        value = self[key] = self.index.fresh_idf(key)
        return value

    def renew(self, keys: list[str]) -> None:
        """Recompute the idf of some keys at once (numpy: one call for hundreds of keys)."""
        self.update(zip(keys, self.index.fresh_idfs(keys)))


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
        self._idf_table = IdfTable(self, 0)
        self._changes_since_table = 0

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

    @property
    def idf(self):
        """Return BM25's inverse document frequency as a function of a term or prefixed entity."""
        return self._idf_table.__getitem__

    @property
    def generation(self) -> int:
        """The idf generation; cached norms are valid within one."""
        return self._idf_table.generation

    def _count(self, keys: list[str], change: int) -> None:
        """Change the document frequencies of an article's keys and recompute their idf."""
        if change > 0:
            self._df.update(keys)
        else:
            self._df.subtract(keys)
        self._documents += change
        self._changes_since_table += 1
        if self._changes_since_table > max(IDF_REFRESH_MIN, IDF_STALENESS * self._documents):
            self._idf_table = IdfTable(self, self.generation + 1)  # filled lazily: few keys are asked
            self._changes_since_table = 0
        else:
            self._idf_table.renew(keys)

    def fresh_idf(self, key: str) -> float:
        """Compute the idf from the current document frequency.

        The collection counts as at least MIN_DOCUMENTS large: in a young portal every word
        of a story's first articles is in most documents, and the true idf would call it noise.
        """
        df = self._df.get(key, 0)
        documents = max(self._documents, MIN_DOCUMENTS)
        return math.log(1 + (documents - df + 0.5) / (df + 0.5))

    def fresh_idfs(self, keys: list[str]) -> list[float]:
        """Compute fresh_idf for many keys at once."""
        df = np.fromiter(map(self._df.get, keys, itertools.repeat(0)), dtype=np.float64, count=len(keys))
        documents = max(self._documents, MIN_DOCUMENTS)
        return np.log(1 + (documents - df + 0.5) / (df + 0.5)).tolist()

    def add(self, article_id: int, features: Features) -> None:
        """Index an article (replacing an earlier version with the same id)."""
        if article_id in self:
            self.remove(article_id)
        self._count(keys_of(features), +1)
        self._append(article_id, features)

    def remove(self, article_id: int) -> None:
        """Drop an article, e.g. when it is withdrawn."""
        slot = self._slot_of.pop(article_id)
        self._count(keys_of(self._features[slot]), -1)
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
        self._norms.append(cached_norm(features, "terms", self.idf))
        self._entity_norms.append(cached_norm(features, "entities", entity_idf(self.idf)))
        postings = self._postings
        for key, weight in posted_items(features):
            posting = postings.get(key)
            if posting is None:
                posting = postings[key] = (array("i"), array("f"))
            posting[0].append(slot)
            posting[1].append(weight)

    def candidates(
        self, features: Features, limit: int = 50, *, exclude: Iterable[int] = (),
        between: tuple[float, float] | None = None,
    ) -> list[tuple[int, float]]:
        """Return up to `limit` (article id, approximate score) pairs, best first.

        The strongest keys find enough candidates in any collection of size; when they do
        not (a young portal, an unusual article), every key of the article is looked up.
        """
        if not self._ids:
            return []
        slots, scores = self._usable(*self._scores(features, QUERY_TERMS, QUERY_ENTITIES), exclude, between)
        if len(slots) < limit:
            everything = self._scores(features, len(features.terms), len(features.entities))
            slots, scores = self._usable(*everything, exclude, between)
        return self._best(slots, scores, limit)

    def _scores(self, features: Features, terms: int, entities: int):
        """Return the slots sharing a looked-up key with the article, and their approximate scores.

        Only the dot products span the whole collection (one bincount per field); the rest
        of the work is done on the touched slots, so a query stays cheap at 100,000 articles.
        """
        content_dots, content_norm = self._dots(features.terms, "", terms)
        entity_dots, entity_norm = self._dots(features.entities, ENTITY_PREFIX, entities)
        slots = np.flatnonzero(content_dots + entity_dots)
        content = content_dots[slots] / slot_norms(self._norms, slots) / content_norm
        names = entity_dots[slots] / slot_norms(self._entity_norms, slots) / entity_norm
        return slots, WEIGHTS["content"] * np.sqrt(content) + WEIGHTS["entities"] * np.sqrt(names)

    def _dots(self, query: dict[str, float], prefix: str, keys: int):
        """Return the query's dot product with every slot, and the query's norm."""
        chosen = self._strongest_keys(query, prefix, keys)
        query_norm = math.sqrt(sum(w * w for w in chosen.values())) or 1.0
        return self._accumulate(chosen), query_norm

    def _strongest_keys(self, query: dict[str, float], prefix: str, keys: int):
        """Return the query's heaviest posted keys with weight × idf."""
        names = [prefix + k for k in query] if prefix else list(query)
        weighted = dict(zip(names, map(operator.mul, query.values(), map(self.idf, names))))
        present = [k for k in names if k in self._postings]
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

    def _usable(self, slots, scores, exclude: Iterable[int], between: tuple[float, float] | None):
        """Keep the live, wanted slots with a positive score, published `between` (when given)."""
        keep = (np.frombuffer(self._alive, dtype=np.uint8)[slots] == 1) & (scores > 0)
        if between is not None:
            times = np.frombuffer(self._times, dtype=np.float64)[slots]
            keep &= ~((times < between[0]) | (times > between[1]))  # an unknown time (NaN) stays
        for excluded in (self._slot_of[i] for i in exclude if i in self._slot_of):
            keep &= slots != excluded  # one or two: cheaper than np.isin
        return slots[keep], scores[keep]

    def _best(self, slots, scores, limit: int) -> list[tuple[int, float]]:
        """Return the `limit` highest scores as (article id, score)."""
        count = min(limit, len(scores))
        if count == 0:
            return []
        top = np.argpartition(-scores, count - 1)[:count]
        top = top[np.argsort(-scores[top])]
        return [(self._ids[slots[i]], float(scores[i])) for i in top]


def slot_norms(norms: array, slots):
    """Return the norms of some slots, never zero (a slot without terms has dot product 0)."""
    return np.maximum(np.frombuffer(norms, dtype=np.float64)[slots], 1e-9)


def keys_of(features: Features) -> list[str]:
    """Return every key an article posts: its terms and its prefixed entities."""
    return [*features.terms, *(ENTITY_PREFIX + e for e in features.entities)]


def posted_items(features: Features):
    """Yield (key, weight) for each term and prefixed entity of an article."""
    yield from features.terms.items()
    for entity, weight in features.entities.items():
        yield ENTITY_PREFIX + entity, weight
