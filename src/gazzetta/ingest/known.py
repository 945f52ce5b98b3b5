"""What the database already holds about one payload's items, read in a few queries up front.

Deciding and storing an item needs to know: the article under its key, a copy already recorded
under that key, an article with the same text, the near-duplicate candidates that share a band,
the articles that the item's teasers name and the teasers that wait for its headline. Asked
item by item that is six to eight queries each; `Known(items, now)` asks once per payload, in
chunks, and `learn` adds what each item stored after its transaction commits, so a later item
of the same payload sees it. A failed item, or a key stored meanwhile by another process, makes
the pipeline `reload()`: the answers are then read again from the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.db import connection
from django.db.models import Model, Q

from gazzetta.ingest import dedupe
from gazzetta.ingest.decide import Decision, Incoming, Status
from gazzetta.ingest.models import BandKey, Fingerprint, PendingTeaser
from gazzetta.ingest.normalise import headline_key
from gazzetta.newsroom.models import Alternate, Article

CHUNK = 400  # values per IN (…): with two lists, well below the parameter limits of SQLite and PostgreSQL
Headline = tuple[str, str]  # (language, folded headline)
STORING = (Status.CREATED, Status.UPDATED, Status.WITHDRAWN)


def in_chunks(query: Callable[[list], Iterable], values: Iterable) -> Iterator:
    """Yield the rows of `query(chunk)` for every CHUNK of the distinct `values`."""
    distinct = list(dict.fromkeys(values))
    for start in range(0, len(distinct), CHUNK):
        yield from query(distinct[start:start + CHUNK])


@dataclass(frozen=True, slots=True)
class Candidate:
    """A recent stored fingerprint (received within dedupe.RECENT) that a new text may be a near copy of."""

    language: str
    signature: np.ndarray


class Known:
    """The payload's view of the database; see the module's docstring."""

    def __init__(self, incomings: list[Incoming], now: datetime):
        self.incomings, self.now = incomings, now
        self.reload()

    def reload(self) -> None:
        """Read every answer (again) from the database."""
        keys = {incoming.identity.key for incoming in self.incomings}
        hashes = {incoming.identity.content_hash for incoming in self.incomings}
        pairs = [(incoming.identity.key, incoming.identity.content_hash) for incoming in self.incomings]
        self.articles: dict[str, Article] = {}
        self.same_text: dict[str, Article] = {}
        for article in in_chunks(_articles_by_key_or_hash, pairs):  # by pk: the first stored is the original
            if article.guid in keys:
                self.articles[article.guid] = article
            if article.content_hash in hashes:
                self.same_text.setdefault(article.content_hash, article)
        self.copies = {alternate.guid: alternate for alternate in in_chunks(_alternates_by_key, keys)}
        self._read_fingerprints()
        self._read_headlines()

    def _read_fingerprints(self) -> None:
        self.bands: dict[int, set[int]] = defaultdict(set)
        band_keys = (key for incoming in self.incomings for key in incoming.band_keys)
        for key, article_id in in_chunks(_band_owners, band_keys):
            self.bands[key].add(article_id)
        owners = set().union(*self.bands.values())
        since = self.now - dedupe.RECENT
        self.candidates = {article_id: Candidate(language, dedupe.unpack(signature))
                           for article_id, language, signature
                           in in_chunks(lambda ids: _fingerprints(ids, since), owners) if signature}

    def _read_headlines(self) -> None:
        own = [(incoming.language, incoming.headline_key) for incoming in self.incomings]
        teasers = [(incoming.language, headline_key(teaser.headline))
                   for incoming in self.incomings for teaser in incoming.item.recommendations]
        self.headlines: dict[Headline, int] = {}
        self.headline_of: dict[int, Headline] = {}
        for language, key, article_id in in_chunks(_headline_owners, teasers):
            self._name(article_id, (language, key))
        self.waiting: set[Headline] = set(in_chunks(_waiting_teasers, own))

    def _name(self, article_id: int, headline: Headline) -> None:
        """Record the article's current headline, dropping the one it had before."""
        earlier = self.headline_of.pop(article_id, None)
        if earlier and self.headlines.get(earlier) == article_id:
            del self.headlines[earlier]
        self.headlines[headline], self.headline_of[article_id] = article_id, headline

    # --- answers ---------------------------------------------------------------------------

    def article(self, key: str) -> Article | None:
        return self.articles.get(key)

    def copy(self, key: str) -> Alternate | None:
        return self.copies.get(key)

    def article_with_text(self, content_hash: str) -> Article | None:
        return self.same_text.get(content_hash)

    def near_duplicate(self, incoming: Incoming) -> dedupe.Match | None:
        """Return the best near copy among the recent articles in the item's language, if any."""
        if incoming.signature is None:
            return None
        owners = set().union(*(self.bands.get(key, ()) for key in incoming.band_keys))
        found = ((article_id, self.candidates.get(article_id)) for article_id in owners)
        return dedupe.best_match(incoming.signature, [
            (article_id, candidate.signature) for article_id, candidate in found
            if candidate and candidate.language == incoming.normalised.language])

    def teaser_target(self, language: str, key: str) -> int | None:
        return self.headlines.get((language, key))

    def may_wait_for(self, language: str, key: str) -> bool:
        """Tell whether a teaser may wait for this headline (False means: surely none does)."""
        return (language, key) in self.waiting

    # --- learning --------------------------------------------------------------------------

    def expect_teaser(self, language: str, key: str) -> None:
        """Note a teaser stored as waiting (a hint: a rolled-back one only costs a query later)."""
        self.waiting.add((language, key))

    def learn(self, decision: Decision, article: Article | None, incoming: Incoming) -> None:
        """Add what a committed item stored, so the next items of the payload see it."""
        if article is None:
            return
        if decision.action in STORING:
            self._learn_article(article, incoming)
        elif decision.action is Status.DUPLICATE:
            self.copies[incoming.identity.key] = Alternate(guid=incoming.identity.key, article=article,
                                                           similarity=decision.similarity)

    def _learn_article(self, article: Article, incoming: Incoming) -> None:
        self.articles[article.guid] = article
        self.same_text.setdefault(article.content_hash, article)
        self._name(article.pk, (article.language, incoming.headline_key))
        if incoming.signature is not None:
            self.candidates[article.pk] = Candidate(article.language, incoming.signature)
            for key in incoming.band_keys:
                self.bands[key].add(article.pk)


