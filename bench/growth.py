"""Benchmark how uncached page latency and server memory grow with the newsroom: 10k, 100k, 1M articles.

    python bench/growth.py                       # 10,000 and 100,000 articles
    python bench/growth.py 10000 100000 1000000  # the full series (1,000,000: 10-15 minutes to generate)
    python bench/growth.py 10000 --keep          # keep the generated homes in /tmp and reuse them next time

For each size a scratch GAZZETTA_HOME (SQLite) is filled by inserting rows directly (ids assigned
here, values as Django stores them): eight sections, articles in de/it/en one every 30 seconds
backwards from now (headline, lead, six paragraphs of words drawn Zipf-like from a 3,000-word
vocabulary per edition, authors, agency, ~1 % featured and ~1 % withdrawn), stories of up to ~25
articles, four stored "Empfohlen" relations per article, image records; then the product's own
search rebuild. A kept home is migrated to the current schema and its pages chosen afresh. Then
`gazzetta serve` (one worker, page cache off) answers each page 25 times in a row over HTTP: the
edition home, a section's first page and its page 1,000 (reached by its cursor link; the deepest
page when the section is shorter), an article, a story, a search for a word in nearly every German
article and one for a word in about one in four (each by relevance and newest first), and the
edition feed. Prints the median latency per page and size, the ratio of the largest to the smallest
size (target <= 1.5), the server's resident and private memory and the machine; the server's output
is kept in <home>/serve.log.
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

import numpy

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
    parser.add_argument("--paths", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.generate:
        generate(options.generate)
        return
    if options.paths:
        write_paths(options.paths)
        return
    print(f"machine: {machine()}")
    results = {size: measure_size(size, options.keep) for size in options.sizes}
    report(results)


# The parent: one scratch home and one server per size.

def measure_size(size: int, keep: bool) -> dict:
    home = Path(f"/tmp/gz-growth-{size}")
    env = {**os.environ, "GAZZETTA_HOME": str(home), "DATABASE_URL": "", "CACHE_URL": "", "CELERY_BROKER_URL": "",
           "GAZZETTA_PAGE_CACHE": "0", "DJANGO_SETTINGS_MODULE": "gazzetta.settings"}
    if not (keep and (home / "generated").exists()):
        shutil.rmtree(home, ignore_errors=True)
        started = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--generate", str(size)], env=env, check=True)
        print(f"{size:,} articles generated and indexed in {time.perf_counter() - started:.0f} s", flush=True)
    # The pages are chosen afresh on a kept home too, so a page added here is measured without regenerating.
    subprocess.run([sys.executable, __file__, "--paths", str(size)], env=env, check=True)
    try:
        return serve_and_time(env, json.loads((home / "paths.json").read_text()))
    finally:
        if not keep:
            shutil.rmtree(home, ignore_errors=True)


def serve_and_time(env: dict, paths: dict) -> dict:
    port = free_port()
    log = open(Path(env["GAZZETTA_HOME"]) / "serve.log", "ab")  # what a failed page left behind
    server = subprocess.Popen([BIN / "gazzetta", "serve", "--port", str(port), "--workers", "1"], env=env,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_until_up(port)
        timings = {name: time_page(port, path) for name, path in paths.items() if not name.startswith("_")}
        timings["_memory_mb"], timings["_private_mb"] = resident_mb(server.pid)
        timings["_deep_page"] = paths["_deep_page"]
        return timings
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


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


def resident_mb(leader: int) -> tuple[float, float]:
    """Resident and private (anonymous) memory of the server and its workers (its whole session).

    Resident memory includes the pages of the memory-mapped database file the server has read: the
    operating system's file cache, shared and given back under pressure; private memory is not.
    """
    resident = private = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
            if os.getsid(int(status.parent.name)) == leader:
                resident += int(fields["VmRSS"].split()[0])
                private += int(fields["RssAnon"].split()[0])
        except (OSError, KeyError, ValueError):
            continue
    return resident / 1024, private / 1024


def report(results: dict) -> None:
    sizes = sorted(results)
    names = [name for name in results[sizes[0]] if not name.startswith("_")]
    print("\n| page | " + " | ".join(f"{size:,} articles" for size in sizes) + f" | {sizes[-1]:,} / {sizes[0]:,} |")
    print("|---|" + "---:|" * (len(sizes) + 1))
    for name in names:
        cells = " | ".join(f"{results[size][name]:.1f} ms" for size in sizes)
        print(f"| {name} | {cells} | {results[sizes[-1]][name] / results[sizes[0]][name]:.2f}x |")
    for key, label in (("_memory_mb", "server memory, resident"), ("_private_mb", "server memory, private")):
        memory = " | ".join(f"{results[size][key]:.0f} MB" for size in sizes)
        print(f"| {label} | {memory} | {results[sizes[-1]][key] / results[sizes[0]][key]:.2f}x |")
    print("deep section page per size: " + ", ".join(f"{size:,}: page {results[size]['_deep_page']}" for size in sizes))


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, SQLite; "
            f"load average before the run {load}")


# The child: generate one corpus with bulk inserts, inside Django.

BATCH = 5000
HEADLINE_WORDS, LEAD_WORDS, PARAGRAPHS, PARAGRAPH_WORDS = 9, 30, 6, 55
ARTICLE_WORDS = HEADLINE_WORDS + LEAD_WORDS + PARAGRAPHS * PARAGRAPH_WORDS
VOCABULARY_SIZE = 3000
# The searched words, by rank in their edition's vocabulary: the 4th is in nearly every article (as
# common as "sagte" in wire copy), the 31st in about one in four (a word like "Regierung").
COMMON_WORD, MID_FREQUENCY_WORD = 3, 30


def generate(size: int) -> None:
    """Fill a fresh home: ids are assigned here, so relations and images need nothing read back."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    from gazzetta.newsroom.models import Article, Image, Relation
    from gazzetta.search.backends import get_search_backend

    call_command("migrate", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous=OFF")  # a scratch corpus: a crash means generating it again
    numbers = numpy.random.default_rng(size)
    vocabulary = {language: numpy.array(words) for language, words in vocabularies(size).items()}
    sections, sources, stories = make_sections(), make_sources(), make_stories(size)
    languages = numpy.array(list(LANGUAGES))[numbers.choice(len(LANGUAGES), size, p=list(LANGUAGES.values()))]
    neighbours = recommendations(languages, numbers)
    now = datetime.now(timezone.utc)
    for first in range(0, size, BATCH):
        span = range(first, min(first + BATCH, size))
        words = zipf_ranks(numbers, (len(span), ARTICLE_WORDS))
        articles = [article_row(n, size, languages[n], vocabulary[languages[n]][words[n - first]], numbers,
                                sections, sources, stories, now) for n in span]
        images = [{"article_id": n + 1, "caption": "Der Hafen am Morgen", "credit": "STR - ADP"} for n in span]
        with transaction.atomic():
            insert(connection, Article, articles)
            insert(connection, Image, images)
    for first in range(0, size, BATCH):  # once every article is in: a recommendation may be a later one
        relations = [{"article_id": n + 1, "related_id": int(other) + 1, "rank": rank, "score": 0.5}
                     for n in range(first, min(first + BATCH, size)) for rank, other in enumerate(neighbours[n])]
        with transaction.atomic():
            insert(connection, Relation, relations)
    get_search_backend().rebuild(batch_size=2000)
    (Path(settings.HOME) / "generated").touch()


def vocabularies(size: int) -> dict[str, list[str]]:
    """Each edition's words, most frequent first (the same for a size on every run)."""
    rng = random.Random(size)
    return {language: [word(rng) for _ in range(VOCABULARY_SIZE)] for language in LANGUAGES}


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3, 3, 4))))


