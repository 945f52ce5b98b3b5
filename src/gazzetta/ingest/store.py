"""Write what a decision says: articles, their earlier versions, images, the source's teasers, copies."""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PIL import Image as PillowImage

from gazzetta.ingest import dedupe
from gazzetta.ingest.decide import Decision, Incoming, Status
from gazzetta.ingest.identity import canonical_url
from gazzetta.ingest.models import PendingTeaser
from gazzetta.ingest.normalise import headline_key
from gazzetta.ingest.wireitem import WireImage, WireItem
from gazzetta.newsroom import history, images
from gazzetta.newsroom.models import Alternate, Article, Image, Relation, Source
from gazzetta.newsroom.slugs import make_slug

if TYPE_CHECKING:
    from gazzetta.ingest.known import Known

log = logging.getLogger(__name__)

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_SOURCE_TEASERS = 8
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp", "AVIF": "avif"}
ImageFetcher = Callable[[str], bytes]


def apply(decision: Decision, incoming: Incoming, known: Known) -> Article | None:
    """Carry out `decision`; return the article it leaves in place (None for a rejection)."""
    writer = WRITERS.get(decision.action)
    return writer(decision, incoming, known) if writer else decision.article


def create(decision: Decision, incoming: Incoming, known: Known) -> Article:
    article = Article(guid=incoming.identity.key, published_at=publication_time(incoming))
    fill(article, incoming)
    article.save(force_insert=True)
    attach(article, incoming, known, fresh=True)
    return article


def update(decision: Decision, incoming: Incoming, known: Known) -> Article:
    """Keep the outgoing version as an ArticleVersion, then overwrite; id and URL stay."""
    article = decision.article
    history.keep(article, by="", note=f"replaced by version {incoming.item.version or article.version + 1}")
    fill(article, incoming)
    article.version = incoming.item.version or article.version + 1
    article.updated_at = incoming.item.version_created or incoming.now
    article.status, article.withdrawn_reason = Article.Status.PUBLISHED, ""
    article.save()
    attach(article, incoming, known, fresh=False)
    return article


def withdraw(decision: Decision, incoming: Incoming, known: Known) -> Article:
    """Take a known article back, or store an unknown one already withdrawn."""
    if decision.article:
        history.keep(decision.article, by="", note=decision.reason)
    article = decision.article or create(decision, incoming, known)
    article.status, article.withdrawn_reason = Article.Status.WITHDRAWN, decision.reason
    article.updated_at = incoming.item.version_created or incoming.now
    article.save(update_fields=["status", "withdrawn_reason", "updated_at", "modified_at"])
    return article


def record_copy(decision: Decision, incoming: Incoming, known: Known) -> Article:
    """Remember the copy as an Alternate of the published article (once per key)."""
    Alternate.objects.get_or_create(guid=incoming.identity.key, defaults={
        "article": decision.article, "source": incoming.source, "similarity": round(decision.similarity, 3),
        "headline": incoming.normalised.headline[:500], "received_at": incoming.now,
    })
    return decision.article


WRITERS = {Status.CREATED: create, Status.UPDATED: update, Status.WITHDRAWN: withdraw, Status.DUPLICATE: record_copy}


# --- the article's fields -------------------------------------------------------------------

def fill(article: Article, incoming: Incoming) -> None:
    """Copy the normalised item onto the article's fields (bounded to their columns)."""
    item, normalised = incoming.item, incoming.normalised
    article.version = item.version or 1
    article.version_created_at = item.version_created
    article.source = incoming.source
    article.language = incoming.language
    article.slug = normalised.slug
    article.headline = normalised.headline[:500]
    article.lead, article.body_html = normalised.lead, normalised.body_html
    article.authors = [author for author in item.authors if author.strip()]
    article.siglum, article.agency = item.siglum[:16], item.agency[:200]
    article.section = normalised.section
    article.subjects = [{"code": subject.code, "name": subject.name} for subject in item.subjects]
    article.embargo_until = item.embargoed_until
    article.source_url = safe_url(item.url)[:1000]
    article.content_hash = incoming.identity.content_hash


def publication_time(incoming: Incoming):
    """When the article goes public: the wire's time, or now; never before its embargo ends."""
    item = incoming.item
    published = item.first_created or item.version_created or incoming.now
    return max(published, item.embargoed_until) if item.embargoed_until else published


def safe_url(url: str) -> str:
    """Return `url` when it is an absolute http(s) URL (a link we may show), else ''."""
    return url.strip() if canonical_url(url) else ""


def attach(article: Article, incoming: Incoming, known: Known, *, fresh: bool) -> None:
    """Store what hangs off a stored version: fingerprint, images, the source's teasers, waiting links.

    `fresh` says the article was just created, so there is nothing of an earlier version to replace.
    """
    dedupe.remember(article, incoming.headline_key, incoming.signature, incoming.now, replace=not fresh,
                    keys=incoming.band_keys)
    if not fresh:
        forget_attachments(article)
    store_images(article, incoming.item.images, fresh=fresh)
    store_source_teasers(article, incoming.item, known)
    if known.may_wait_for(article.language, incoming.headline_key):
        link_waiting_teasers(article, incoming.headline_key)


def forget_attachments(article: Article) -> None:
    """Drop the earlier version's source teasers and the image records that have no file yet."""
    Relation.objects.filter(article=article, kind=Relation.Kind.SOURCE).delete()
    article.images.filter(file="").delete()


# --- images --------------------------------------------------------------------------------

