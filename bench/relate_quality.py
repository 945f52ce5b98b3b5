"""Measure relate quality on public data: pair similarity and story clustering.

SemEval-2022 Task 8: Pearson correlation of our score with the human "Overall" rating
(1 = same story … 4 = unrelated, so we correlate with its negative), per language pair,
next to a plain TF-IDF cosine computed in the same run; plus a 5-fold cross-validated
least-squares fit of the part weights, which is how similarity.WEIGHTS were chosen.
WikiRef220: online story clustering in a seeded arrival order, BCubed F1 and ARI.

Usage: python bench/relate_quality.py [DATA_FOLDER] [--sweep]
"""

from __future__ import annotations

import csv
import math
import os
import platform
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from gazzetta.relate.features import Features, build_features  # noqa: E402
from gazzetta.relate.index import RelateIndex  # noqa: E402
from gazzetta.relate.similarity import WEIGHTS, similarity  # noqa: E402
from gazzetta.relate.stories import STORY_THRESHOLD, StoryClusterer, cluster_in_order  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "corpus" / "news-clustering-similarity" / "dev"
HEADLINE_WORDS = 10  # SemEval texts start with the title, undelimited
LEAD_WORDS = 30
FITTED_PARTS = ("content", "headline", "entities")
FOLDS = 5
SEED = 2018
SWEEP = (0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.45)
MOJIBAKE = re.compile("[ÃÄÅÐØÙâ][\u0080-\u00bf\u2018-\u203a\u0152-\u0178]")


@dataclass(frozen=True)
class Pair:
    """One rated article pair."""

    languages: str
    text1: str
    text2: str
    overall: float

    @property
    def monolingual(self) -> bool:
        return self.languages[:2] == self.languages[3:]


def machine_lines() -> list[str]:
    """Describe the machine the figures were measured on."""
    return [f"machine {platform.platform()} python {platform.python_version()} "
            f"cpus {os.cpu_count()} processor {platform.processor() or platform.machine()}"]


def load_pairs(folder: Path, limit: int | None = None) -> list[Pair]:
    """Read clean pairs: plain numeric pair_id occurring in exactly one row."""
    csv.field_size_limit(1 << 30)
    with open(folder / "semeval2022-task8" / "pairs.csv", encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if is_clean_pair(r)]
    pairs = [Pair(f"{r['lang1']}-{r['lang2']}", repair_text(r["text1"]),
                  repair_text(r["text2"]), float(r["Overall"])) for r in rows]
    return pairs[:limit]


def is_clean_pair(row: dict) -> bool:
    """Keep original, untranslated pairs (see the corpus MANIFEST)."""
    return row["pair_id"].replace("_", "").isdigit() and row["rows_with_same_pair_id"] == "1"


def repair_text(raw: str) -> str:
    """Undo double-encoded UTF-8 (mojibake) where the text shows its signs."""
    if not MOJIBAKE.search(raw):
        return raw
    for codec in ("cp1252", "latin-1"):
        try:
            return raw.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
    return raw


def pair_features(text: str, language: str) -> Features:
    """Split an undelimited 'title + text' into headline, lead and body by word count."""
    words = text.split()
    lead_end = HEADLINE_WORDS + LEAD_WORDS
    return build_features(language, " ".join(words[:HEADLINE_WORDS]),
                          " ".join(words[HEADLINE_WORDS:lead_end]), " ".join(words[lead_end:]))


def gazzetta_parts(pairs: list[Pair]) -> list[dict[str, float]]:
    """Return the similarity parts of each pair, IDF taken from all texts of the run."""
    features = [(pair_features(p.text1, p.languages[:2]), pair_features(p.text2, p.languages[3:]))
                for p in pairs]
    index = RelateIndex.build(enumerate(f for both in features for f in both))
    return [similarity(a, b, index.idf).parts for a, b in features]


