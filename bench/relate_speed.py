"""Measure relate speed on generated news: relate one article, full rebuild, memory, growth.

Articles are generated with story structure (groups of articles sharing topic words and
names, close in time) in five languages, 150-600 words each, from Zipf-distributed
pseudo-word vocabularies.

"Full rebuild" is what `gazzetta relate --rebuild` computes, without the database: features
from the texts (worker processes) while this process assigns the stories in arrival order as
the features arrive (sequential by definition), then every article's stored list of six
picks (worker processes). "Relate one"
is what the engine computes when an article arrives with N already indexed: features, story,
index, its own list, and the neighbours' lists it now belongs in (at most four recomputed).
Times are given as wall clock and as CPU seconds (this process plus its workers), because
the machine is shared: CPU time is the figure that does not depend on the neighbours' load.

Usage: python bench/relate_speed.py [--n 10000] [--queries 300] [--seed 7] [--workers 2]
                                   [--corpus /tmp/relate-corpus-10000.pkl]
"""

from __future__ import annotations

import argparse
import os
import pickle
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

from gazzetta.relate import batch  # noqa: E402
from gazzetta.relate.features import Features, build_features  # noqa: E402
from gazzetta.relate.index import RelateIndex  # noqa: E402
from gazzetta.relate.recommend import STORED_PICKS, neighbours_to_refresh, recommend  # noqa: E402
from gazzetta.relate.stories import StoryClusterer  # noqa: E402

LANGUAGES = {"de": ("ung", "en", "lich", "keit"), "en": ("ing", "ed", "tion", "s"),
             "it": ("are", "ione", "ato", "i"), "fr": ("ment", "eur", "é", "es"),
             "es": ("ción", "ado", "os", "ar")}
# 100 consonant-vowel syllables (plus a few closed ones): words share their first six letters
# about as rarely as real words do, which matters since relate cuts stems to a prefix.
SYLLABLES = tuple(c + v for c in "bcdfghklmnprstvzjwqx" for v in "aeiou") + ("ter", "san", "vor", "len")
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


def feature_row(article: Article) -> tuple:
    """Return batch.features_all's row for a generated article."""
    return (article.id, article.language, article.headline, article.lead, article.body, (), article.published)


def features_of(article: Article) -> Features:
    """Build the features of a generated article."""
    return build_features(*feature_row(article)[1:])


class Clock:
    """Wall and CPU seconds (this process and its finished workers) since it started."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), cpu_seconds()

    def line(self, label: str) -> str:
        return (f"{label} {time.perf_counter() - self.wall:.1f} s wall "
                f"{cpu_seconds() - self.cpu:.1f} s cpu")


def cpu_seconds() -> float:
    """Return user + system CPU seconds of this process and its reaped children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Portal:
    """The in-memory state a rebuild leaves: index, stories and every stored list."""

    def __init__(self) -> None:
        self.clusterer = StoryClusterer(RelateIndex())
        self.lists: dict[int, list[tuple[int, float, bool]]] = {}

    @property
    def index(self) -> RelateIndex:
        return self.clusterer.index

    def cluster_one(self, article_id: int, features: Features) -> None:
        """Assign the story and index the article, in arrival order."""
        self.clusterer.assign(article_id, features)
        self.index.add(article_id, features)

    def store_list(self, article_id: int) -> None:
        picks = recommend(article_id, self.index.features(article_id), self.index,
                          story_of=self.clusterer.story_of, count=STORED_PICKS)
        self.lists[article_id] = [(p.article_id, p.relevance, p.other_language) for p in picks]

    def stored_lists(self, ids: list[int]) -> dict:
        return {i: self.lists.get(i, []) for i in ids}

    def relate_one(self, article: Article) -> None:
        """Do what the engine does for an arriving article, without the database."""
        self.cluster_one(article.id, features_of(article))
        self.store_list(article.id)
        for holder in neighbours_to_refresh(article.id, self.index, self.clusterer.story_of, self.stored_lists):
            self.store_list(holder)


def timed(function, *arguments) -> tuple[float, float]:
    """Return the wall and CPU seconds one call takes."""
    wall, cpu = time.perf_counter(), time.process_time()
    function(*arguments)
    return time.perf_counter() - wall, time.process_time() - cpu


