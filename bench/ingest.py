"""Measure ingest throughput on SQLite, wall and CPU time, and peak memory.

Two payload sets on a fresh SQLite database in a temporary GAZZETTA_HOME: N generated ninjs
items (distinct texts of 150-450 words from a seeded pseudo-vocabulary, a third with a picture
URL, sent as ninjs lists of --batch items like a wire push), then every file of the NewsML-G2
corpus (real agency items; one file per payload). Each set runs in two modes, each on an
emptied database:

- "pipeline": ingest's own steps (archive, parse, normalise, identify, decide with the
  near-duplicate lookup, store; one transaction per item), the article_changed receivers
  disconnected. The issue's target (>= 300 items/s) refers to this figure.
- "end-to-end": the same with the connected receivers (search index, relate), which run
  in-process after each commit as on the embedded default; their share is printed apart.

The machine is shared, so this process's CPU seconds are printed beside the wall seconds.

Usage: python bench/ingest.py [--items 10000] [--batch 100] [--seed 5] [--modes pipeline,end-to-end]
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
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
os.environ["GAZZETTA_HOME"] = tempfile.mkdtemp(prefix="gazzetta-bench-ingest-")
os.environ.pop("DATABASE_URL", None)  # the embedded default is what this measures
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazzetta.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from gazzetta.ingest.normalise import detect_language  # noqa: E402
from gazzetta.ingest.pipeline import Lookups, ingest_payload  # noqa: E402
from gazzetta.newsroom.signals import article_changed  # noqa: E402

SYLLABLES = ("ka", "lo", "mi", "ter", "san", "vor", "bel", "dri", "nu", "po", "gra", "sel", "tan", "ro", "fe")
VOCABULARY = 30000
LANGUAGES = ("de", "it", "en")
MODES = ("pipeline", "end-to-end")


@dataclass
class Clock:
    """Wall and CPU seconds spent inside one kind of call."""

    wall: float = 0.0
    cpu: float = 0.0

    def around(self, function):
        def timed(*args, **kwargs):
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.wall += time.perf_counter() - wall
                self.cpu += time.process_time() - cpu
        return timed


@dataclass
class Figures:
    statuses: Counter = field(default_factory=Counter)
    total: Clock = field(default_factory=Clock)
    receivers: Clock = field(default_factory=Clock)


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


def timed(payloads: list[tuple[str, bytes]], receivers: bool) -> Figures:
    """Ingest the payloads into an emptied database; the receivers' share is clocked apart."""
    call_command("flush", interactive=False, verbosity=0)
    figures = Figures()
    saved = list(article_changed.receivers)
    if not receivers:
        article_changed.receivers.clear()
    article_changed.send = figures.receivers.around(type(article_changed).send.__get__(article_changed))
    try:
        ingest = figures.total.around(ingest_payload)
        lookups = Lookups()  # one run over the whole set, as `gazzetta ingest DIR` does
        for origin, data in payloads:
            figures.statuses.update(result.status for result in ingest(data, origin=origin, lookups=lookups))
    finally:
        article_changed.receivers[:] = saved
        del article_changed.send
        article_changed.sender_receivers_cache.clear()
    return figures


def report(title: str, mode: str, figures: Figures) -> None:
    items, total, receivers = sum(figures.statuses.values()), figures.total, figures.receivers
    print(f"{title} [{mode}]: {items} items in {total.wall:.1f} s wall = {items / total.wall:.0f} items/s; "
          f"CPU {total.cpu:.1f} s = {items / total.cpu:.0f} items per CPU-second  {dict(figures.statuses)}")
    if mode == "end-to-end":
        print(f"    of which the receivers (search, relate): {receivers.wall:.1f} s wall, {receivers.cpu:.1f} s CPU; "
              f"without them {items / (total.wall - receivers.wall):.0f} items/s wall, "
              f"{items / (total.cpu - receivers.cpu):.0f} per CPU-second")


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
    parser.add_argument("--modes", default=",".join(MODES), help="comma-separated: pipeline, end-to-end")
    parser.add_argument("--shared", type=Path, default=Path(os.environ.get("GAZZETTA_SHARED", REPO.parent / "shared")))
    options = parser.parse_args()
    modes = [mode for mode in options.modes.split(",") if mode in MODES]
    print(machine())
    call_command("migrate", verbosity=0)
    print(f"article_changed receivers connected: {len(article_changed.receivers)}")
    warm_up = Clock()
    warm_up.around(detect_language)("Eine Meldung zum Aufwärmen.")
    print(f"once per process, not counted below: loading the language model {warm_up.wall:.1f} s wall, "
          f"{warm_up.cpu:.1f} s CPU")

    rng = random.Random(options.seed)
    words = vocabulary(rng)
    items = [generated_item(rng, words, number) for number in range(options.items)]
    payloads = [(f"bench:{index}", data) for index, data in enumerate(batches(items, options.batch))]
    corpus = sorted(path for path in (options.shared / "corpus/newsml-g2/dev").rglob("*.xml"))
    files = [(f"file:{path.name}", path.read_bytes()) for path in corpus]
    for mode in modes:
        report(f"generated ninjs, lists of {options.batch}", mode, timed(payloads, mode == "end-to-end"))
        if files:
            report(f"NewsML-G2 corpus, {len(files)} files", mode, timed(files, mode == "end-to-end"))
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
