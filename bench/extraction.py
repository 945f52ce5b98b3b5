"""Article-body quality of Gazzetta's HTML path on the Zyte/ScrapingHub extraction benchmark.

    .venv/bin/python bench/extraction.py [FOLDER]

FOLDER holds html/<id>.html.gz and ground-truth.json ({id: {articleBody, url}}); it defaults
to ../shared/corpus/article-extraction-benchmark/dev beside the repository. The metric is the
benchmark's own (scrapinghub/article-extraction-benchmark, evaluate.py), re-implemented: texts
are cut into \\w+ tokens, 4-token shingles are counted as multisets, each page's tp/fp/fn are
scaled to sum to 1, precision and recall are averaged over the pages where they are defined,
and F1 is computed from the two averages. trafilatura's default extraction runs alongside as
the reference, in the same process.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import platform
import re
import statistics
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura
from lxml import html as lxml_html

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY / "src"))

from gazzetta.ingest.formats import parse  # noqa: E402  (needs the src path above)
from gazzetta.ingest.wireitem import WireItem  # noqa: E402

DEFAULT_FOLDER = REPOSITORY.parent / "shared/corpus/article-extraction-benchmark/dev"
SHINGLE_SIZE = 4
_TOKEN = re.compile(r"\w+")

Counts = tuple[float, float, float]


def tokens(text: str) -> list[str]:
    """Cut text into runs of word characters (any script), as the benchmark does."""
    return _TOKEN.findall(text or "")


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter:
    """Count the `size`-token shingles; a text shorter than that is one shorter shingle."""
    words = tokens(text)
    starts = range(max(1, len(words) - size + 1))
    return Counter(tuple(words[start:start + size]) for start in starts if words[start:start + size])


def page_counts(true: str, predicted: str) -> Counts:
    """Return the page's (tp, fp, fn) over shingles, scaled so that they sum to 1."""
    expected, found = shingles(true), shingles(predicted)
    tp = sum((expected & found).values())
    fp = sum((found - expected).values())
    fn = sum((expected - found).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def precision(tp: float, fp: float, fn: float) -> float:
    """Page precision; perfect when nothing is wrong either way, zero when nothing is right."""
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def recall(tp: float, fp: float, fn: float) -> float:
    """Page recall, with the same conventions as `precision`."""
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def scores(pages: list[Counts]) -> tuple[float, float, float]:
    """Average precision over pages that predicted something, recall over pages with gold text."""
    mean_precision = statistics.mean(precision(*page) for page in pages if page[0] + page[1] > 0)
    mean_recall = statistics.mean(recall(*page) for page in pages if page[0] + page[2] > 0)
    f1 = 2 * mean_precision * mean_recall / (mean_precision + mean_recall)
    return mean_precision, mean_recall, f1


def gazzetta_body(data: bytes) -> str:
    """Run Gazzetta's HTML parser and return the body it found as text, block by block."""
    result = parse(data, format="html")
    item = result[0] if result else None
    return body_text(item.body_html) if isinstance(item, WireItem) else ""


def body_text(body_html: str) -> str:
    """Return the text of body HTML with one line per block, so no two blocks run together."""
    if not body_html.strip():
        return ""
    blocks = lxml_html.fragments_fromstring(body_html)
    return "\n".join(line for block in blocks for line in _lines(block))


def _lines(block) -> list[str]:
    items = block.findall(".//li") or block.findall(".//p") or [block]
    return [item.text_content() for item in items]


def trafilatura_body(data: bytes) -> str:
    """The reference: trafilatura.extract with its defaults, on the page read as UTF-8."""
    return trafilatura.extract(data.decode("utf-8", errors="replace"), include_comments=False) or ""


SYSTEMS: dict[str, Callable[[bytes], str]] = {
    "gazzetta": gazzetta_body,
    "trafilatura": trafilatura_body,
}


def evaluate(folder: Path) -> dict[str, tuple[float, float, float]]:
    """Score every system on every page of `folder`'s ground truth."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    counts: dict[str, list[Counts]] = {name: [] for name in SYSTEMS}
    for page_id, expected in sorted(truth.items()):
        data = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes())
        for name, system in SYSTEMS.items():
            counts[name].append(page_counts(expected.get("articleBody", ""), system(data)))
    return {name: scores(pages) for name, pages in counts.items()}


def machine() -> str:
    """Describe the machine the figures were measured on."""
    processor = platform.processor() or platform.machine()
    return f"machine: {platform.platform()}, {processor}, {os.cpu_count()} CPUs"


def main(argv: list[str] | None = None) -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    folder = arguments.parse_args(argv).folder
    logging.getLogger("trafilatura").setLevel(logging.ERROR)  # per-page warnings drown the result
    print(machine())
    print(f"python {platform.python_version()}, trafilatura {trafilatura.__version__}, {folder}")
    for name, (p, r, f1) in evaluate(folder).items():
        print(f"{name} precision {p:.3f} recall {r:.3f} F1 {f1:.3f}")


if __name__ == "__main__":
    main()
