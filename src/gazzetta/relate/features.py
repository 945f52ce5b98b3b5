"""An article reduced to what relating needs: weighted terms, entities, subjects, time.

Features are computed once when an article is stored and kept as a JSON-able dict, so the
index can be rebuilt without re-reading texts. Term weights are field-weighted counts
(headline above lead above body) saturated like BM25's tf, so that a word repeated twenty
times does not drown the rest; inverse document frequency is applied later, at comparison
time, because it changes as the collection grows.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from gazzetta.relate import text

FIELD_WEIGHTS = {"headline": 3.0, "lead": 2.0, "body": 1.0}
TF_SATURATION = 10.0  # BM25's k1: weight = tf * (k1 + 1) / (tf + k1); 1.2 → 10 measured better
MAX_TERMS = 200  # keep the strongest terms; longer tails add cost, not meaning
MAX_ENTITIES = 60
FORMAT_VERSION = 2  # 2: prefix terms, k1 = 10


@dataclass(frozen=True, slots=True)
class Features:
    """What one article contributes to similarity; keyed by article id elsewhere."""

    language: str
    terms: dict[str, float]
    entities: dict[str, float]
    headline: dict[str, float] = field(default_factory=dict)
    subjects: frozenset[str] = frozenset()
    published: float | None = None  # POSIX seconds
    norms: dict = field(default_factory=dict, compare=False, repr=False)  # see similarity

    def to_dict(self) -> dict:
        """Return a JSON-able dict to store beside the article."""
        return {
            "v": FORMAT_VERSION, "language": self.language, "terms": self.terms,
            "entities": self.entities, "headline": self.headline, "subjects": sorted(self.subjects),
            "published": self.published,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Features:
        """Rebuild features stored by to_dict."""
        return cls(
            language=data["language"], terms=interned(data["terms"]),
            entities=interned(data["entities"]), headline=interned(data.get("headline", {})),
            subjects=frozenset(data.get("subjects", ())),
            published=data.get("published"),
        )


def interned(weights: dict[str, float]) -> dict[str, float]:
    """Copy a weight dict with interned keys: 100,000 articles share one string per term."""
    return {sys.intern(key): weight for key, weight in weights.items()}


def build_features(
    language: str, headline: str = "", lead: str = "", body: str = "",
    subjects=(), published: datetime | float | None = None,
) -> Features:
    """Compute the features of an article from its parts."""
    fields = {"headline": headline, "lead": lead, "body": body}
    terms = {name: text.terms(content, language) for name, content in fields.items()}
    entities = {name: text.entities(content, language) for name, content in fields.items()}
    return Features(
        language=text.base_language(language),
        terms=strongest(weighted_counts(terms), MAX_TERMS),
        entities=strongest(weighted_counts(entities), MAX_ENTITIES),
        headline=weighted_counts({"headline": terms["headline"]}),
        subjects=frozenset(s.strip().lower() for s in subjects if s and s.strip()),
        published=as_timestamp(published),
    )


def weighted_counts(found: dict[str, list[str]]) -> dict[str, float]:
    """Count the items found in each field, weighted by field, then saturate."""
    counts: Counter[str] = Counter()
    for name, items in found.items():
        weight = FIELD_WEIGHTS[name]
        for item in items:
            counts[item] += weight
    return {key: saturate(count) for key, count in counts.items()}


def saturate(count: float) -> float:
    """Return BM25's saturated term frequency, rounded to keep stored features small."""
    return round(count * (TF_SATURATION + 1) / (count + TF_SATURATION), 3)


def strongest(weights: dict[str, float], limit: int) -> dict[str, float]:
    """Keep the `limit` heaviest keys; longer words win ties since they are rarer."""
    if len(weights) <= limit:
        return weights
    ranked = sorted(weights.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))
    return dict(ranked[:limit])


def as_timestamp(published: datetime | float | None) -> float | None:
    """Return POSIX seconds for a datetime (or pass a number through)."""
    if isinstance(published, datetime):
        return published.timestamp()
    return None if published is None else float(published)
