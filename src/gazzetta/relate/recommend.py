"""Pick the "Empfohlen" articles: related, from other stories, not all about one thing.

relevance = similarity score + RECENCY_WEIGHT · exp(−age / RECENCY_SCALE_HOURS)
Candidates come from the index; the article itself, its own story, near-duplicates and
articles the caller rules out (withdrawn, embargoed: the `eligible` predicate) are skipped.
The list is then diversified with maximal marginal relevance (Carbonell & Goldstein 1998):
each pick trades relevance against its content similarity to the picks so far, and no two
picks share a story. Articles in the reader's language come first; other languages only
fill what is left, and are marked so that the page can label them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from gazzetta.relate.features import Features
from gazzetta.relate.index import RelateIndex
from gazzetta.relate.similarity import Similarity, field_cosine, similarity

RECOMMENDATIONS = 4
STORED_PICKS = RECOMMENDATIONS + 2  # spares for a pick under embargo or just withdrawn
REFRESH_CANDIDATES = 10  # nearest articles whose lists a newcomer may enter
REFRESH_LIMIT = 4  # lists recomputed per arriving article, at most
RECOMMEND_CANDIDATES = 20  # re-scored exactly; 30 cost more and changed 4 of 53 demo lists
RECENCY_WEIGHT = 0.15
RECENCY_SCALE_HOURS = 72.0
DIVERSITY_TRADE = 0.7  # MMR λ: share of relevance against novelty
DIVERSITY_POOL = 10  # most relevant candidates the diversification chooses among
DUPLICATE_CONTENT = 0.92  # √cosine at or above which a candidate is the same text


@dataclass(frozen=True, slots=True)
class Recommendation:
    """One recommended article, why, and whether it is in another language."""

    article_id: int
    relevance: float
    similarity: Similarity
    other_language: bool
    features: Features

    def reasons(self) -> dict:
        """Return what to store beside the pick: the score's parts and what matched."""
        found = self.similarity
        return {
            "similarity": round(found.score, 4),
            "parts": {name: round(value, 4) for name, value in found.parts.items()},
            "terms": list(found.terms), "entities": list(found.entities),
            "subjects": list(found.subjects), "other_language": self.other_language,
        }


def recommend(
    article_id: int, features: Features, index: RelateIndex, *,
    story_of: Callable[[int], int | None] = lambda _: None,
    eligible: Callable[[int], bool] = lambda _: True,
    count: int = RECOMMENDATIONS, now: float | None = None,
) -> list[Recommendation]:
    """Return up to `count` recommendations for an article, same language first."""
    candidates = scored_candidates(article_id, features, index, story_of, eligible, now)
    chosen = diversify([c for c in candidates if not c.other_language], count, [], story_of,
                       index)
    others = [c for c in candidates if c.other_language]
    chosen += diversify(others, count - len(chosen), chosen, story_of, index)
    return [explained(pick, features, index) for pick in chosen]


def explained(pick: Recommendation, features: Features, index: RelateIndex) -> Recommendation:
    """Return a pick with the reasons of its score (only picks need them)."""
    return replace(pick, similarity=similarity(features, pick.features, index.idf))


def scored_candidates(article_id, features, index, story_of, eligible, now):
    """Return the usable candidates with their relevance, best first."""
    own_story = story_of(article_id)
    found = index.candidates(features, RECOMMEND_CANDIDATES, exclude=[article_id])
    reference = now if now is not None else features.published
    scored = []
    for other_id, _ in found:
        if not usable(other_id, own_story, story_of, eligible):
            continue
        candidate = rate(other_id, features, index.features(other_id), index, reference)
        if candidate.similarity.parts["content"] < DUPLICATE_CONTENT:
            scored.append(candidate)
    return sorted(scored, key=lambda c: c.relevance, reverse=True)


def usable(other_id: int, own_story, story_of, eligible) -> bool:
    """Tell whether a candidate may be shown: eligible and not from the same story."""
    same_story = own_story is not None and story_of(other_id) == own_story
    return not same_story and eligible(other_id)


