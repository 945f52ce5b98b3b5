"""Decide what one incoming item is: new, a newer version, old news, a copy, a withdrawal, or unusable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from gazzetta.ingest import dedupe
from gazzetta.ingest.identity import Identity
from gazzetta.ingest.normalise import Normalised, headline_key
from gazzetta.ingest.wireitem import PubStatus, WireItem, kill_signal
from gazzetta.newsroom.models import Article, Source

if TYPE_CHECKING:
    from gazzetta.ingest.known import Known

WITHDRAWING_STATUSES = {PubStatus.CANCELED: "canceled", PubStatus.WITHHELD: "withheld"}


class Status(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"
    WITHDRAWN = "withdrawn"
    EMBARGOED = "embargoed"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Incoming:
    """One item on its way in, with everything the decision and the store need."""

    item: WireItem
    normalised: Normalised
    identity: Identity
    source: Source | None
    now: datetime

    @cached_property
    def signature(self) -> np.ndarray | None:
        return dedupe.signature(f"{self.normalised.headline} {self.normalised.text}")

    @cached_property
    def band_keys(self) -> list[int]:
        return dedupe.band_keys(self.signature) if self.signature is not None else []

    @cached_property
    def headline_key(self) -> str:
        """The folded headline of the stored article (bounded like Article.headline)."""
        return headline_key(self.normalised.headline[:500])

    @property
    def language(self) -> str:
        """The language code as the article stores it."""
        return self.normalised.language[:12]

    @property
    def embargoed(self) -> bool:
        return bool(self.item.embargoed_until and self.item.embargoed_until > self.now)


@dataclass(frozen=True)
class Decision:
    """What to do with an item: `action` is a Status; `article` the stored article it concerns."""

    action: Status
    article: Article | None = None
    reason: str = ""
    similarity: float = 1.0
    embargoed: bool = False

    @property
    def status(self) -> Status:
        """The status reported for the item: a stored article still under embargo says so."""
        if self.embargoed and self.action in (Status.CREATED, Status.UPDATED):
            return Status.EMBARGOED
        return self.action


def decide(incoming: Incoming, known: Known) -> Decision:
    """Return exactly one decision for the item, checking the cheap and certain cases first.

    `known` answers what the database holds (read once per payload, see known.py).
    """
    existing = known.article(incoming.identity.key)
    if reason := withdrawal_reason(incoming.item):
        return on_withdrawal(existing, reason)
    if problem := rejection_reason(incoming):
        return Decision(Status.REJECTED, reason=problem)
    if existing:
        return on_known_key(incoming, existing)
    return known_copy(incoming, known) or Decision(Status.CREATED, embargoed=incoming.embargoed)


def withdrawal_reason(item: WireItem) -> str:
    """Return why the source takes the item back ('' when it does not)."""
    if item.pub_status in WITHDRAWING_STATUSES:
        return f"ingest: withdrawn by the source (pubStatus {WITHDRAWING_STATUSES[item.pub_status]})"
    kill = kill_signal(item.signals)
    return f"ingest: withdrawn by the source (signal {kill})" if kill else ""


def on_withdrawal(existing: Article | None, reason: str) -> Decision:
    """Withdraw a known article; an unknown one is stored withdrawn, so a late original stays out."""
    if existing and existing.is_withdrawn:
        return Decision(Status.UNCHANGED, existing)
    return Decision(Status.WITHDRAWN, existing, reason=reason)


def rejection_reason(incoming: Incoming) -> str:
    """Return why the item cannot be published ('' when it can)."""
    normalised = incoming.normalised
    if not normalised.headline:
        return "ingest: pipeline: item has no headline"
    if not (normalised.text or normalised.lead):
        return "ingest: pipeline: item has a headline but no text"
    return ""


def on_known_key(incoming: Incoming, existing: Article) -> Decision:
    """A newer version updates the article; the same or an older one leaves it as it is."""
    order = version_order(incoming.item, existing)
    if order is None:  # no version stated: a changed text is news, unless the article was taken back
        newer = not existing.is_withdrawn and incoming.identity.content_hash != existing.content_hash
    else:
        newer = order > 0
    if newer:
        return Decision(Status.UPDATED, existing, embargoed=incoming.embargoed)
    return Decision(Status.UNCHANGED, existing)


def version_order(item: WireItem, article: Article) -> int | None:
    """Compare the item's version with the stored one: 1 newer, 0 same, -1 older, None if not stated."""
    if item.version is not None and item.version != article.version:
        return 1 if item.version > article.version else -1
    if item.version_created and article.version_created_at and item.version_created != article.version_created_at:
        return 1 if item.version_created > article.version_created_at else -1
    if item.version is None and item.version_created is None:
        return None
    return 0


def known_copy(incoming: Incoming, known: Known) -> Decision | None:
    """Return a duplicate decision when this text (or a near copy) is already stored under another key."""
    alternate = known.copy(incoming.identity.key)
    if alternate:
        return Decision(Status.DUPLICATE, alternate.article, similarity=alternate.similarity)
    same = known.article_with_text(incoming.identity.content_hash)
    if same:
        return Decision(Status.DUPLICATE, same)
    match = known.near_duplicate(incoming)
    if match:
        original = Article.objects.select_related("section").get(pk=match.article_id)
        return Decision(Status.DUPLICATE, original, similarity=match.similarity)
    return None