# --- the queries, one per kind of answer ----------------------------------------------------
# The ones that need no model objects are plain statements: they run once or twice per payload, and
# for a wire file of one item building the ORM query cost more than running it.

def _articles_by_key_or_hash(pairs: list[tuple[str, str]]):
    keys, hashes = zip(*pairs)
    return (Article.objects.filter(Q(guid__in=set(keys)) | Q(content_hash__in=set(hashes)))
            .select_related("section").order_by("pk"))


def _alternates_by_key(keys: list[str]):
    return Alternate.objects.filter(guid__in=keys).select_related("article__section").order_by()


def _band_owners(keys: list[int]):
    return _select(BandKey, ("key", "fingerprint_id"), {"key": keys})


def _fingerprints(article_ids: list[int], since: datetime):
    return _select(Fingerprint, ("article_id", "language", "signature"), {"article_id": article_ids},
                   since=("received_at", since))


def _headline_owners(headlines: list[Headline]):
    return _pairs_among(_select(Fingerprint, ("language", "headline_key", "article_id"), _by_headline(headlines)),
                        headlines)


def _waiting_teasers(headlines: list[Headline]):
    return _pairs_among(_select(PendingTeaser, ("language", "headline_key"), _by_headline(headlines)), headlines)


def _by_headline(headlines: list[Headline]) -> dict[str, set[str]]:
    """Both columns of the (language, headline_key) index, so the lookup uses it."""
    return {"language": {language for language, _key in headlines}, "headline_key": {key for _language, key in headlines}}


def _pairs_among(rows: list[tuple], headlines: list[Headline]) -> list[tuple]:
    """The rows whose (language, headline_key) is one of `headlines` (two IN lists also match cross pairs)."""
    wanted = set(headlines)
    return [row for row in rows if (row[0], row[1]) in wanted]


def _select(model: type[Model], columns: tuple[str, ...], among: dict[str, Iterable],
            since: tuple[str, datetime] | None = None) -> list[tuple]:
    """Run SELECT columns FROM model WHERE each `among` column IN its values [AND column >= since]."""
    quote = connection.ops.quote_name
    conditions, params = [], []
    for column, values in among.items():
        values = list(values)
        conditions.append(f"{quote(column)} IN ({', '.join(['%s'] * len(values))})")
        params += values
    if since:
        conditions.append(f"{quote(since[0])} >= %s")
        params.append(connection.ops.adapt_datetimefield_value(since[1]))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(map(quote, columns))} FROM {quote(model._meta.db_table)} "
                       f"WHERE {' AND '.join(conditions)}", params)
        return cursor.fetchall()
