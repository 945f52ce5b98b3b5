"""The documented score between two articles, with the reasons behind it.

score = Σ WEIGHTS[part] · part, each part in [0, 1]:
  content   √cosine of the IDF-weighted term vectors (stemmed, field-weighted, saturated)
  headline  √cosine of the IDF-weighted headline terms alone
  entities  √cosine of the IDF-weighted entity vectors (names, acronyms, numbers)
  subjects  Jaccard overlap of the subject codes
  time      exp(-|Δt| / TIME_SCALE_HOURS), 0 when a time is missing
The square roots make the parts rise roughly linearly with human similarity ratings
(cosines of unrelated texts crowd near 0). The text weights were fitted on SemEval-2022
Task 8 dev pairs (docs/decisions/relate.md); time and subjects are absent there, so their
weights are set by judgement.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass

from gazzetta.relate.features import Features

WEIGHTS = {"content": 0.70, "headline": 0.20, "entities": 0.10, "subjects": 0.15, "time": 0.1}
TEXT_PARTS = ("content", "headline", "entities")
TIME_SCALE_HOURS = 48.0
REASONS_SHOWN = 5
ENTITY_PREFIX = "@"

Idf = Callable[[str], float]


def uniform_idf(key: str) -> float:
    """Weigh every key alike (for comparisons outside any collection)."""
    return 1.0


@dataclass(frozen=True, slots=True)
class Similarity:
    """A score with its parts and the matches that explain it."""

    score: float
    parts: dict[str, float]
    terms: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()

    def explain(self) -> str:
        """Return one printable line: score, parts and what matched."""
        parts = " ".join(f"{name}={self.parts[name]:.2f}" for name in WEIGHTS if name in self.parts)
        reasons = [("terms", self.terms), ("entities", self.entities), ("subjects", self.subjects)]
        matched = "; ".join(f"{label}: {', '.join(items)}" for label, items in reasons if items)
        return f"{self.score:.3f} ({parts})" + (f" — {matched}" if matched else "")


def similarity(a: Features, b: Features, idf: Idf = uniform_idf, *, explain: bool = True) -> Similarity:
    """Score how related two articles are and, when `explain`, say why.

    Ranking the matched keys is a good part of the cost: candidates that are only compared
    (story joining, a list's candidates before the picks are known) skip it.
    """
    content, terms = field_cosine(a, b, "terms", idf, explain)
    headline, _ = field_cosine(a, b, "headline", idf, explain)
    entities, names = field_cosine(a, b, "entities", entity_idf(idf), explain)
    shared_subjects = a.subjects & b.subjects
    parts = {
        "content": math.sqrt(content), "headline": math.sqrt(headline),
        "entities": math.sqrt(entities),
        "subjects": jaccard(a.subjects, b.subjects), "time": time_proximity(a, b),
    }
    return Similarity(combine(parts), parts, terms, names, tuple(sorted(shared_subjects)) if explain else ())


def text_score(found: Similarity) -> float:
    """Return the part of a score that comes from the texts alone (what stories are made of)."""
    return sum(WEIGHTS[name] * found.parts[name] for name in TEXT_PARTS)


def combine(parts: dict[str, float]) -> float:
    """Weigh the parts into one score."""
    return sum(WEIGHTS[name] * value for name, value in parts.items())


def entity_idf(idf: Idf) -> Idf:
    """Look entities up under their own prefix so they never mix with terms."""
    def prefixed(key: str) -> float:
        return idf(ENTITY_PREFIX + key)
    prefixed.owner = getattr(idf, "__self__", None)
    return prefixed


def field_cosine(a: Features, b: Features, name: str, idf: Idf, explain: bool = True) -> tuple[float, tuple]:
    """Return the weighted cosine of one field (and, when `explain`, its strongest shared keys).

    The features' cached norms are reused.
    """
    mine, theirs = getattr(a, name), getattr(b, name)
    if not mine or not theirs:
        return 0.0, ()
    norm = cached_norm(a, name, idf) * cached_norm(b, name, idf)
    if explain:
        return weighted_cosine(mine, theirs, idf, norm)
    dot = sum(mine[k] * theirs[k] * idf(k) ** 2 for k in mine.keys() & theirs.keys())
    return (dot / norm if norm else 0.0), ()


def cached_norm(features: Features, name: str, idf: Idf) -> float:
    """Return a field's norm, cached per idf generation (an index bumps it on change)."""
    generation = idf_generation(idf)
    if generation is None:
        return vector_norm(getattr(features, name), idf)
    cached = features.norms.get(name)
    if cached is None or cached[0] != generation:
        cached = features.norms[name] = (generation, vector_norm(getattr(features, name), idf))
    return cached[1]


def idf_generation(idf: Idf):
    """Return (index, generation) when the idf comes from an index's table, else None."""
    table = getattr(idf, "__self__", None)
    if table is None:
        table = getattr(idf, "owner", None)
    generation = getattr(table, "generation", None)
    return None if generation is None else (id(table.index), generation)


def weighted_cosine(a: dict[str, float], b: dict[str, float], idf: Idf,
                    norm: float | None = None) -> tuple[float, tuple]:
    """Return the IDF-weighted cosine and the keys that contributed most."""
    if not a or not b:
        return 0.0, ()
    if norm is None:
        norm = vector_norm(a, idf) * vector_norm(b, idf)
    shared = {k: a[k] * b[k] * idf(k) ** 2 for k in a.keys() & b.keys()}
    top = sorted(shared, key=shared.get, reverse=True)[:REASONS_SHOWN]
    return (sum(shared.values()) / norm if norm else 0.0), tuple(top)


def vector_norm(weights: dict[str, float], idf: Idf) -> float:
    """Return the Euclidean norm of an IDF-weighted vector (iterated in C: centroids change often)."""
    return math.hypot(*map(operator.mul, weights.values(), map(idf, weights)))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Return |a ∩ b| / |a ∪ b|, 0 for two empty sets."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def time_proximity(a: Features, b: Features) -> float:
    """Return exp(-hours apart / scale), or 0 when either time is unknown."""
    if a.published is None or b.published is None:
        return 0.0
    hours = abs(a.published - b.published) / 3600
    return math.exp(-hours / TIME_SCALE_HOURS)
