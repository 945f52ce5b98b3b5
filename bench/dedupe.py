"""Measure where near-duplicates end: similarity of near-copies versus different articles on one topic.

Near-copies are generated from the real dpa items of the NewsML-G2 corpus the way copies differ
in practice (a sentence replaced or reworded, a paragraph dropped or added, a new headline and
dateline). Different articles come from the same corpus (all pairs of the dpa day, which holds
several items per event), from SemEval-2022 Task 8 (pairs rated "same story" by annotators, in
one language), from 10kGNAD (same category) and from WikiRef220 (same topic). For each group the
script prints the exact Jaccard similarity of word shingles for several shingle sizes and the
MinHash estimate that `gazzetta.ingest.dedupe` stores, so the threshold can be chosen between
the lowest near-copy and the highest different article.

Usage: python bench/dedupe.py [--shared PATH] [--seed 3]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import os
import random
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazzetta.settings")
os.environ.setdefault("GAZZETTA_HOME", tempfile.mkdtemp(prefix="gazzetta-bench-"))

import django  # noqa: E402

django.setup()

from gazzetta.ingest import dedupe  # noqa: E402
from gazzetta.ingest.formats import newsml_g2  # noqa: E402
from gazzetta.ingest.normalise import body_of, html_to_text, plain_text, text_key  # noqa: E402
from gazzetta.ingest.wireitem import WireItem  # noqa: E402

SHINGLE_SIZES = (2, 3, 5)
SENTENCE = re.compile(r"(?<=[.!?»“\"])\s+")
MIN_WORDS = 60  # the items the near-duplicate step compares at all (dedupe.MIN_SHINGLES)
PAIRS_PER_GROUP = 3000
csv.field_size_limit(10**8)


def dpa_articles(shared: Path) -> list[tuple[str, list[str]]]:
    """Return (headline, paragraphs) of the dpa day's text items."""
    articles = []
    for path in sorted((shared / "corpus/newsml-g2/dev/dpa-sample-20170629").iterdir()):
        for item in newsml_g2.parse(path.read_bytes()):
            if isinstance(item, WireItem):
                articles.append((plain_text(item.headline), blocks(body_of(item))))
    return [(headline, paragraphs) for headline, paragraphs in articles if len(" ".join(paragraphs).split()) >= MIN_WORDS]


def blocks(body_html: str) -> list[str]:
    """Return the text of each paragraph and table, in order (what the pipeline fingerprints)."""
    found = re.findall(r"<p>.*?</p>|<table\b.*?</table>", body_html, flags=re.S)
    return [block for block in map(html_to_text, found) if block]


def text(headline: str, paragraphs: list[str]) -> str:
    return " ".join([headline, *paragraphs])


def sentences(paragraphs: list[str]) -> list[tuple[int, int, str]]:
    return [(p, s, sentence) for p, paragraph in enumerate(paragraphs)
            for s, sentence in enumerate(SENTENCE.split(paragraph))]


def replace_sentences(paragraphs: list[str], replacements: dict[tuple[int, int], str]) -> list[str]:
    """Return `paragraphs` with the sentence at each (paragraph, sentence) position replaced."""
    return [" ".join(replacements.get((p, s), sentence) for s, sentence in enumerate(SENTENCE.split(paragraph)))
            for p, paragraph in enumerate(paragraphs)]


def near_copies(articles, rng: random.Random) -> dict[str, list[tuple[str, str]]]:
    """Return generated (original, copy) text pairs per kind of change."""
    pairs = defaultdict(list)
    for index, (headline, paragraphs) in enumerate(articles):
        other_headline, other = articles[(index + 1 + rng.randrange(len(articles) - 1)) % len(articles)]
        original = text(headline, paragraphs)
        spots = sentences(paragraphs)
        p, s, sentence = rng.choice(spots[1:] or spots)
        foreign = rng.choice(sentences(other))[2]
        pairs["one sentence replaced"].append((original, text(headline, replace_sentences(paragraphs, {(p, s): foreign}))))
        words = sentence.split()
        for position in rng.sample(range(len(words)), min(3, len(words))):
            words[position] = rng.choice(("nun", "jedoch", "bereits", "erneut", "offenbar"))
        pairs["one sentence reworded"].append((original, text(headline, replace_sentences(paragraphs, {(p, s): " ".join(words)}))))
        if len(paragraphs) > 2:
            pairs["last paragraph dropped"].append((original, text(headline, paragraphs[:-1])))
        pairs["paragraph added"].append((original, text(headline, [*paragraphs, rng.choice(other)])))
        first = SENTENCE.split(paragraphs[0])
        retitled = [" ".join([f"Berlin (AFP) - {first[0]}", *first[1:]]), *paragraphs[1:]]
        pairs["new headline and dateline"].append((original, text(other_headline, retitled)))
        if len(spots) > 4:
            (p1, s1, _), (p2, s2, _) = rng.sample(spots[1:], 2)
            twice = replace_sentences(paragraphs, {(p1, s1): rng.choice(sentences(other))[2],
                                                   (p2, s2): rng.choice(sentences(other))[2]})
            pairs["two sentences replaced"].append((original, text(headline, twice)))
    return pairs


