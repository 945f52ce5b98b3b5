"""Benchmark how uncached page latency and server memory grow with the newsroom: 10k, 100k, 1M articles.

    python bench/growth.py                       # 10,000 and 100,000 articles
    python bench/growth.py 10000 100000 1000000  # the full series (the 1M corpus takes a while)
    python bench/growth.py 10000 --keep          # keep the generated homes in /tmp for another run

For each size a scratch GAZZETTA_HOME (SQLite) is filled with bulk inserts: eight sections,
articles in de/it/en one every 30 seconds backwards from now (headline, lead, six paragraphs,
authors, agency, ~1 % featured and ~1 % withdrawn), stories of up to ~25 articles, four stored
"Empfohlen" relations per article, image records, and the search index. Then `gazzetta serve`
(one worker, page cache off) answers each page 25 times in a row over HTTP: the edition home,
a section's first page and its page 1,000 (reached by its cursor link; the deepest page when the
section is shorter), an article, a story, a search and the edition feed. Prints the median
latency per page and size, the ratio of the largest to the smallest size (target <= 1.5), the
server's resident memory and the machine.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

BIN = Path(sys.executable).parent
REQUESTS, WARMUP = 25, 3
LANGUAGES = {"de": 0.4, "it": 0.35, "en": 0.25}
SECTIONS = [("politics", "Politik", "Politica", "Politics"), ("economy", "Wirtschaft", "Economia", "Economy"),
            ("world", "Welt", "Mondo", "World"), ("sport", "Sport", "Sport", "Sport"),
            ("culture", "Kultur", "Cultura", "Culture"), ("science", "Wissenschaft", "Scienza", "Science"),
            ("region", "Region", "Regione", "Region"), ("panorama", "Panorama", "Cronaca", "Panorama")]
SYLLABLES = "ba be bi bo ca ce ci co da de di do fa fe fi ga ge gi la le li lo ma me mi mo na ne ni no " \
            "pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi za ze zi tra tri stra ster ung heit".split()
DEEP_PAGE = 1000
PAGE_SIZE = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) /tmp/gz-growth-<size>")
    parser.add_argument("--generate", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.generate:
        generate(options.generate)
        return
    print(f"machine: {machine()}")
    results = {size: measure_size(size, options.keep) for size in options.sizes}
    report(results)


# The parent: one scratch home and one server per size.

def measure_size(size: int, keep: bool) -> dict:
    home = Path(f"/tmp/gz-growth-{size}")
    env = {**os.environ, "GAZZETTA_HOME": str(home), "DATABASE_URL": "", "CACHE_URL": "", "CELERY_BROKER_URL": "",
           "GAZZETTA_PAGE_CACHE": "0", "DJANGO_SETTINGS_MODULE": "gazzetta.settings"}
    if not (keep and (home / "paths.json").exists()):
        shutil.rmtree(home, ignore_errors=True)
        started = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--generate", str(size)], env=env, check=True)
        print(f"{size:,} articles generated and indexed in {time.perf_counter() - started:.0f} s", flush=True)
    try:
        return serve_and_time(env, json.loads((home / "paths.json").read_text()))
    finally:
        if not keep:
            shutil.rmtree(home, ignore_errors=True)


def serve_and_time(env: dict, paths: dict) -> dict:
    port = free_port()
    server = subprocess.Popen([BIN / "gazzetta", "serve", "--port", str(port), "--workers", "1"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_until_up(port)
        timings = {name: time_page(port, path) for name, path in paths.items() if not name.startswith("_")}
        timings["_memory_mb"] = resident_mb(server.pid)
        timings["_deep_page"] = paths["_deep_page"]
        return timings
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(port: int, deadline: float = 120.0) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            get(http.client.HTTPConnection("127.0.0.1", port, timeout=5), "/healthz")
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("growth: the server did not start")


def get(connection: http.client.HTTPConnection, path: str) -> int:
    connection.request("GET", path, headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    response.read()
    return response.status


def time_page(port: int, path: str) -> float:
    """Median milliseconds of REQUESTS sequential GETs on one kept-alive connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for _ in range(WARMUP):
        status = get(connection, path)
    if status != 200:
        raise RuntimeError(f"growth: {path} answered {status}")
    samples = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        get(connection, path)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def resident_mb(leader: int) -> float:
    """Resident memory of the server and its worker processes (its whole session)."""
    total = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
            if os.getsid(int(status.parent.name)) == leader:
                total += int(fields["VmRSS"].split()[0])
        except (OSError, KeyError, ValueError):
            continue
    return total / 1024


def report(results: dict) -> None:
    sizes = sorted(results)
    names = [name for name in results[sizes[0]] if not name.startswith("_")]
    print("\n| page | " + " | ".join(f"{size:,} articles" for size in sizes) + f" | {sizes[-1]:,} / {sizes[0]:,} |")
    print("|---|" + "---:|" * (len(sizes) + 1))
    for name in names:
        cells = " | ".join(f"{results[size][name]:.1f} ms" for size in sizes)
        print(f"| {name} | {cells} | {results[sizes[-1]][name] / results[sizes[0]][name]:.2f}x |")
    memory = " | ".join(f"{results[size]['_memory_mb']:.0f} MB" for size in sizes)
    print(f"| server memory (RSS) | {memory} | {results[sizes[-1]]['_memory_mb'] / results[sizes[0]]['_memory_mb']:.2f}x |")
    print("deep section page per size: " + ", ".join(f"{size:,}: page {results[size]['_deep_page']}" for size in sizes))


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, SQLite; "
            f"load average before the run {load}")


# The child: generate one corpus with bulk inserts, inside Django.

