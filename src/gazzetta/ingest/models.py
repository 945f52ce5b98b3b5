"""What ingest keeps beside the newsroom: receipts of raw payloads, the subject table, dedupe keys."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gazzetta.newsroom.models import Article, Relation, Section, Source


class Receipt(models.Model):
    """One payload as received: where it came from and where its raw bytes are archived."""

    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    origin = models.CharField(_("origin"), max_length=1000)
    source = models.ForeignKey(Source, verbose_name=_("source"), null=True, blank=True, on_delete=models.SET_NULL)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    path = models.CharField(_("archived at"), max_length=300, help_text=_("relative to the archive folder"))
    requested_format = models.CharField(_("requested format"), max_length=20, blank=True,
                                        help_text=_("empty: detected"))
    format = models.CharField(_("format"), max_length=20, blank=True)
    url = models.CharField(_("URL"), max_length=1000, blank=True)
    results = models.JSONField(_("results"), default=list, blank=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self) -> str:
        return f"{self.origin} ({self.received_at:%Y-%m-%d %H:%M})"

    def count(self, status: str) -> int:
        return sum(1 for result in self.results if result.get("status") == status)


class SubjectMapping(models.Model):
    """An editor's rule: items with this subject code or name go to this section."""

    subject = models.CharField(
        _("subject code or name"), max_length=200, unique=True,
        help_text=_('a code such as "medtop:20000763" or a name such as "Fußball"; compared without case'),
    )
    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.CASCADE)

    class Meta:
        ordering = ["subject"]
        verbose_name = _("subject mapping")
        verbose_name_plural = _("subject mappings")

    def __str__(self) -> str:
        return f"{self.subject} → {self.section}"


class Fingerprint(models.Model):
    """An article's text fingerprint: normalised headline (for teasers) and MinHash signature."""

    article = models.OneToOneField(Article, primary_key=True, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=12)
    headline_key = models.CharField(max_length=500)
    signature = models.BinaryField(blank=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["language", "headline_key"], name="fingerprint_headline")]


class BandKey(models.Model):
    """One LSH band of a signature; articles sharing a band are near-duplicate candidates."""

    fingerprint = models.ForeignKey(Fingerprint, on_delete=models.CASCADE, related_name="bands")
    key = models.BigIntegerField(db_index=True)


class PendingTeaser(models.Model):
    """A source recommendation whose article has not arrived yet, found by its normalised headline."""

    relation = models.OneToOneField(Relation, primary_key=True, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=12)
    headline_key = models.CharField(max_length=500)

    class Meta:
        indexes = [models.Index(fields=["language", "headline_key"], name="pending_teaser_headline")]