def different_articles(shared: Path, articles, rng: random.Random) -> dict[str, list[tuple[str, str]]]:
    groups = {"dpa day, all pairs (incl. same event)": [
        (text(*one), text(*other)) for one, other in itertools.combinations(articles, 2)]}
    groups["SemEval same story (Overall <= 2), one language"] = semeval_pairs(shared)
    groups["10kGNAD same category"] = same_label_pairs(gnad_texts(shared), rng)
    groups["WikiRef220 same topic"] = same_label_pairs(wikiref_texts(shared), rng)
    return groups


def semeval_pairs(shared: Path) -> list[tuple[str, str]]:
    path = shared / "corpus/news-clustering-similarity/dev/semeval2022-task8/pairs.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [(row["text1"], row["text2"]) for row in rows
            if row["lang1"] == row["lang2"] and float(row["Overall"]) <= 2.0 and row["pair_id"].replace("_", "").isdigit()
            and row["rows_with_same_pair_id"] == "1"]


def gnad_texts(shared: Path) -> list[tuple[str, str]]:
    path = shared / "corpus/german-news-10kgnad/dev/test.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row[0], row[1]) for row in csv.reader(handle, delimiter=";", quotechar="'") if len(row) == 2]


def wikiref_texts(shared: Path) -> list[tuple[str, str]]:
    folder = shared / "corpus/news-clustering-similarity/dev/wikiref220"
    with (folder / "labels.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    label_key, file_key = _columns(rows[0])
    return [(row[label_key], (folder / "docs" / Path(row[file_key]).name).read_bytes().decode("utf-8", "replace"))
            for row in rows if (folder / "docs" / Path(row[file_key]).name).exists()]


def _columns(row: dict) -> tuple[str, str]:
    label = next(name for name in row if "topic" in name.lower() or "label" in name.lower())
    file = next(name for name in row if "file" in name.lower() or "doc" in name.lower())
    return label, file


def same_label_pairs(labelled: list[tuple[str, str]], rng: random.Random) -> list[tuple[str, str]]:
    by_label = defaultdict(list)
    for label, body in labelled:
        by_label[label].append(body)
    pairs = [pair for bodies in by_label.values() for pair in itertools.combinations(bodies, 2)]
    return rng.sample(pairs, min(PAIRS_PER_GROUP, len(pairs)))


def jaccard(one: str, other: str, size: int) -> float:
    a, b = shingles(one, size), shingles(other, size)
    return len(a & b) / len(a | b) if a | b else 0.0


def shingles(body: str, size: int) -> set[tuple[str, ...]]:
    words = text_key(body).split()
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def minhash(one: str, other: str) -> float | None:
    a, b = dedupe.signature(one), dedupe.signature(other)
    return None if a is None or b is None else dedupe.similarity(a, b)


def summary(values: list[float]) -> str:
    values = sorted(values)
    if not values:
        return "n=0"
    pick = lambda share: values[min(len(values) - 1, int(share * len(values)))]  # noqa: E731
    return f"n={len(values):5d} min {values[0]:.2f} p5 {pick(.05):.2f} med {pick(.5):.2f} p95 {pick(.95):.2f} max {values[-1]:.2f}"


def report(title: str, groups: dict[str, list[tuple[str, str]]], *, show_top: int = 0) -> dict[str, list[float]]:
    print(f"\n## {title}")
    estimates = {}
    for name, pairs in groups.items():
        print(f"\n{name}")
        for size in SHINGLE_SIZES:
            print(f"  exact Jaccard, {size}-word shingles: {summary([jaccard(a, b, size) for a, b in pairs])}")
        scored = [(value, a, b) for a, b in pairs if (value := minhash(a, b)) is not None]
        estimates[name] = [value for value, _a, _b in scored]
        print(f"  MinHash estimate ({dedupe.SHINGLE_WORDS}-word, {dedupe.PERMUTATIONS} perm.): {summary(estimates[name])}")
        for value, a, b in sorted(scored, key=lambda entry: -entry[0])[:show_top]:
            print(f"    {value:.2f}  {' '.join(a.split())[:90]!r}\n          {' '.join(b.split())[:90]!r}")
    return estimates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(os.environ.get("GAZZETTA_SHARED", REPO.parent / "shared")))
    parser.add_argument("--seed", type=int, default=3)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    articles = dpa_articles(options.shared)
    print(f"{len(articles)} dpa items with >= {MIN_WORDS} words; threshold in use: {dedupe.NEAR_DUPLICATE_SIMILARITY}")
    copies = report("near-copies (must be duplicates)", near_copies(articles, rng))
    different = report("different articles (must not be)", different_articles(options.shared, articles, rng),
                       show_top=3)
    lowest_copy = min(min(values) for values in copies.values() if values)
    highest_other = max(max(values) for values in different.values() if values)
    print(f"\nlowest near-copy estimate {lowest_copy:.2f}; highest different-article estimate {highest_other:.2f}")
    for name, values in {**copies, **different}.items():
        above = sum(value >= dedupe.NEAR_DUPLICATE_SIMILARITY for value in values)
        print(f"  {name}: {above} of {len(values)} pairs at or above the threshold")


if __name__ == "__main__":
    main()
