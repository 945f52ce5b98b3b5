"""Keep every payload as received, before parsing, so nothing is lost and a parser fix can re-read it.

Bytes go to GAZZETTA_HOME/archive/YYYY/MM/DD/<sha256>.bin (written once, atomically); a Receipt
row records where they came from and, after processing, what became of each item.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from gazzetta.ingest.models import Receipt
from gazzetta.newsroom.models import Source


class ArchiveError(RuntimeError):
    """Archived bytes are missing or no longer match their receipt."""


def archive_root() -> Path:
    return Path(settings.HOME) / "archive"


def keep(data: bytes, *, origin: str, source: Source | None = None, format: str | None = None,
         url: str | None = None) -> Receipt:
    """Write `data` to the archive and return its Receipt."""
    received_at = timezone.now()
    digest = hashlib.sha256(data).hexdigest()
    relative = f"{received_at:%Y/%m/%d}/{digest}.bin"
    write_once(archive_root() / relative, data)
    return Receipt.objects.create(
        received_at=received_at, origin=origin[:1000], source=source, sha256=digest, size=len(data),
        path=relative, requested_format=format or "", url=(url or "")[:1000],
    )


def write_once(path: Path, data: bytes) -> None:
    """Write `data` at `path` unless it is there already; readers never see a half-written file."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def read(receipt: Receipt) -> bytes:
    """Return the archived bytes of `receipt`, checked against its sha256."""
    path = archive_root() / receipt.path
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ArchiveError(f"ingest: archive: receipt {receipt.pk}: {receipt.path} is missing") from None
    if hashlib.sha256(data).hexdigest() != receipt.sha256:
        raise ArchiveError(f"ingest: archive: receipt {receipt.pk}: {receipt.path} does not match its sha256")
    return data


def record(receipt: Receipt, format: str, results: list[dict]) -> None:
    """Store the detected format and the items' results on the receipt."""
    receipt.format, receipt.results, receipt.processed_at = format, results, timezone.now()
    receipt.save(update_fields=["format", "results", "processed_at"])