def generate(size: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    rng = random.Random(size)
    vocabulary = {language: [word(rng) for _ in range(3000)] for language in LANGUAGES}
    sections, sources = make_sections(), make_sources()
    stories = make_stories(size, rng)
    make_articles(size, rng, vocabulary, sections, sources, stories)
    make_relations_and_images(rng)
    from gazzetta.search.backends import get_search_backend

    get_search_backend().rebuild(batch_size=2000)
    write_paths(vocabulary)


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3, 3, 4))))


def text(rng: random.Random, vocabulary: list[str], words: int) -> str:
    # Zipf-like: the first words of the vocabulary are drawn far more often.
    return " ".join(vocabulary[min(int(rng.paretovariate(1.1)) - 1, len(vocabulary) - 1)] for _ in range(words))


def make_sections():
    from gazzetta.newsroom.models import Section

    return [Section.objects.create(key=key, position=n, names={"de": de, "it": it, "en": en})
            for n, (key, de, it, en) in enumerate(SECTIONS)]


def make_sources():
    from gazzetta.newsroom.models import Source

    return [Source.objects.create(key=key, name=name, siglum=key.upper()[:3])
            for key, name in (("adp", "Adria Press"), ("apn", "Alpen News"), ("desk", "Gazzetta Desk"))]


def make_stories(size: int, rng: random.Random) -> list:
    from gazzetta.newsroom.models import Story

    now = datetime.now(timezone.utc)
    Story.objects.bulk_create([Story(title=f"Story {n}", language="de", updated_at=now - timedelta(seconds=n * 600))
                               for n in range(max(size // 100, 10))], batch_size=5000)
    return list(Story.objects.values_list("pk", flat=True))


def make_articles(size: int, rng: random.Random, vocabulary: dict, sections: list, sources: list,
                  stories: list) -> None:
    from gazzetta.newsroom.models import Article

    now = datetime.now(timezone.utc)
    batch = []
    for n in range(size):
        batch.append(article(n, rng, vocabulary, sections, sources, stories, now))
        if len(batch) == 5000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)


def article(n: int, rng: random.Random, vocabulary: dict, sections: list, sources: list, stories: list, now):
    from gazzetta.newsroom.models import Article

    language = rng.choices(list(LANGUAGES), weights=list(LANGUAGES.values()))[0]
    words = vocabulary[language]
    headline = text(rng, words, 9).capitalize()
    paragraphs = "".join(f"<p>{text(rng, words, 55).capitalize()}.</p>" for _ in range(6))
    story = stories[(n // 25) % len(stories)] if rng.random() < 0.3 else None
    return Article(
        guid=f"urn:growth:{n}", language=language, slug=f"article-{n}", headline=headline,
        lead=text(rng, words, 30).capitalize() + ".", body_html=paragraphs, authors=["Elena Maria Rossi"],
        siglum="GZ", agency="ADP", section=rng.choice(sections), source=rng.choice(sources), story_id=story,
        status=Article.Status.WITHDRAWN if rng.random() < 0.01 else Article.Status.PUBLISHED,
        featured=rng.random() < 0.01, published_at=now - timedelta(seconds=30 * (n + 1)),
        subjects=["politics"], content_hash=f"{n:064x}",
    )


def make_relations_and_images(rng: random.Random) -> None:
    """Four stored recommendations per article (same edition, nearby in time) and one image record."""
    from gazzetta.newsroom.models import Article, Image, Relation

    rows = list(Article.objects.order_by("pk").values_list("pk", "language"))
    by_language = {language: [pk for pk, lang in rows if lang == language] for language in LANGUAGES}
    relations, images = [], []
    for pk, language in rows:
        pool = by_language[language]
        position = rng.randrange(len(pool))
        picks = {pool[(position + offset) % len(pool)] for offset in rng.sample(range(1, 400), 4)} - {pk}
        relations += [Relation(article_id=pk, related_id=other, rank=rank, score=0.5)
                      for rank, other in enumerate(sorted(picks))]
        images.append(Image(article_id=pk, caption="Der Hafen am Morgen", credit="STR - ADP"))
        if len(relations) > 20000:
            flush(Relation, relations, Image, images)
            relations, images = [], []
    flush(Relation, relations, Image, images)


def flush(*models_and_rows) -> None:
    for model, rows in zip(models_and_rows[::2], models_and_rows[1::2]):
        model.objects.bulk_create(rows, batch_size=5000)


def write_paths(vocabulary: dict) -> None:
    from django.conf import settings

    from gazzetta.newsroom.models import Article, Section, Story

    visible = Article.objects.visible()
    section = Section.objects.get(key="politics")
    middle = visible.filter(language="de").order_by("-published_at")[visible.count() // 3]
    story = Story.objects.filter(articles__language="de").order_by("-updated_at").first()
    paths = {
        "home": "/de/",
        "section page 1": section.get_absolute_url("de"),
        "section deep page": "",
        "article": middle.get_absolute_url(),
        "story": story.get_absolute_url("de"),
        "search": f"/de/search/?q={vocabulary['de'][3]}",
        "feed": "/de/feed/rss/",
    }
    paths["section deep page"], paths["_deep_page"] = deep_page(visible, section)
    (Path(settings.HOME) / "paths.json").write_text(json.dumps(paths))


def deep_page(visible, section) -> tuple[str, int]:
    """Page 1,000 of the section (or its last page) as its cursor link addresses it."""
    listed = visible.filter(language="de", section=section).order_by("-published_at", "-pk")
    number = min(DEEP_PAGE, max(2, (listed.count() - 1) // PAGE_SIZE + 1))
    anchor = listed[(number - 1) * PAGE_SIZE - 1]
    epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
    stamp = (anchor.published_at - epoch) // timedelta(microseconds=1)
    return f"{section.get_absolute_url('de')}?page={number}&before={stamp}.{anchor.pk}", number


if __name__ == "__main__":
    main()
