"""Measure ingest throughput through the whole pipeline on SQLite, and its peak memory.

Two runs on a fresh SQLite database in a temporary GAZZETTA_HOME: N generated ninjs items
(distinct texts of 150-450 words from a seeded pseudo-vocabulary, a third with a picture URL
and two source recommendations, sent as ninjs lists of --batch items like a wire push), then
every file of the NewsML-G2 corpus (real agency items; one file per payload). "Whole pipeline"
= archive, parse, normalise, identify, decide (incl. the near-duplicate lookup), store, and
the article_changed receivers that are connected (they run after each commit, as in
production; --quiet-receivers disconnects them to show ingest's own cost).

Usage: python bench/ingest.py [--items 10000] [--batch 100] [--seed 5] [--quiet-receivers]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
os.environ["GAZZETTA_HOME"] = tempfile.mkdtemp(prefix="gazzetta-bench-ingest-")
os.environ.pop("DATABASE_URL", None)  # the embedded default is what this measures
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazzetta.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from gazzetta.ingest.pipeline import ingest_payload  # noqa: E402
from gazzetta.newsroom.signals import article_changed  # noqa: E402

SYLLABLES = ("ka", "lo", "mi", "ter", "san", "vor", "bel", "dri", "nu", "po", "gra", "sel", "tan", "ro", "fe")
VOCABULARY = 30000
LANGUAGES = ("de", "it", "en")


def vocabulary(rng: random.Random) -> list[str]:
    words = {"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(VOCABULARY)}
    return sorted(words)


def generated_item(rng: random.Random, words: list[str], number: int) -> dict:
    """Return one ninjs text item with a distinct body of 150-450 pseudo-words."""
    paragraphs = [" ".join(rng.choices(words, k=rng.randint(30, 90))).capitalize() + "." for _ in range(rng.randint(3, 6))]
    item = {"uri": f"urn:bench:{number}", "version": 1, "type": "text", "language": rng.choice(LANGUAGES),
            "headline": " ".join(rng.choices(words, k=8)).capitalize(),
            "versioncreated": "2024-05-02T10:00:00Z", "pubstatus": "usable",
            "body_html": "".join(f"<p>{text}</p>" for text in paragraphs),
            "subject": [{"code": f"medtop:{rng.randint(1, 17):02d}000000", "name": "topic"}]}
    if number % 3 == 0:
        item["associations"] = {"featureimage": {"type": "picture", "headline": "picture",
                                                 "renditions": {"original": {"href": f"https://img.example/{number}.jpg"}}}}
    return item


def batches(items: list[dict], size: int) -> list[bytes]:
    return [json.dumps(items[start:start + size]).encode() for start in range(0, len(items), size)]


def timed(payloads: list[tuple[str, bytes]]) -> tuple[float, Counter]:
    statuses = Counter()
    started = time.perf_counter()
    for origin, data in payloads:
        statuses.update(result.status for result in ingest_payload(data, origin=origin))
    return time.perf_counter() - started, statuses


def report(title: str, seconds: float, statuses: Counter) -> None:
    items = sum(statuses.values())
    print(f"{title}: {items} items in {seconds:.1f} s = {items / seconds:.0f} items/s  {dict(statuses)}")


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{platform.platform()}; {os.cpu_count()} CPUs ({model}); Python {platform.python_version()}; "
            f"SQLite {sqlite3.sqlite_version}; load average at start {load:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--quiet-receivers", action="store_true")
    parser.add_argument("--shared", type=Path, default=Path(os.environ.get("GAZZETTA_SHARED", REPO.parent / "shared")))
    options = parser.parse_args()
    print(machine())
    call_command("migrate", verbosity=0)
    if options.quiet_receivers:
        article_changed.receivers.clear()
    print(f"article_changed receivers connected: {len(article_changed.receivers)}")

    rng = random.Random(options.seed)
    words = vocabulary(rng)
    items = [generated_item(rng, words, number) for number in range(options.items)]
    payloads = [(f"bench:{index}", data) for index, data in enumerate(batches(items, options.batch))]
    report(f"generated ninjs, lists of {options.batch}", *timed(payloads))

    corpus = sorted(path for path in (options.shared / "corpus/newsml-g2/dev").rglob("*.xml"))
    if corpus:
        report(f"NewsML-G2 corpus, {len(corpus)} files", *timed([(f"file:{p.name}", p.read_bytes()) for p in corpus]))
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