def tfidf_baseline(pairs: list[Pair]) -> list[float]:
    """Return a plain TF-IDF cosine per pair: lowercased words, raw tf, log(N/df)."""
    documents = [re.findall(r"\w+", t.lower()) for p in pairs for t in (p.text1, p.text2)]
    df = Counter(w for d in documents for w in set(d))
    vectors = [{w: n * math.log(len(documents) / df[w]) for w, n in Counter(d).items()}
               for d in documents]
    return [cosine(vectors[2 * i], vectors[2 * i + 1]) for i in range(len(pairs))]


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Return the cosine of two sparse vectors."""
    dot = sum(w * b.get(k, 0.0) for k, w in a.items())
    norm = math.sqrt(sum(w * w for w in a.values()) * sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


def pearson(xs, ys) -> float:
    """Return Pearson's r (0 when either side is constant)."""
    x, y = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    x, y = x - x.mean(), y - y.mean()
    denominator = math.sqrt(float((x * x).sum() * (y * y).sum()))
    return float((x * y).sum() / denominator) if denominator else 0.0


def per_language(pairs: list[Pair], scores: list[float]) -> dict[str, tuple[int, float]]:
    """Return (pairs, r against −Overall) per language pair."""
    grouped = defaultdict(list)
    for pair, score in zip(pairs, scores):
        grouped[pair.languages].append((score, -pair.overall))
    return {lp: (len(v), pearson(*zip(*v))) for lp, v in sorted(grouped.items()) if len(v) > 2}


def monolingual_average(results: dict[str, tuple[int, float]]) -> float:
    """Average r over the monolingual language pairs."""
    return float(np.mean([r for lp, (_, r) in results.items() if lp[:2] == lp[3:]]))


def design_matrix(parts: list[dict[str, float]]):
    """Return the fitted parts as columns plus an intercept column."""
    return np.array([[p[name] for name in FITTED_PARTS] + [1.0] for p in parts])


def fit_weights(parts: list[dict[str, float]], targets) -> np.ndarray:
    """Fit part weights (and an intercept) by least squares."""
    return np.linalg.lstsq(design_matrix(parts), np.asarray(targets), rcond=None)[0]


def cross_validated_scores(parts, pairs: list[Pair]) -> list[float]:
    """Return out-of-fold predictions of a least-squares fit over FOLDS seeded folds."""
    folds = [i % FOLDS for i in range(len(pairs))]
    random.Random(SEED).shuffle(folds)
    matrix, predictions = design_matrix(parts), np.zeros(len(pairs))
    targets = np.array([-p.overall for p in pairs])
    for fold in range(FOLDS):
        train = np.array([f != fold for f in folds])
        weights = np.linalg.lstsq(matrix[train], targets[train], rcond=None)[0]
        predictions[~train] = matrix[~train] @ weights
    return predictions.tolist()


def load_wikiref(folder: Path, limit: int | None = None) -> list[tuple[str, str, str]]:
    """Return (gold topic, title, body) per document in a seeded arrival order."""
    with open(folder / "wikiref220" / "labels.csv", encoding="utf-8", newline="") as f:
        labels = [(row["file"], row["topic"]) for row in csv.DictReader(f)]
    random.Random(SEED).shuffle(labels)
    documents = [(topic, *split_title(decode(folder / "wikiref220" / name)))
                 for name, topic in labels]
    return documents[:limit]


