"""The domain every other part of Gazzetta reads: articles and what they belong to."""

from __future__ import annotations

from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from PIL import Image as PillowImage

from gazzetta.newsroom.byline import house_byline
from gazzetta.newsroom.slugs import make_slug


class Section(models.Model):
    """A section of every edition (Politik / Politica / Politics share one row)."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    names = models.JSONField(_("names per language"), default=dict, help_text=_('e.g. {"de": "Politik"}'))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.name()

    def name(self, language: str | None = None) -> str:
        language = language or get_language() or settings.LANGUAGE_CODE
        return self.names.get(language) or self.names.get("en") or self.key.replace("-", " ").title()

    def slug(self, language: str | None = None) -> str:
        return make_slug(self.name(language), fallback=self.key)

    def get_absolute_url(self, language: str | None = None) -> str:
        language = language or get_language()
        return f"/{language}/{self.slug(language)}/"


class Source(models.Model):
    """Where articles come from: an agency wire, a feed, a site, or our own desk."""

    class Kind(models.TextChoices):
        HOUSE = "house", _("own desk")
        AGENCY = "agency", _("agency wire")
        FEED = "feed", _("feed")
        SITE = "site", _("web site")

    key = models.SlugField(_("key"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    siglum = models.CharField(_("siglum"), max_length=16, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.AGENCY)
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    format = models.CharField(_("format"), max_length=20, blank=True, help_text=_("empty: detect"))
    poll_interval = models.PositiveIntegerField(_("poll interval (seconds)"), default=300)
    default_language = models.CharField(_("default language"), max_length=12, blank=True)
    default_section = models.ForeignKey(
        Section, verbose_name=_("default section"), null=True, blank=True, on_delete=models.SET_NULL
    )
    full_text = models.BooleanField(_("fetch full text"), default=False)
    enabled = models.BooleanField(_("enabled"), default=True)
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    error_streak = models.PositiveIntegerField(_("error streak"), default=0)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.name


class Story(models.Model):
    """The cluster of articles about one event, across sources and languages."""

    title = models.CharField(_("title"), max_length=300)
    titles = models.JSONField(_("titles per language"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=12, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last article"), default=timezone.now, db_index=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="merged_stories",
    )

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def __str__(self) -> str:
        return self.title

    def title_in(self, language: str | None = None) -> str:
        """The story's title in an edition, else its main title."""
        return self.titles.get(language or get_language() or "", "") or self.title

    @property
    def slug(self) -> str:
        return make_slug(self.title, fallback="story")

    def get_absolute_url(self, language: str | None = None) -> str:
        language = language or get_language()
        return f"/{language}/story/{self.pk}-{self.slug}/"


class ArticleQuerySet(models.QuerySet):
    def visible(self, now=None) -> ArticleQuerySet:
        """Published, past any embargo and publication time: what readers may see."""
        now = now or timezone.now()
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now).filter(
            Q(embargo_until__isnull=True) | Q(embargo_until__lte=now)
        )

    def in_edition(self, language: str) -> ArticleQuerySet:
        return self.filter(language=language)

    def for_lists(self) -> ArticleQuerySet:
        """Load what teasers show, in a fixed number of queries."""
        return self.select_related("section", "source").prefetch_related("images").order_by("-published_at", "-pk")


def article_path(pk: int, language: str, section: Section | None, slug: str) -> str:
    """An article's address; teaser lists build it from their own rows (gazzetta.reader.related)."""
    return f"/{language}/{section.slug(language) if section else 'news'}/{pk}-{slug}/"


