"""The inbox folder: drop a file into GAZZETTA_HOME/inbox and it is ingested.

A file is taken once it has settled (not modified for SETTLE_SECONDS, not a dotfile, not
named like a partial download), claimed by renaming it into inbox/processing/ (a rename is
atomic, so two schedulers never take the same file), ingested, and moved to
inbox/processed/ — or to inbox/failed/ with `<name>.reason.txt` beside it saying why. A file
with any rejected item goes to failed/ (its accepted items are stored all the same), so
that an operator sees every rejection; dropping it again after a fix is harmless, since
the pipeline answers "unchanged" for what it already has. A file left in processing/ by a
process that died while ingesting it goes back to the inbox after STALLED_SECONDS
(`take_back_stalled`, run before each pass), so a crash loses no file.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from gazzetta.ingest import pipeline
from gazzetta.ingest.fetch import fetch_image

log = logging.getLogger(__name__)

SETTLE_SECONDS = 2.0
STALLED_SECONDS = 3600.0  # far longer than the largest file takes; a live ingest is never taken back
MAX_FILE_BYTES = 200 * 1024 * 1024
PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".temp", ".crdownload", ".filepart", ".swp", "~")
PROCESSING, PROCESSED, FAILED = "processing", "processed", "failed"


@dataclass(frozen=True)
class InboxOutcome:
    """Where one dropped file ended up, with the pipeline's results and, if it failed, why."""

    name: str
    moved_to: Path
    results: tuple = ()
    reason: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.reason)


def inbox_folder() -> Path:
    folder = settings.GAZZETTA.home / "inbox"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def ready_files(folder: Path, now: float | None = None) -> list[Path]:
    """Files at the top of `folder` that look complete, in name order."""
    now = time.time() if now is None else now
    return sorted(path for path in folder.iterdir() if _is_ready(path, now))


def take_back_stalled(folder: Path, now: float | None = None) -> list[Path]:
    """Move files claimed more than STALLED_SECONDS ago back into the inbox; return their new paths."""
    now = time.time() if now is None else now
    processing = folder / PROCESSING
    stalled = sorted(path for path in processing.iterdir()
                     if path.is_file() and now - path.stat().st_mtime >= STALLED_SECONDS) if processing.is_dir() else []
    returned = []
    for path in stalled:
        log.warning("ingest: inbox: %s stalled in processing/; taking it back", path.name)
        returned.append(path.rename(_free_path(folder, path.name)))
    return returned


def _is_ready(path: Path, now: float) -> bool:
    name = path.name
    if name.startswith(".") or name.lower().endswith(PARTIAL_SUFFIXES) or not path.is_file():
        return False
    return now - path.stat().st_mtime >= SETTLE_SECONDS


def ingest_file(path: Path, *, ingest: Callable | None = None) -> InboxOutcome | None:
    """Claim, ingest (with pipeline.ingest_payload unless told otherwise) and file away one dropped file.

    Return None when someone else claimed the file first.
    """
    claimed = _claim(path)
    if claimed is None:
        return None
    results, reason = _ingest_claimed(claimed, path.name, ingest or pipeline.ingest_payload)
    return _file_away(claimed, path.parent, path.name, tuple(results), reason)


def _claim(path: Path) -> Path | None:
    """Rename the file into processing/, stamped with the claim time (see take_back_stalled)."""
    try:
        claimed = path.rename(_free_path(_subfolder(path.parent, PROCESSING), path.name))
    except FileNotFoundError:
        return None
    os.utime(claimed)
    return claimed


def _ingest_claimed(claimed: Path, name: str, ingest: Callable) -> tuple[list, str]:
    """Return (results, reason): the reason lists the rejections, or the error that stopped the file."""
    try:
        _check_size(claimed)
        results = ingest(claimed.read_bytes(), origin=f"inbox:{name}", fetch_image=fetch_image)
    except Exception as error:  # a broken file or a bug must not block the inbox
        log.exception("ingest: inbox: %s failed", name)
        return [], f"ingest: inbox: {name}: {type(error).__name__}: {error}"
    return results, _rejections(results)


def _check_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ValueError(f"{size} bytes, more than the inbox limit of {MAX_FILE_BYTES}")


def _rejections(results: list) -> str:
    return "\n".join(f"{result.ref or '(payload)'}: {result.error}" for result in results
                     if result.status == "rejected")


def _file_away(claimed: Path, inbox: Path, name: str, results: tuple, reason: str) -> InboxOutcome:
    destination = _free_path(_subfolder(inbox, FAILED if reason else PROCESSED), name)
    claimed.rename(destination)
    if reason:
        destination.with_name(destination.name + ".reason.txt").write_text(reason + "\n", encoding="utf-8")
    return InboxOutcome(name, destination, results, reason)


def _subfolder(inbox: Path, name: str) -> Path:
    folder = inbox / name
    folder.mkdir(exist_ok=True)
    return folder


def _free_path(folder: Path, name: str) -> Path:
    """`folder/name`, or `folder/name-2.ext`, `-3`… when a file of that name was filed before."""
    candidate, number, stem, suffix = folder / name, 1, Path(name).stem, Path(name).suffix
    while candidate.exists():
        number += 1
        candidate = folder / f"{stem}-{number}{suffix}"
    return candidate