def decode(path: Path) -> str:
    """Decode defensively: UTF-8 when valid, else cp1252 (the upstream majority)."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def split_title(text: str) -> tuple[str, str]:
    """Return the first line (the title) and the rest."""
    title, _, body = text.strip().partition("\n")
    return title.strip(), body.strip()


def wikiref_features(title: str, body: str) -> Features:
    """Build features with the first LEAD_WORDS words of the body as the lead."""
    words = body.split()
    return build_features("en", title, " ".join(words[:LEAD_WORDS]),
                          " ".join(words[LEAD_WORDS:]))


def cluster_documents(features: list[Features], threshold: float) -> list[int]:
    """Run online story clustering over the documents in order; return story ids."""
    clusterer = StoryClusterer(RelateIndex(), threshold=threshold)
    stories = cluster_in_order(clusterer, enumerate(features))
    return [stories[i] for i in range(len(features))]


def bcubed_f1(predicted: list, gold: list) -> float:
    """Return BCubed F1 (Bagga & Baldwin): per-item precision and recall, averaged."""
    pairs = Counter(zip(predicted, gold))
    cluster_sizes, class_sizes = Counter(predicted), Counter(gold)
    precision = sum(pairs[(p, g)] / cluster_sizes[p] for p, g in zip(predicted, gold))
    recall = sum(pairs[(p, g)] / class_sizes[g] for p, g in zip(predicted, gold))
    precision, recall = precision / len(gold), recall / len(gold)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def adjusted_rand_index(predicted: list, gold: list) -> float:
    """Return the Adjusted Rand Index (Hubert & Arabie 1985) from the contingency table."""
    pairs_in = lambda n: n * (n - 1) / 2  # noqa: E731
    together = sum(pairs_in(n) for n in Counter(zip(predicted, gold)).values())
    same_cluster = sum(pairs_in(n) for n in Counter(predicted).values())
    same_class = sum(pairs_in(n) for n in Counter(gold).values())
    expected = same_cluster * same_class / pairs_in(len(gold)) if len(gold) > 1 else 0.0
    maximum = (same_cluster + same_class) / 2
    return (together - expected) / (maximum - expected) if maximum != expected else 1.0


def semeval_lines(folder: Path, limit: int | None = None) -> list[str]:
    """Return the SemEval figures, one per line."""
    pairs = load_pairs(folder, limit)
    parts = gazzetta_parts(pairs)
    ours = per_language(pairs, [combined(p) for p in parts])
    baseline = per_language(pairs, tfidf_baseline(pairs))
    fitted = per_language(pairs, cross_validated_scores(parts, pairs))
    weights = fit_weights(parts, [-p.overall for p in pairs])
    lines = [f"semeval pairs {len(pairs)}"]
    lines += [f"pair {lp} n={n} gazzetta {r:.3f} tfidf-baseline {baseline[lp][1]:.3f} "
              f"gazzetta-cv-fit {fitted[lp][1]:.3f}" for lp, (n, r) in ours.items()]
    return lines + [
        f"monolingual-average gazzetta {monolingual_average(ours):.3f}",
        f"monolingual-average tfidf-baseline {monolingual_average(baseline):.3f}",
        f"monolingual-average gazzetta-cv-fit {monolingual_average(fitted):.3f} ({FOLDS}-fold)",
        "fitted-weights " + " ".join(f"{n}={w:.3f}" for n, w in zip(FITTED_PARTS, weights)),
    ]


def combined(parts: dict[str, float]) -> float:
    """Weigh parts with the shipped WEIGHTS (as similarity() does)."""
    return sum(WEIGHTS[name] * value for name, value in parts.items())


def wikiref_lines(folder: Path, limit: int | None = None, sweep=()) -> list[str]:
    """Return the WikiRef220 clustering figures, one per line."""
    documents = load_wikiref(folder, limit)
    features = [wikiref_features(title, body) for _, title, body in documents]
    gold = [topic for topic, _, _ in documents]
    lines = [f"wikiref220 documents {len(documents)} order seeded-shuffle({SEED})"]
    for threshold in sweep:
        predicted = cluster_documents(features, threshold)
        lines.append(f"wikiref220 threshold {threshold:.2f} stories {len(set(predicted))} "
                     f"bcubed-f1 {bcubed_f1(predicted, gold):.3f} "
                     f"ari {adjusted_rand_index(predicted, gold):.3f}")
    predicted = cluster_documents(features, STORY_THRESHOLD)
    return lines + [f"wikiref220 gazzetta bcubed-f1 {bcubed_f1(predicted, gold):.3f} "
                    f"ari {adjusted_rand_index(predicted, gold):.3f}"]


def report(folder: Path, pair_limit=None, doc_limit=None, sweep=()) -> list[str]:
    """Return all output lines: machine first, then one figure per line."""
    return [*machine_lines(), f"data {folder}", *semeval_lines(folder, pair_limit),
            *wikiref_lines(folder, doc_limit, sweep)]


def main(argv: list[str]) -> None:
    arguments = [a for a in argv if not a.startswith("--")]
    folder = Path(arguments[0]) if arguments else DEFAULT_DATA
    print("\n".join(report(folder, sweep=SWEEP if "--sweep" in argv else ())))


if __name__ == "__main__":
    main(sys.argv[1:])