class Article(models.Model):
    """One article in its newest version; earlier versions live in ArticleVersion."""

    class Status(models.TextChoices):
        PUBLISHED = "published", _("published")
        WITHHELD = "withheld", _("withheld")
        WITHDRAWN = "withdrawn", _("withdrawn")

    guid = models.CharField(_("GUID"), max_length=500, unique=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    version_created_at = models.DateTimeField(_("version created"), null=True, blank=True)
    source = models.ForeignKey(Source, verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT)
    language = models.CharField(_("language"), max_length=12)
    slug = models.SlugField(_("slug"), max_length=120, allow_unicode=False)
    headline = models.CharField(_("headline"), max_length=500)
    lead = models.TextField(_("lead"), blank=True)
    body_html = models.TextField(_("body (sanitised HTML)"), blank=True)
    authors = models.JSONField(_("authors"), default=list, blank=True)
    siglum = models.CharField(_("site siglum"), max_length=16, blank=True)
    agency = models.CharField(_("agency credit"), max_length=200, blank=True)
    section = models.ForeignKey(Section, verbose_name=_("section"), null=True, blank=True, on_delete=models.SET_NULL)
    subjects = models.JSONField(_("subjects"), default=list, blank=True)
    story = models.ForeignKey(
        Story, verbose_name=_("story"), null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    story_pinned = models.BooleanField(_("story chosen by an editor"), default=False,
                                       help_text=_("relate keeps the article in this story, also after a rebuild"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PUBLISHED)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), null=True, blank=True)
    embargo_until = models.DateTimeField(_("embargoed until"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)
    correction_note = models.TextField(_("correction note"), blank=True)
    featured = models.BooleanField(_("featured"), default=False)
    pinned = models.BooleanField(_("pinned in its section"), default=False,
                                 help_text=_("shown first on its section page"))
    source_url = models.URLField(_("URL at source"), max_length=1000, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=["language", "status", "-published_at"], name="article_edition_latest"),
            models.Index(fields=["section", "language", "status", "-published_at"], name="article_section_latest"),
            models.Index(fields=["story", "status", "-published_at"], name="article_story_latest"),
            # The few featured and pinned articles, found without walking an edition or section
            # that has none (a walk that grows with the archive).
            models.Index(fields=["language", "status", "-published_at"], condition=Q(featured=True),
                         name="article_featured_latest"),
            models.Index(fields=["section", "language", "status", "-published_at"], condition=Q(pinned=True),
                         name="article_pinned_latest"),
        ]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = make_slug(self.headline)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return article_path(self.pk, self.language, self.section, self.slug)

    @property
    def byline(self) -> str:
        return house_byline(self.authors, self.siglum)

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def lead_image(self) -> Image | None:
        """The first image that has a file; prefetched images are used without a query."""
        return next((image for image in self.images.all() if image.file), None)


class ArticleVersion(models.Model):
    """A snapshot of an article as it was at one version, kept for history and restore."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField(_("version"))
    version_created_at = models.DateTimeField(_("version created"), null=True, blank=True)
    headline = models.CharField(_("headline"), max_length=500)
    lead = models.TextField(_("lead"), blank=True)
    body_html = models.TextField(_("body"), blank=True)
    snapshot = models.JSONField(_("all fields"), default=dict)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    recorded_by = models.CharField(_("recorded by"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["article", "-recorded_at", "-pk"]
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")

    def __str__(self) -> str:
        return f"{self.headline} (v{self.version})"


class Alternate(models.Model):
    """Another source's copy of an article that was recognised as a duplicate and not published twice."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="alternates")
    guid = models.CharField(_("GUID"), max_length=500, unique=True)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL)
    headline = models.CharField(_("headline"), max_length=500, blank=True)
    similarity = models.FloatField(_("similarity"), default=1.0)
    received_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        verbose_name = _("alternate source")
        verbose_name_plural = _("alternate sources")

    def __str__(self) -> str:
        return self.guid


class Image(models.Model):
    """A picture of an article; the record may exist before (or without) its file."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    file = models.ImageField(_("file"), upload_to="images/%Y/%m/", blank=True, width_field="width",
                             height_field="height")
    source_url = models.URLField(_("URL at source"), max_length=1000, blank=True)
    caption = models.TextField(_("caption"), blank=True)
    credit = models.CharField(_("credit"), max_length=300, blank=True)
    alt = models.CharField(_("alt text"), max_length=500, blank=True)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    renditions = models.JSONField(_("renditions"), default=list, blank=True, editable=False,
                                  help_text=_("smaller copies in WebP and JPEG, stored beside the file"))

    class Meta:
        ordering = ["article", "position", "pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self) -> str:
        return self.caption[:80] or self.source_url or f"image {self.pk}"

    def save_file(self, name: str, data: bytes) -> None:
        """Store `data` as the picture file and its size in the row; an earlier file is deleted.

        `file.save()` with bytes left width and height empty in the database, and Django opens the
        file of such a row to measure it every time the row is loaded.
        """
        from gazzetta.newsroom.images import delete_after_commit

        earlier = self.file.name
        self.file.save(name, ContentFile(data), save=False)
        with PillowImage.open(BytesIO(data)) as picture:
            self.width, self.height = picture.size
        self.save()
        if earlier and earlier != self.file.name:
            delete_after_commit(self.file.storage, {earlier})

    @property
    def srcsets(self) -> dict[str, str]:
        """The srcset of each rendition format ({"webp": "… 480w, …", "jpeg": …}); empty without renditions."""
        from gazzetta.newsroom.images import srcsets

        return srcsets(self)


class Relation(models.Model):
    """A stored recommendation: computed by `relate`, or the source's own teaser (which may not be here yet)."""

    class Kind(models.TextChoices):
        RECOMMENDED = "recommended", _("recommended")
        SOURCE = "source", _("recommended by the source")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="relations")
    related = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.RECOMMENDED)
    rank = models.PositiveSmallIntegerField(_("rank"), default=0)
    score = models.FloatField(_("score"), default=0.0)
    reasons = models.JSONField(_("reasons"), default=dict, blank=True)
    headline = models.CharField(_("headline"), max_length=500, blank=True)
    lead = models.TextField(_("lead"), blank=True)

    class Meta:
        ordering = ["article", "kind", "rank"]
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [models.UniqueConstraint(fields=["article", "kind", "rank"], name="relation_unique_rank")]

    def __str__(self) -> str:
        return f"{self.article_id} → {self.related_id or self.headline}"