def store_images(article: Article, images: tuple[WireImage, ...], *, fresh: bool) -> None:
    """Store the item's image records; an image with a file already fetched from the same URL is reused."""
    fetched = {} if fresh else {image.source_url: image for image in article.images.all() if image.source_url}
    records = [fetched.pop(safe_url(picture.url), None) or Image(article=article) for picture in images]
    for position, (record, picture) in enumerate(zip(records, images)):
        describe(record, picture, position)
    kept = [record for record in records if record.pk is not None]
    Image.objects.bulk_create([record for record in records if record.pk is None])
    for record in kept:
        record.save()
    for record, picture in zip(records, images):
        if picture.data and not record.file:
            save_image_bytes(record, picture.data)
    if fetched:
        Image.objects.filter(pk__in=[image.pk for image in fetched.values()]).delete()


def describe(record: Image, picture: WireImage, position: int) -> None:
    record.position = position
    record.source_url = safe_url(picture.url)[:1000]
    record.caption = picture.caption
    record.credit = picture.credit[:300]
    record.alt = picture.alt[:500]


def save_image_bytes(record: Image, data: bytes) -> bool:
    """Save `data` as the record's file when Pillow reads it as a picture; log and skip otherwise."""
    extension = verified_extension(data)
    if not extension:
        log.warning("ingest: store: image %s of article %s is no readable picture", record.pk, record.article_id)
        return False
    record.save_file(f"{hashlib.sha256(data).hexdigest()[:32]}.{extension}", data)
    images.make_renditions(record)
    return True


def verified_extension(data: bytes) -> str:
    """Return the file extension for `data` when it is a supported, intact picture; '' otherwise."""
    if not data or len(data) > MAX_IMAGE_BYTES:
        return ""
    try:
        with PillowImage.open(io.BytesIO(data)) as picture:
            picture.verify()
            return IMAGE_FORMATS.get(picture.format or "", "")
    except Exception:  # Pillow raises many kinds (OSError, SyntaxError, DecompressionBombError…)
        return ""


def fetch_missing_images(article_id: int, fetch: ImageFetcher) -> int:
    """Download the files of the article's images that have a URL but no file; return how many."""
    saved = 0
    for record in Image.objects.filter(article_id=article_id, file="").exclude(source_url=""):
        try:
            saved += save_image_bytes(record, fetch(record.source_url))
        except Exception as error:  # a picture that cannot be fetched leaves the record as it is
            log.warning("ingest: store: image %s: %s", record.source_url, error)
    return saved


# --- the source's teasers -------------------------------------------------------------------

def store_source_teasers(article: Article, item: WireItem, known: Known) -> None:
    """Store the source's recommendations as Relations, linked where their article is already here."""
    teasers = [teaser for teaser in item.recommendations if teaser.headline.strip()][:MAX_SOURCE_TEASERS]
    keys = [headline_key(teaser.headline) for teaser in teasers]
    targets = [known.teaser_target(article.language, key) for key in keys]
    relations = Relation.objects.bulk_create([
        Relation(article=article, kind=Relation.Kind.SOURCE, rank=rank, headline=teaser.headline[:500],
                 lead=teaser.lead, related_id=target if target != article.pk else None)
        for rank, (teaser, target) in enumerate(zip(teasers, targets))])
    waiting = [(relation, key) for relation, key in zip(relations, keys) if relation.related_id is None]
    PendingTeaser.objects.bulk_create([PendingTeaser(relation=relation, language=article.language, headline_key=key)
                                       for relation, key in waiting])
    for _relation, key in waiting:
        known.expect_teaser(article.language, key)


def link_waiting_teasers(article: Article, key: str) -> None:
    """Point the teasers that were waiting for this headline (folded: `key`) at the article that just arrived."""
    waiting = PendingTeaser.objects.filter(language=article.language, headline_key=key)
    relation_ids = list(waiting.exclude(relation__article=article).values_list("relation_id", flat=True))
    if relation_ids:
        Relation.objects.filter(pk__in=relation_ids).update(related=article)
        PendingTeaser.objects.filter(relation_id__in=relation_ids).delete()


# --- the source ----------------------------------------------------------------------------

class SourceBook:
    """The sources items name, each read once (a payload's new names in one query); a missing one
    is created with its item."""

    def __init__(self):
        self.sources: dict[str, Source] = {}
        self.absent: set[str] = set()

    def cover(self, items: list[WireItem]) -> None:
        """Read the stored sources that `items` name and that were not looked up before."""
        keys = {source_key(name) for name in map(source_name, items) if name} - self.sources.keys() - self.absent
        if keys:
            self.sources.update((source.key, source) for source in
                                Source.objects.filter(key__in=keys).select_related("default_section"))
            self.absent |= keys - self.sources.keys()

    def existing(self, item: WireItem) -> Source | None:
        """Return the stored Source the item names (None when it names none or a new one)."""
        name = source_name(item)
        return self.sources.get(source_key(name)) if name else None

    def named(self, item: WireItem) -> Source | None:
        """Return the Source the item names, created when new (inside the item's transaction)."""
        return self.existing(item) or source_for(item)

    def learn(self, source: Source | None) -> None:
        """Keep a source whose creation has committed."""
        if source is not None:
            self.sources.setdefault(source.key, source)


def source_name(item: WireItem) -> str:
    return " ".join((item.site_name or item.agency).split())[:200]


def source_key(name: str) -> str:
    return make_slug(name, fallback="source")[:80]


def source_for(item: WireItem) -> Source | None:
    """Find or create the Source named by the item's site or agency; None when it names neither."""
    name = source_name(item)
    if not name:
        return None
    kind = Source.Kind.SITE if item.site_name else Source.Kind.AGENCY
    source, _created = Source.objects.get_or_create(
        key=source_key(name), defaults={"name": name, "kind": kind, "siglum": item.siglum[:16] if item.site_name else ""},
    )
    return source
