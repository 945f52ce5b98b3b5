"""Whole-collection passes (a rebuild), spread over worker processes.

Features depend on one article each, and once stories are assigned, each article's
recommendations depend only on the finished index: both passes split into chunks that
forked workers compute independently. Workers inherit the index from the parent through
fork (copy-on-write, nothing pickled on the way in) and send back plain tuples. Story
clustering stays in the parent: it is sequential by definition (arrival order), and it runs
while the features are computed, on the results as they arrive (one core is left to it).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator

from gazzetta.relate.features import build_features
from gazzetta.relate.index import RelateIndex
from gazzetta.relate.recommend import recommend

CHUNK = 250
# (related id, relevance, reasons dict)
Pick = tuple[int, float, dict]

_shared: dict = {}  # what forked workers read; set just before the pool starts


def default_workers() -> int:
    """Return one worker per core the process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def features_all(rows: Iterable[tuple], workers: int | None = None) -> Iterator[tuple[int, dict]]:
    """Yield (id, features dict) for rows of (id, language, headline, lead, body, subjects, published).

    In row order, as soon as each chunk is done: the caller assigns stories meanwhile, so of
    several workers one core is left to it (workers − 1 processes compute features).
    """
    workers = workers or default_workers()
    chunks = _chunks(rows)
    done = map(_features_chunk, chunks) if workers <= 1 else _pooled(_features_chunk, chunks, workers - 1)
    for chunk in done:
        yield from chunk


def _features_chunk(rows: list[tuple]) -> list[tuple[int, dict]]:
    return [(row[0], build_features(*row[1:]).to_dict()) for row in rows]


def recommend_all(
    ids: Iterable[int], index: RelateIndex, story_of: Callable[[int], int | None], count: int,
    workers: int | None = None,
) -> Iterator[tuple[int, list[Pick]]]:
    """Yield (article id, picks) for every id, computed against the finished index."""
    _shared.update(index=index, story_of=story_of, count=count)
    try:
        for chunk in _mapped(_recommend_chunk, _chunks(ids), workers):
            yield from chunk
    finally:
        _shared.clear()


def _recommend_chunk(ids: list[int]) -> list[tuple[int, list[Pick]]]:
    return [(article_id, picks_for(article_id, **_shared)) for article_id in ids]


def picks_for(article_id: int, index: RelateIndex, story_of, count: int) -> list[Pick]:
    """Return one article's recommendations as plain tuples."""
    found = recommend(article_id, index.features(article_id), index, story_of=story_of, count=count)
    return [(pick.article_id, pick.relevance, pick.reasons()) for pick in found]


def _chunks(items: Iterable, size: int = CHUNK) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _mapped(function, chunks: Iterator[list], workers: int | None) -> Iterator[list]:
    """Map chunks in order, in forked workers when more than one is wanted."""
    workers = workers or default_workers()
    if workers <= 1:
        yield from map(function, chunks)
        return
    yield from _pooled(function, chunks, workers)


def _pooled(function, chunks: Iterator[list], processes: int) -> Iterator[list]:
    """Map chunks in order in forked worker processes."""
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        yield from pool.imap(function, chunks)
