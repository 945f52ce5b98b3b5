"""Measure relate speed on generated news: relate one article, full rebuild, memory, growth.

Articles are generated with story structure (groups of articles sharing topic words and
names, close in time) in five languages, 150-600 words each, from Zipf-distributed
pseudo-word vocabularies. "Relate one" = build its features, assign its story, index it
and pick its four recommendations, with N articles already indexed. "Full rebuild" = from
stored feature dicts: re-cluster every article in arrival order, then recompute every
article's recommendations.

Usage: python bench/relate_speed.py [--n 10000] [--queries 300] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from gazzetta.relate.features import Features, build_features  # noqa: E402
from gazzetta.relate.index import RelateIndex  # noqa: E402
from gazzetta.relate.recommend import recommend  # noqa: E402
from gazzetta.relate.stories import StoryClusterer  # noqa: E402

LANGUAGES = {"de": ("ung", "en", "lich", "keit"), "en": ("ing", "ed", "tion", "s"),
             "it": ("are", "ione", "ato", "i"), "fr": ("ment", "eur", "é", "es"),
             "es": ("ción", "ado", "os", "ar")}
SYLLABLES = ("ka", "lo", "mi", "ter", "san", "vor", "bel", "dri", "nu", "po", "gra", "sel",
             "tan", "ro", "fe", "mun", "ste", "zi", "qua", "len")
VOCABULARY = 20000
STORY_SIZE_MEAN = 8
STORY_SPREAD_HOURS = 30
ARTICLES_PER_DAY = 400
TOPIC_SHARE, NAME_SHARE = 0.15, 0.03
GROWTH_BUCKETS = 5


@dataclass(frozen=True)
class Article:
    """A generated article."""

    id: int
    language: str
    headline: str
    lead: str
    body: str
    published: float


def pseudo_words(rng: random.Random, language: str, count: int) -> list[str]:
    """Return distinct pseudo-words with the language's endings."""
    words: set[str] = set()
    while len(words) < count:
        stem = "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4)))
        words.add(stem + rng.choice(LANGUAGES[language]))
    return sorted(words)


