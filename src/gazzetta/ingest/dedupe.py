"""Near-duplicates: MinHash over word shingles, looked up through banded LSH keys in an indexed table.

An article's text becomes a signature of PERMUTATIONS minimum hashes; the share of equal
positions between two signatures estimates the Jaccard similarity of their shingle sets. The
signature is cut into BANDS bands; two texts become candidates when any band is equal, so a
lookup is one indexed query however many articles are stored. The threshold and the shingle
size were measured (bench/dedupe.py, docs/decisions/dedupe.md).
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from django.db import connection

from gazzetta.ingest.models import BandKey, Fingerprint
from gazzetta.ingest.normalise import text_key
from gazzetta.newsroom.models import Article

SHINGLE_WORDS = 3
# 33 bands of 3 rows: a pair at the threshold (J = 0.5) shares a band with probability 0.99, an
# unrelated pair (J = 0.02) with 0.0003, so a lookup verifies few candidates.
BANDS = 33
ROWS_PER_BAND = 3
PERMUTATIONS = BANDS * ROWS_PER_BAND
NEAR_DUPLICATE_SIMILARITY = 0.5  # estimated Jaccard of shingle sets; measured, see docs/decisions/dedupe.md
MIN_SHINGLES = 40  # shorter texts (advisories, one-line notes) are only compared exactly
MAX_SHINGLES = 20_000  # the first ones of very long texts suffice, and bound the work
FINGERPRINT_COLUMNS = ("article", "language", "headline_key", "signature", "received_at")
RECENT = timedelta(days=30)  # copies of a wire story arrive within days, not months

# Fixed seed: signatures are stored, so the hash family must be the same in every process and release.
_RANDOM = np.random.default_rng(0x6A7A)
_MULTIPLIERS = _RANDOM.integers(1, 2**63, size=PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_OFFSETS = _RANDOM.integers(0, 2**63, size=PERMUTATIONS, dtype=np.uint64)
_SHIFT = np.uint64(32)


@dataclass(frozen=True, slots=True)
class Match:
    article_id: int
    similarity: float


def signature(text: str) -> np.ndarray | None:
    """Return the MinHash signature of `text` (uint32 per permutation); None when it is too short."""
    hashes = shingle_hashes(text_key(text).split())
    if len(hashes) < MIN_SHINGLES:
        return None
    # Multiply-shift hashing: the high 32 bits of a*x + b (mod 2**64) for a random odd a.
    permuted = (_MULTIPLIERS[:, None] * hashes[None, :] + _OFFSETS[:, None]) >> _SHIFT
    return permuted.min(axis=1).astype(np.uint32)


def shingle_hashes(words: list[str]) -> np.ndarray:
    """Return one 32-bit hash per distinct run of SHINGLE_WORDS words."""
    word_hashes = np.fromiter((zlib.crc32(word.encode()) for word in words), dtype=np.uint64, count=len(words))
    count = len(words) - SHINGLE_WORDS + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint64)
    combined = np.zeros(count, dtype=np.uint64)
    for offset in range(SHINGLE_WORDS):
        combined = combined * np.uint64(0x9E3779B97F4A7C15) + word_hashes[offset:offset + count]
    return np.unique(combined >> _SHIFT)[:MAX_SHINGLES]


def similarity(one: np.ndarray, other: np.ndarray) -> float:
    """Return the estimated Jaccard similarity of the texts behind two signatures."""
    return float(np.count_nonzero(one == other)) / PERMUTATIONS


def band_keys(sig: np.ndarray) -> list[int]:
    """Return one signed 64-bit key per band (the band's number is part of the key)."""
    rows = sig.reshape(BANDS, ROWS_PER_BAND)
    return [int.from_bytes(hashlib.blake2b(bytes([band]) + rows[band].tobytes(), digest_size=8).digest(),
                           "big", signed=True) for band in range(BANDS)]


def find_near_duplicate(sig: np.ndarray | None, language: str, now: datetime) -> Match | None:
    """Return the most similar recent article in `language` at or above the threshold, if any.

    The pipeline reads the candidates of a whole payload at once instead (known.py).
    """
    if sig is None:
        return None
    # Two indexed steps on purpose: as one query with a subquery, SQLite scans every fingerprint
    # of the language instead of starting from the few rows that share a band.
    sharing_a_band = set(BandKey.objects.filter(key__in=band_keys(sig)).values_list("fingerprint_id", flat=True))
    if not sharing_a_band:
        return None
    candidates = Fingerprint.objects.filter(
        article_id__in=sharing_a_band, language=language, received_at__gte=now - RECENT
    ).values_list("article_id", "signature")
    return best_match(sig, [(article_id, unpack(stored)) for article_id, stored in candidates if stored])


def best_match(sig: np.ndarray, candidates: list[tuple[int, np.ndarray]]) -> Match | None:
    """Return the candidate (article id, signature) most similar to `sig`, if at or above the threshold."""
    scored = (Match(article_id, similarity(sig, other)) for article_id, other in candidates)
    best = max(scored, key=lambda match: match.similarity, default=None)
    return best if best and best.similarity >= NEAR_DUPLICATE_SIMILARITY else None


def forget_older_than(cutoff: datetime) -> int:
    """Drop the band keys of fingerprints received before `cutoff` (lookups ignore them anyway)."""
    deleted, _per_model = BandKey.objects.filter(fingerprint__received_at__lt=cutoff).delete()
    return deleted


def remember(article: Article, headline_key: str, sig: np.ndarray | None, now: datetime, *, replace: bool,
             keys: list[int] | None = None) -> None:
    """Store the article's fingerprint and band keys (`keys`, when already computed), replacing an
    earlier version's when `replace`."""
    if replace:
        Fingerprint.objects.filter(article=article).delete()
    insert_fingerprint(article, headline_key[:500], sig.tobytes() if sig is not None else b"", now)
    if sig is not None:
        insert_band_keys(article.pk, band_keys(sig) if keys is None else keys)


def insert_fingerprint(article: Article, headline_key: str, signature: bytes, now: datetime) -> None:
    """Insert with one plain statement: the row's key is the article's, so nothing needs reading back."""
    fields = [Fingerprint._meta.get_field(name) for name in FINGERPRINT_COLUMNS]
    values = (article.pk, article.language, headline_key, signature, now)
    prepared = [field.get_db_prep_save(value, connection) for field, value in zip(fields, values)]
    with connection.cursor() as cursor:
        cursor.execute(_insert_statement(Fingerprint, [field.column for field in fields]), prepared)


def insert_band_keys(fingerprint_id: int, keys: list[int]) -> None:
    """Insert the keys with one plain statement: building BANDS model objects per article cost more
    than the rest of the article's writes together (bench/ingest.py)."""
    column = BandKey._meta.get_field("fingerprint").column
    with connection.cursor() as cursor:
        cursor.executemany(_insert_statement(BandKey, [column, "key"]), [(fingerprint_id, key) for key in keys])


def _insert_statement(model, columns: list[str]) -> str:
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    return f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"


def unpack(stored: bytes | memoryview) -> np.ndarray:
    """Return a stored signature as the array it was made from."""
    return np.frombuffer(bytes(stored), dtype=np.uint32)
