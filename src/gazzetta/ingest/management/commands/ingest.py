"""`gazzetta ingest [--json] [--format F] PATH|URL|DIR …`: ingest files, folders and URLs; one line per item.

Exit status: 0 when no item was rejected, 1 when one was, 2 on a usage error (a path that does
not exist, an unknown format).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gazzetta.ingest import fetch, formats
from gazzetta.ingest.pipeline import ItemResult, Lookups, ingest_payload

URL_MAX_BYTES = 50 * 1024 * 1024
URL_TIMEOUT = 30.0
HEADLINE_WIDTH = 60
Loader = Callable[[], bytes]


class Command(BaseCommand):
    help = "Ingest wire files, folders (recursively, in name order; .gz read transparently) and URLs."

    def add_arguments(self, parser):
        parser.add_argument("targets", nargs="+", metavar="PATH|URL|DIR")
        parser.add_argument("--json", dest="as_json", action="store_true", help="one JSON object per line and item")
        parser.add_argument("--format", choices=sorted(formats.PARSERS), help="skip detection: parse as this format")
        parser.add_argument("--no-images", action="store_true", help="do not download pictures given by URL")

    def handle(self, *args, targets, as_json, format, no_images, **options):
        payloads = list(expand(targets))
        fetch_image = None if no_images else fetch.fetch_image
        rejected = total = 0
        lookups = Lookups()
        if not as_json:
            self.stdout.write(f"{'STATUS':<10} {'ID':>7} {'LANG':<4} {'HEADLINE':<{HEADLINE_WIDTH}} URL / ERROR")
        for origin, load in payloads:
            results = ingest_one(origin, load, format, fetch_image, lookups)
            if not results:
                self.stderr.write(f"ingest: {origin}: no items")
            for result in results:
                self.stdout.write(as_line(result) if as_json else as_row(result, origin))
            total += len(results)
            rejected += sum(result.status == "rejected" for result in results)
        if rejected:
            raise CommandError(f"ingest: {rejected} of {total} items rejected", returncode=1)


def expand(targets: list[str]) -> Iterator[tuple[str, Loader]]:
    """Yield (origin, loader) per payload; every path is checked before anything is ingested."""
    missing = [target for target in targets if not is_url(target) and not Path(target).exists()]
    if missing:
        raise CommandError(f"ingest: no such file or folder: {', '.join(missing)}", returncode=2)
    for target in targets:
        if is_url(target):
            yield f"url:{target}", lambda target=target: download(target)
        else:
            for path in files_in(Path(target)):
                yield f"file:{path}", path.read_bytes


def is_url(target: str) -> bool:
    return target.startswith(("http://", "https://"))


def files_in(path: Path) -> list[Path]:
    """Return `path` itself, or the files below it in name order, leaving out hidden ones."""
    if path.is_file():
        return [path]
    return sorted(found for found in path.rglob("*")
                  if found.is_file() and not any(part.startswith(".") for part in found.relative_to(path).parts))


def download(url: str) -> bytes:
    return fetch.fetch(url, max_bytes=URL_MAX_BYTES, timeout=URL_TIMEOUT).content


def ingest_one(origin: str, load: Loader, format: str | None, fetch_image, lookups: Lookups) -> list[ItemResult]:
    """Ingest one payload; a file or URL that cannot be read becomes a rejected result."""
    try:
        data = load()
    except (OSError, fetch.FetchError) as error:
        return [ItemResult("rejected", error=f"ingest: {origin}: {error}")]
    return ingest_payload(data, origin=origin, format=format, url=origin[4:] if origin.startswith("url:") else None,
                          fetch_image=fetch_image, lookups=lookups)


def as_line(result: ItemResult) -> str:
    return json.dumps(result.as_json(), ensure_ascii=False)


def as_row(result: ItemResult, origin: str) -> str:
    headline = result.headline if len(result.headline) <= HEADLINE_WIDTH else result.headline[:HEADLINE_WIDTH - 1] + "…"
    where = result.error or result.url
    return (f"{result.status:<10} {result.id or '-':>7} {result.language or '-':<4} {headline:<{HEADLINE_WIDTH}} "
            f"{where}  [{origin}]")