class Generator:
    """Produces articles in arrival order, story by story interleaved in time."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.vocabulary = {lang: pseudo_words(self.rng, lang, VOCABULARY) for lang in LANGUAGES}
        self.zipf = [1 / (rank + 1) for rank in range(VOCABULARY)]

    def articles(self, count: int) -> list[Article]:
        """Return `count` articles sorted by publication time, ids in that order."""
        drafts = []
        while len(drafts) < count:
            drafts += self.story(len(drafts) / ARTICLES_PER_DAY * 86400)
        drafts = sorted(drafts[:count], key=lambda a: a.published)
        return [Article(i + 1, a.language, a.headline, a.lead, a.body, a.published)
                for i, a in enumerate(drafts)]

    def story(self, start: float) -> list[Article]:
        """Return the articles of one story: shared topic words and names, close in time."""
        language = self.rng.choice(list(LANGUAGES))
        words = self.vocabulary[language]
        topic = self.rng.sample(words[200:5000], 25)
        names = [w.capitalize() for w in self.rng.sample(words[5000:], 4)]
        size = max(1, int(self.rng.expovariate(1 / STORY_SIZE_MEAN)))
        return [self.article(language, topic, names, start) for _ in range(size)]

    def article(self, language, topic, names, start) -> Article:
        """Return one article of a story."""
        published = start + self.rng.expovariate(1 / (STORY_SPREAD_HOURS * 3600))
        sentences = self.sentences(language, topic, names, self.rng.randint(150, 600))
        headline = " ".join(self.rng.sample(topic, 4) + self.rng.sample(names, 2))
        return Article(0, language, headline, sentences[0], " ".join(sentences[1:]), published)

    def sentences(self, language, topic, names, length) -> list[str]:
        """Return sentences of about 15 words totalling `length` words."""
        words = self.rng.choices(self.vocabulary[language], weights=self.zipf, k=length)
        for i in range(length):
            roll = self.rng.random()
            if roll < TOPIC_SHARE:
                words[i] = self.rng.choice(topic)
            elif roll < TOPIC_SHARE + NAME_SHARE:
                words[i] = self.rng.choice(names)
        chunks = [words[i:i + 15] for i in range(0, length, 15)]
        return [" ".join(c).capitalize() + "." for c in chunks]


def features_of(article: Article) -> Features:
    """Build the features of a generated article."""
    return build_features(article.language, article.headline, article.lead, article.body,
                          published=article.published)


def relate_one(article_id: int, features: Features, clusterer: StoryClusterer):
    """Assign, index and recommend for one article, as ingest will."""
    clusterer.assign(article_id, features)
    clusterer.index.add(article_id, features)
    return recommend(article_id, features, clusterer.index, story_of=clusterer.story_of)


def timed(function, *arguments) -> float:
    """Return the seconds one call takes."""
    started = time.perf_counter()
    function(*arguments)
    return time.perf_counter() - started


def rebuild(stored: list[tuple[int, dict]]) -> tuple[StoryClusterer, list[float]]:
    """Re-cluster and re-recommend everything from stored dicts; return per-article times."""
    clusterer = StoryClusterer(RelateIndex())
    features = [(i, Features.from_dict(data)) for i, data in stored]
    cluster_times = [timed(cluster_one, i, f, clusterer) for i, f in features]
    for article_id, f in features:
        recommend(article_id, f, clusterer.index, story_of=clusterer.story_of)
    return clusterer, cluster_times


def cluster_one(article_id: int, features: Features, clusterer: StoryClusterer) -> None:
    """Assign and index one article."""
    clusterer.assign(article_id, features)
    clusterer.index.add(article_id, features)


def percentile(values: list[float], share: float) -> float:
    """Return the value below which `share` of the values lie."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def peak_memory_mib() -> float:
    """Return this process's peak resident memory in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def growth_lines(cluster_times: list[float]) -> list[str]:
    """Report the median cluster-and-index time per article as the collection grows."""
    size = max(1, len(cluster_times) // GROWTH_BUCKETS)
    lines = []
    for start in range(0, size * GROWTH_BUCKETS, size):
        chunk = cluster_times[start:start + size]
        lines.append(f"growth n={start + size} cluster+index median "
                     f"{statistics.median(chunk) * 1000:.2f} ms p95 "
                     f"{percentile(chunk, 0.95) * 1000:.2f} ms")
    return lines


def run(n: int, queries: int, seed: int) -> list[str]:
    """Run the benchmark and return the report lines."""
    lines = [f"machine {platform.platform()} python {platform.python_version()} "
             f"cpus {os.cpu_count()}", f"articles {n} new-articles {queries} seed {seed}"]
    articles = Generator(seed).articles(n + queries)
    started = time.perf_counter()
    stored = [(a.id, json.loads(json.dumps(features_of(a).to_dict()))) for a in articles[:n]]
    feature_seconds = time.perf_counter() - started
    lines.append(f"features {feature_seconds / n * 1000:.2f} ms/article "
                 f"(total {feature_seconds:.1f} s)")
    started, cpu_started = time.perf_counter(), time.process_time()
    clusterer, cluster_times = rebuild(stored)
    lines.append(f"full-rebuild {time.perf_counter() - started:.1f} s wall "
                 f"{time.process_time() - cpu_started:.1f} s cpu "
                 f"(re-cluster + recommend {n} articles from stored features) "
                 f"stories {len(clusterer.stories)}")
    lines += growth_lines(cluster_times)
    relate_times = [timed(relate_one, a.id, features_of(a), clusterer)
                    for a in articles[n:]]
    lines.append(f"relate-one at n={n} median {statistics.median(relate_times) * 1000:.2f} ms "
                 f"p95 {percentile(relate_times, 0.95) * 1000:.2f} ms "
                 f"(features + story + index + 4 recommendations)")
    return lines + [f"peak-memory {peak_memory_mib():.0f} MiB"]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args(argv)
    for line in run(options.n, options.queries, options.seed):
        print(line, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