def rebuild(articles: list[Article], workers: int) -> tuple[Portal, list[str], list[float]]:
    """Rebuild from the texts as the command does; return the portal, report lines, story times.

    Features are computed by the workers while this process assigns the stories in arrival
    order as the features arrive; then the lists are computed by the workers.
    """
    total, portal, story_times = Clock(), Portal(), []
    for article_id, data in batch.features_all(map(feature_row, articles), workers):
        story_times.append(timed(portal.cluster_one, article_id, Features.from_dict(data))[1])
    lines = [total.line(f"rebuild-features+stories {len(portal.index)} articles "
                        f"{len(portal.clusterer.stories)} stories ({max(1, workers - 1)} feature processes)"),
             f"rebuild-stories {sum(story_times):.1f} s cpu (this process, part of the line above)"]
    clock = Clock()
    for article_id, picks in batch.recommend_all(portal.index.ids(), portal.index, portal.clusterer.story_of,
                                                 STORED_PICKS, workers):
        portal.lists[article_id] = [(related, score, reasons["other_language"])
                                    for related, score, reasons in picks]
    lines.append(clock.line(f"rebuild-lists {len(portal.lists)} lists {workers} workers"))
    return portal, lines + [total.line(f"full-rebuild n={len(articles)}")], story_times


def percentile(values: list[float], share: float) -> float:
    """Return the value below which `share` of the values lie."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def peak_memory_lines() -> list[str]:
    """Return peak resident memory of this process and of its largest worker (Linux: KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return [f"peak-memory {own:.0f} MiB (largest worker {workers:.0f} MiB, shared pages counted in each)"]


def growth_lines(story_times: list[float]) -> list[str]:
    """Report the CPU time to cluster and index one article as the collection grows."""
    size = max(1, len(story_times) // GROWTH_BUCKETS)
    lines = []
    for start in range(0, size * GROWTH_BUCKETS, size):
        chunk = story_times[start:start + size]
        lines.append(f"growth n={start + size} story+index cpu median "
                     f"{statistics.median(chunk) * 1000:.2f} ms p95 "
                     f"{percentile(chunk, 0.95) * 1000:.2f} ms")
    return lines


def relate_one_lines(portal: Portal, articles: list[Article], n: int) -> list[str]:
    """Relate each new article in turn and report wall and CPU percentiles."""
    walls, cpus = zip(*(timed(portal.relate_one, a) for a in articles))
    return [f"relate-one at n={n} {kind} median {statistics.median(times) * 1000:.2f} ms "
            f"p95 {percentile(list(times), 0.95) * 1000:.2f} ms" for kind, times in (("cpu", cpus), ("wall", walls))]


def generated(count: int, seed: int, corpus: Path | None) -> list[Article]:
    """Return the generated articles, kept in (or read from) `corpus` when given, for reruns."""
    if corpus is not None and corpus.exists():
        with corpus.open("rb") as kept:
            articles = pickle.load(kept)
        if len(articles) == count:
            return articles
    articles = Generator(seed).articles(count)
    if corpus is not None:
        with corpus.open("wb") as kept:
            pickle.dump(articles, kept)
    return articles


def run(n: int, queries: int, seed: int, workers: int, corpus: Path | None = None) -> list[str]:
    """Run the benchmark and return the report lines."""
    lines = [f"machine {platform.platform()} python {platform.python_version()} "
             f"cpus {os.cpu_count()} load {' '.join(f'{load:.1f}' for load in os.getloadavg())}",
             f"articles {n} new-articles {queries} seed {seed}"]
    articles = generated(n + queries, seed, corpus)
    portal, rebuild_lines, story_times = rebuild(articles[:n], workers)
    lines += rebuild_lines + growth_lines(story_times)
    lines += relate_one_lines(portal, articles[n:], n)
    return lines + peak_memory_lines() + [f"load-at-end {' '.join(f'{load:.1f}' for load in os.getloadavg())}"]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=batch.default_workers())
    parser.add_argument("--corpus", type=Path, help="pickle of the generated articles: written "
                        "on the first run, read on the next ones (same --n, --queries and --seed)")
    options = parser.parse_args(argv)
    for line in run(options.n, options.queries, options.seed, options.workers, options.corpus):
        print(line, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