def rate(other_id: int, features: Features, other: Features, index: RelateIndex,
         reference: float | None) -> Recommendation:
    """Score one candidate: similarity plus a recency bonus."""
    found = similarity(features, other, index.idf, explain=False)
    relevance = found.score + RECENCY_WEIGHT * recency(other.published, reference)
    return Recommendation(other_id, relevance, found, other.language != features.language,
                          other)


def recency(published: float | None, reference: float | None) -> float:
    """Return exp(−hours older than the reference / scale); 0 when a time is unknown."""
    if published is None or reference is None:
        return 0.0
    hours = max(0.0, reference - published) / 3600
    return math.exp(-hours / RECENCY_SCALE_HOURS)


def diversify(candidates, count, already, story_of, index) -> list[Recommendation]:
    """Pick by maximal marginal relevance, at most one article per story."""
    stories = {story_of(c.article_id) for c in already} - {None}
    pool = [c for c in candidates if story_of(c.article_id) not in stories][:DIVERSITY_POOL]
    redundancy = {id(c): 0.0 for c in pool}
    for pick in already:
        note_pick(pick, pool, redundancy, index)
    picked: list[Recommendation] = []
    while pool and len(picked) < count:
        best = max(pool, key=lambda c: marginal(c, redundancy[id(c)]))
        picked.append(best)
        pool = [c for c in pool if c is not best and not same_story(c, best, story_of)]
        note_pick(best, pool, redundancy, index)
    return picked


def same_story(a: Recommendation, b: Recommendation, story_of) -> bool:
    """Tell whether two candidates belong to one known story."""
    story = story_of(a.article_id)
    return story is not None and story == story_of(b.article_id)


def note_pick(pick: Recommendation, pool, redundancy: dict, index: RelateIndex) -> None:
    """Raise each remaining candidate's redundancy by its content similarity to a pick."""
    for candidate in pool:
        overlap, _ = field_cosine(candidate.features, pick.features, "terms", index.idf, explain=False)
        redundancy[id(candidate)] = max(redundancy[id(candidate)], overlap)


def marginal(candidate: Recommendation, redundancy: float) -> float:
    """Return λ · relevance − (1 − λ) · redundancy (highest similarity to a pick)."""
    return DIVERSITY_TRADE * candidate.relevance - (1 - DIVERSITY_TRADE) * redundancy


def would_enter(holder: Features, newcomer_id: int, newcomer: Features, stored: list[tuple[int, float, bool]],
                index: RelateIndex, count: int) -> bool:
    """Tell whether a newcomer belongs in (or already is in) a holder's stored list.

    `stored` holds the list's (article id, relevance, other language) picks. A newcomer in the
    holder's language displaces other-language fill; otherwise it must beat the weakest pick
    of its kind.
    """
    if len(stored) < count or newcomer_id in {related for related, _, _ in stored}:
        return True
    candidate = rate(newcomer_id, holder, newcomer, index, holder.published)
    peers = [score for _, score, other in stored if other == candidate.other_language]
    if not candidate.other_language and len(peers) < count:
        return True
    return bool(peers) and candidate.relevance > min(peers)


def neighbours_to_refresh(
    article_id: int, index: RelateIndex, story_of: Callable[[int], int | None],
    stored_lists: Callable[[list[int]], dict[int, list[tuple[int, float, bool]]]],
) -> list[int]:
    """Return the nearest articles of other stories whose lists the article now belongs in."""
    features, own_story = index.features(article_id), story_of(article_id)
    found = index.candidates(features, REFRESH_CANDIDATES, exclude=[article_id])
    holders = [i for i, _ in found if own_story is None or story_of(i) != own_story]
    lists = stored_lists(holders)
    due = (i for i in holders
           if would_enter(index.features(i), article_id, features, lists.get(i, []), index, STORED_PICKS))
    return list(due)[:REFRESH_LIMIT]