def zipf_ranks(numbers, shape) -> numpy.ndarray:
    """Vocabulary ranks drawn Zipf-like (Pareto, alpha 1.1): the first words far more often."""
    return numpy.minimum(numbers.pareto(1.1, shape).astype(numpy.int64), VOCABULARY_SIZE - 1)


def recommendations(languages, numbers) -> numpy.ndarray:
    """Four stored "Empfohlen" per article: articles of its edition within 400 places of it in time."""
    neighbours = numpy.empty((len(languages), 4), dtype=numpy.int64)
    for language in LANGUAGES:
        members = numpy.flatnonzero(languages == language)
        # One offset from each band 1-99, 101-199, ...: four different articles, older or newer.
        offsets = numbers.integers(1, 100, (len(members), 4)) + numpy.arange(4) * 100
        offsets *= numbers.choice((-1, 1), offsets.shape)
        places = (numpy.arange(len(members))[:, None] + offsets) % len(members)
        neighbours[members] = members[places]
    return neighbours


def article_row(n: int, size: int, language: str, words, numbers, sections: list, sources: list, stories: list,
                now: datetime) -> dict:
    """The article with id n + 1: ids grow with publication time, as they do when articles arrive."""
    from django.db import connection

    from gazzetta.newsroom.models import Article

    def sentence(start: int, count: int) -> str:
        return " ".join(words[start:start + count]).capitalize()

    body = "".join(
        f"<p>{sentence(HEADLINE_WORDS + LEAD_WORDS + p * PARAGRAPH_WORDS, PARAGRAPH_WORDS)}.</p>"
        for p in range(PARAGRAPHS))
    draws = numbers.random(4)
    age = size - 1 - n  # 0: the newest
    published = connection.ops.adapt_datetimefield_value(now - timedelta(seconds=30 * (age + 1)))
    return {
        "id": n + 1, "guid": f"urn:growth:{n}", "language": str(language), "slug": f"article-{n}",
        "headline": sentence(0, HEADLINE_WORDS), "lead": sentence(HEADLINE_WORDS, LEAD_WORDS) + ".",
        "body_html": body, "authors": '["Elena Maria Rossi"]', "siglum": "GZ", "agency": "ADP",
        "section_id": sections[int(draws[0] * len(sections))].pk, "source_id": sources[n % len(sources)].pk,
        "story_id": stories[(age // 25) % len(stories)] if draws[1] < 0.3 else None,
        "status": Article.Status.WITHDRAWN.value if draws[2] < 0.01 else Article.Status.PUBLISHED.value,
        "featured": bool(draws[3] < 0.01), "published_at": published, "created_at": published, "modified_at": published,
        "subjects": '["politics"]', "content_hash": f"{n:064x}",
    }


def insert(connection, model, rows: list[dict]) -> None:
    """Insert rows of database-ready values; every other column gets its field's default."""
    fields = model._meta.concrete_fields
    defaults = {field.column: field.get_db_prep_save(field.get_default(), connection) for field in fields}
    columns = [field.column for field in fields]
    sql = (f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[row.get(column, defaults[column]) for column in columns] for row in rows])


def make_sections():
    from gazzetta.newsroom.models import Section

    return [Section.objects.create(key=key, position=n, names={"de": de, "it": it, "en": en})
            for n, (key, de, it, en) in enumerate(SECTIONS)]


def make_sources():
    from gazzetta.newsroom.models import Source

    return [Source.objects.create(key=key, name=name, siglum=key.upper()[:3])
            for key, name in (("adp", "Adria Press"), ("apn", "Alpen News"), ("desk", "Gazzetta Desk"))]


def make_stories(size: int) -> list[int]:
    """A story every 25 articles (30 % of them in it), updated as its articles arrive; the newest first."""
    from gazzetta.newsroom.models import Story

    now = datetime.now(timezone.utc)
    Story.objects.bulk_create([Story(title=f"Story {n}", language="de", updated_at=now - timedelta(seconds=n * 600))
                               for n in reversed(range(max(size // 100, 10)))], batch_size=5000)
    return list(Story.objects.order_by("-pk").values_list("pk", flat=True))


def write_paths(size: int) -> None:
    """Choose the measured pages; a kept home is first brought to the current schema."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from gazzetta.newsroom.models import Article, Section, Story

    call_command("migrate", interactive=False, verbosity=0)
    vocabulary = vocabularies(size)["de"]
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
        "search": f"/de/search/?q={vocabulary[COMMON_WORD]}",
        "search, mid-frequency word": f"/de/search/?q={vocabulary[MID_FREQUENCY_WORD]}",
        "search, newest first": f"/de/search/?q={vocabulary[COMMON_WORD]}&order=newest",
        "search, mid-frequency word, newest first": f"/de/search/?q={vocabulary[MID_FREQUENCY_WORD]}&order=newest",
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
