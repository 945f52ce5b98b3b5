"""The quality benchmark's functions on a small slice of the shared corpus."""

import importlib.util
import math
import re
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "relate_quality.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("relate_quality", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while defined
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def data(shared):
    return shared / "corpus" / "news-clustering-similarity" / "dev"


def test_report_lines_on_a_slice(bench, data):
    lines = bench.report(data, pair_limit=30, doc_limit=40)
    assert lines[0].startswith("machine ")
    for name in ("gazzetta", "tfidf-baseline"):
        line = next(x for x in lines if x.startswith(f"monolingual-average {name} "))
        value = float(line.split()[2])
        assert math.isfinite(value) and -1 <= value <= 1
    wikiref = re.fullmatch(r"wikiref220 gazzetta bcubed-f1 (\S+) ari (\S+)", lines[-1])
    assert wikiref, lines[-1]
    assert all(-1 <= float(v) <= 1 for v in wikiref.groups())


def test_perfect_and_opposite_correlation(bench):
    assert bench.pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert bench.pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)


def test_clustering_scores_on_known_partitions(bench):
    gold = ["a", "a", "b", "b"]
    assert bench.bcubed_f1([1, 1, 2, 2], gold) == pytest.approx(1.0)
    assert bench.adjusted_rand_index([7, 7, 3, 3], gold) == pytest.approx(1.0)
    # all in one cluster: precision 1/2, recall 1 → F1 2/3; ARI 0
    assert bench.bcubed_f1([1, 1, 1, 1], gold) == pytest.approx(2 / 3)
    assert bench.adjusted_rand_index([1, 1, 1, 1], gold) == pytest.approx(0.0)


def test_ari_of_a_split_partition(bench):
    # gold {a,a,a},{b}; predicted {x,x},{y},{z}: pairs together 1, index terms by hand
    predicted, gold = ["x", "x", "y", "z"], ["a", "a", "a", "b"]
    together, same_cluster, same_class, total = 1, 1, 3, 6
    expected = same_cluster * same_class / total
    ari = (together - expected) / ((same_cluster + same_class) / 2 - expected)
    assert bench.adjusted_rand_index(predicted, gold) == pytest.approx(ari)


def test_mojibake_is_repaired(bench):
    broken = "Türkiye".encode("utf-8").decode("cp1252")
    assert bench.repair_text(broken) == "Türkiye"
