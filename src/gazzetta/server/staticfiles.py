"""Static files with hashed names and brotli/gzip copies, cached for a year."""

import hashlib
import os
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from whitenoise.storage import CompressedManifestStaticFilesStorage

SOURCES_STAMP = ".sources.sha256"


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Whitenoise's manifest storage that also works before `collectstatic` has run.

    Tests and development then get plain names (served from the apps by whitenoise's
    finders); `gazzetta serve` collects first, so production gets hashed, immutable names.
    """

    manifest_strict = False

    def stored_name(self, name: str) -> str:
        if not self.hashed_files:
            return name
        return super().stored_name(name)


def collect_if_changed() -> bool:
    """Run `collectstatic` unless STATIC_ROOT was collected from the very same source files.

    Its brotli pass takes a minute or more on a small machine, and `gazzetta serve` calls this at
    every start; return whether it ran.
    """
    root = Path(settings.STATIC_ROOT)
    stamp, current = root / SOURCES_STAMP, sources_digest()
    if (root / "staticfiles.json").exists() and stamp.exists() and stamp.read_text() == current:
        return False
    stamp.unlink(missing_ok=True)
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(current)
    return True


def sources_digest() -> str:
    """Digest of every file collectstatic would collect: its name, size and modification time."""
    ignore = apps.get_app_config("staticfiles").ignore_patterns
    entries = sorted(_entry(path, storage.path(path)) for finder in finders.get_finders()
                     for path, storage in finder.list(ignore))
    return hashlib.sha256("\n".join(entries).encode()).hexdigest()


def _entry(name: str, path: str) -> str:
    status = os.stat(path)
    return f"{name}\0{status.st_size}\0{status.st_mtime_ns}"
