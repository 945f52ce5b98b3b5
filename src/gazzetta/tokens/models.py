"""API tokens: only a hash of the secret is kept; the secret is shown once, when issued."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_MARK = "gz_"
PREFIX_LENGTH = 8
SECRET_BYTES = 32
LAST_USED_RESOLUTION = timedelta(minutes=1)


class Scope(models.TextChoices):
    INGEST = "ingest", _("push articles (ingest)")
    READ = "read", _("read the API")


def hash_secret(secret: str) -> str:
    """Return the hex SHA-256 of a token; secrets are long and random, so no salt or stretching is needed."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return TOKEN_MARK + secrets.token_urlsafe(SECRET_BYTES)


class ApiToken(models.Model):
    """A bearer token for machines (wire pushers, API readers), scoped and revocable."""

    name = models.CharField(_("name"), max_length=200, help_text=_("who or what uses it, e.g. 'dpa push'"))
    prefix = models.CharField(_("prefix"), max_length=PREFIX_LENGTH, db_index=True, editable=False)
    secret_hash = models.CharField(_("SHA-256 of the secret"), max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL,
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def set_secret(self) -> str:
        """Give the token a fresh secret and return it: the only moment it is known."""
        secret = new_secret()
        self.prefix = secret[:PREFIX_LENGTH]
        self.secret_hash = hash_secret(secret)
        return secret

    def is_expired(self, now=None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def allows(self, scope: str) -> bool:
        return scope in self.scopes

    def mark_used(self, now=None) -> None:
        """Record use, at most once per LAST_USED_RESOLUTION so that busy pushers do not write on every call."""
        now = now or timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now


def issue_token(name: str, scopes: list[str], *, created_by=None, expires_at=None) -> tuple[ApiToken, str]:
    """Create and save a token; return it with its secret (shown to the user once, never stored)."""
    token = ApiToken(name=name, scopes=list(scopes), created_by=created_by, expires_at=expires_at)
    secret = token.set_secret()
    token.save()
    return token, secret
