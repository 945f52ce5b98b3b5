"""Benchmark search on both engines: index build time, query latency, index size.

    python bench/search.py 100000                              # both engines, scratch databases
    python bench/search.py 20000 --engine sqlite
    python bench/search.py 100000 --keep /tmp/gz-search-bench    # keep the databases ...
    python bench/search.py 100000 --keep /tmp/gz-search-bench    # ... and rerun the queries only
    python bench/search.py 100000 --keep /tmp/gz-search-bench --reindex   # rebuild the index only

Generates N multilingual articles (de, it, en, fr, es) with bulk_create into a scratch
database (an SQLite file under a temporary GAZZETTA_HOME; a PostgreSQL database created
and dropped here, server from BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432),
rebuilds the index and times backend.search() as a page would call it (count, one page of
20, snippets). Each engine runs in its own process so that settings are read afresh.
With --keep DIR the SQLite file lives under DIR/sqlite and the PostgreSQL database (named
after DIR) is kept; a later run with the same DIR finds the articles and the index there
and only times the queries (--reindex rebuilds the index first, after an analysis change).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
QUERIES_PER_KIND = 60
LANGUAGE_SHARES = {"de": 0.35, "it": 0.25, "en": 0.2, "fr": 0.1, "es": 0.1}

# Frequent news words per language, inflected as in running text; a long tail of made-up
# words follows them so that word frequencies fall off as in real copy (Zipf).
VOCABULARY = {
    "de": """die der und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an
        Regierung Minister Ministerin Kanzler Präsident Parlament Wahl Wahlen Partei Parteien Koalition
        Streik Streiks Hafen Polizei Gericht Urteil Krieg Waffenruhe Verhandlungen Atomgespräche Gipfel
        Unterstützung unterstützen unterstützt Haushalt Steuern Steuer Inflation Preise Energie Strom
        Gas Klima Hitze Unwetter Flughafen Bahn Zug Verkehr Unfall Opfer Verletzte Feuerwehr Stadt
        Bürgermeister Gemeinde Schule Universität Studie Bericht Zahlen Prozent Millionen Milliarden
        Euro Unternehmen Konzern Arbeitsplätze Gewerkschaft Lohn Löhne Rente Flüchtlinge Grenze
        Wien Berlin München Triest Rom Brüssel Europa Ukraine Russland Italien Österreich Deutschland""",
    "it": """il la di che e in un una per non con del della le i gli da al alla si sono è
        governo ministro ministra presidente parlamento elezioni elezione partito partiti coalizione
        sciopero scioperi porto polizia tribunale sentenza guerra tregua negoziati negoziato vertice
        sostegno sostenere bilancio tasse inflazione prezzi energia gas clima caldo maltempo aeroporto
        treno treni traffico incidente vittime feriti vigili città sindaco comune scuola università
        studio rapporto dati percento milioni miliardi euro azienda aziende lavoro sindacato salari
        pensioni migranti confine Roma Milano Trieste Napoli Bruxelles Europa Ucraina Russia Italia""",
    "en": """the of and to in a for on is that with said was by as at it from has be
        government minister president parliament election elections party parties coalition strike
        strikes port police court ruling war ceasefire negotiations talks summit support supported
        supporting budget taxes inflation prices energy gas climate heat storm airport train trains
        traffic accident victims injured firefighters city mayor council school university study
        report figures percent million billion euros company companies jobs union wages pensions
        migrants border London Washington Brussels Europe Ukraine Russia Italy Germany Trieste""",
    "fr": """le la les de des et à en un une du pour que dans sur par est au qui pas
        gouvernement ministre président parlement élection élections parti partis coalition grève
        grèves port police tribunal jugement guerre trêve négociations négociation sommet soutien
        soutenir budget impôts inflation prix énergie gaz climat chaleur tempête aéroport train
        trains circulation accident victimes blessés pompiers ville maire commune école université
        étude rapport chiffres pourcent millions milliards euros entreprise entreprises emplois
        syndicat salaires retraites migrants frontière Paris Bruxelles Europe Ukraine Russie Italie""",
    "es": """el la de que y en los del las un una por con para se al es lo como más
        gobierno ministro presidente parlamento elecciones elección partido partidos coalición huelga
        huelgas puerto policía tribunal sentencia guerra tregua negociaciones negociación cumbre apoyo
        apoyar presupuesto impuestos inflación precios energía gas clima calor tormenta aeropuerto
        tren trenes tráfico accidente víctimas heridos bomberos ciudad alcalde municipio escuela
        universidad estudio informe cifras millones euros empresa empresas empleo sindicato salarios
        pensiones migrantes frontera Madrid Barcelona Bruselas Europa Ucrania Rusia Italia España""",
}
SYLLABLES = "ba be bi bo ka ke ki ko la le li lo ma me mi mo na ne ni no ra re ri ro sa se si so ta te ti to".split()
TAIL_WORDS = 6000


def main() -> None:
    options = _arguments()
    if options.child:
        _child(options)
        return
    print(_machine())
    print(f"articles: {options.articles:,}  queries per kind: {QUERIES_PER_KIND}  "
          f"load average: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
    engines = ("sqlite", "postgresql") if options.engine == "both" else (options.engine,)
    for engine in engines:
        _run_engine(engine, options)
    print(f"\nload average: {' '.join(f'{load:.2f}' for load in os.getloadavg())}; "
          f"CPU time of the engine processes: {_cpu_seconds(resource.RUSAGE_CHILDREN):.1f} s")


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int, nargs="?", default=20_000)
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep the databases under DIR (and the PostgreSQL one) and reuse them next time")
    parser.add_argument("--reindex", action="store_true", help="with --keep: rebuild the index of kept articles")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def _machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((line.split()[1] for line in _read("/proc/meminfo").splitlines() if line.startswith("MemTotal")), "0")
    return (f"machine: {cpu}, {os.cpu_count()} CPUs, {int(memory) // 1024 // 1024} GiB RAM, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}")


def _read(path: str) -> str:
    return Path(path).read_text() if Path(path).exists() else ""


def _cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _run_engine(engine: str, options) -> None:
    """Run one engine's benchmark in a fresh process, in a scratch or kept database."""
    with tempfile.TemporaryDirectory(prefix="gz-bench-") as scratch:
        home = options.keep / engine if options.keep else Path(scratch)
        home.mkdir(parents=True, exist_ok=True)
        environment = {**os.environ, "GAZZETTA_HOME": str(home), "GAZZETTA_SEARCH_BACKEND": engine}
        environment.pop("DATABASE_URL", None)
        command = [sys.executable, __file__, str(options.articles), "--engine", engine, "--child"]
        command += ["--reindex"] if options.reindex else []
        if engine == "sqlite":
            subprocess.run(command, env=environment, check=True)
            return
        name = f"gazzetta_bench_{_keep_suffix(options.keep) if options.keep else os.getpid()}"
        if not (options.keep and _postgres_exists(name)):
            _postgres(f"CREATE DATABASE {name}")
        try:
            subprocess.run(command, env={**environment, "DATABASE_URL": f"{POSTGRES_URL}/{name}"}, check=True)
        finally:
            if not options.keep:
                _postgres(f"DROP DATABASE IF EXISTS {name}")


def _keep_suffix(keep: Path) -> str:
    """Name the kept PostgreSQL database after the --keep directory."""
    return "keep_" + hashlib.sha1(str(keep.resolve()).encode()).hexdigest()[:10]


def _postgres_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as connection:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def _postgres(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def _child(options) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazzetta.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from gazzetta.newsroom.models import Article

    settings.SEARCH_BACKEND = options.engine
    call_command("migrate", verbosity=0)
    print(f"\n== {options.engine}: {connection.vendor} {_server_version(connection)}  ({connection.settings_dict['NAME']})")
    started = time.perf_counter()
    rng = random.Random(42)
    vocabulary = {language: _vocabulary(language, rng) for language in LANGUAGE_SHARES}
    phrases_file = Path(os.environ["GAZZETTA_HOME"]) / "bench-phrases.json"
    kept = Article.objects.count()
    if kept and phrases_file.exists():
        phrases = [tuple(pair) for pair in json.loads(phrases_file.read_text())]
        print(f"reusing {kept:,} kept articles")
    else:
        phrases = _generate(options.articles, vocabulary, rng)
        phrases_file.write_text(json.dumps(phrases))
        print(f"generated {options.articles:,} articles in {time.perf_counter() - started:.1f} s")
    if options.reindex or not kept:
        _time_build(connection)
    print(f"index size: {_index_size(connection) / 2**20:.1f} MiB")
    _time_queries(vocabulary, phrases, random.Random(7))
    print(f"CPU time of this process: {_cpu_seconds(resource.RUSAGE_SELF):.1f} s")


def _server_version(connection) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version")
        return cursor.fetchone()[0]


def _vocabulary(language: str, rng: random.Random) -> list[str]:
    """Return words in falling frequency: news words first, then a made-up long tail."""
    tail = {"".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(TAIL_WORDS)}
    return VOCABULARY[language].split() + sorted(tail)


def _generate(count: int, vocabulary: dict[str, list[str]], rng: random.Random) -> list[tuple[str, str]]:
    """Store `count` articles with bulk_create; return some (language, phrase) pairs taken from them."""
    from django.utils import timezone

    from gazzetta.newsroom.models import Article, Section, Source

    sections = [Section.objects.create(key=key, names={"en": key}) for key in ("politics", "economy", "world", "sport")]
    sources = [Source.objects.create(key=key, name=key.upper()) for key in ("adp", "ansa", "dpa", "desk")]
    weights = {language: [1 / rank for rank in range(1, len(words) + 1)] for language, words in vocabulary.items()}
    languages, shares = list(LANGUAGE_SHARES), list(LANGUAGE_SHARES.values())
    now, phrases, batch = timezone.now(), [], []
    for number in range(count):
        language = rng.choices(languages, shares)[0]
        words = rng.choices(vocabulary[language], weights[language], k=rng.randint(150, 450))
        headline = " ".join(words[:8]).capitalize()
        paragraphs = [" ".join(words[start:start + 40]) for start in range(8, len(words), 40)]
        batch.append(Article(
            guid=f"urn:bench:{number}", language=language, slug=f"article-{number}", headline=headline,
            lead=paragraphs[0], body_html="".join(f"<p>{paragraph}.</p>" for paragraph in paragraphs[1:]),
            section=rng.choice(sections), source=rng.choice(sources), agency="ADP",
            published_at=now - timedelta(minutes=rng.randint(0, 365 * 24 * 60)),
        ))
        if number % 997 == 0:
            start = rng.randint(8, len(words) - 3)
            phrases.append((language, " ".join(words[start:start + rng.choice((2, 3))])))
        if len(batch) == 2000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)
    return phrases


def _time_build(connection) -> None:
    from gazzetta.search.backends import get_search_backend

    started = time.perf_counter()
    indexed = get_search_backend().rebuild()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    seconds = time.perf_counter() - started
    print(f"index build: {indexed:,} articles in {seconds:.1f} s ({indexed / seconds:,.0f} articles/s)")


def _index_size(connection) -> int:
    """Return the bytes the search tables and their indexes take."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT coalesce(sum(pg_total_relation_size(oid)), 0) FROM pg_class "
                           "WHERE relname LIKE 'search\\_%' AND relkind = 'r'")
        else:
            cursor.execute("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'search\\_%' ESCAPE '\\'")
        return cursor.fetchone()[0]


def _time_queries(vocabulary: dict[str, list[str]], phrases: list[tuple[str, str]], rng: random.Random) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from gazzetta.search.backends.base import SearchFilters

    narrow = SearchFilters(language="de", section="politics", since=timezone.now() - timedelta(days=90))
    kinds = {
        "1 word": lambda: _words(vocabulary, rng, 1),
        "2 words": lambda: _words(vocabulary, rng, 2),
        "3 words": lambda: _words(vocabulary, rng, 3),
        "phrase": lambda: f'"{rng.choice(phrases)[1]}"',
    }
    _warm_up(vocabulary)
    # cpu ms: this process's CPU time per query (SQLite: all of it; PostgreSQL: the client's share only).
    print(f"{'query':<10} {'filters':<26} {'median ms':>10} {'p95 ms':>8} {'cpu ms':>8} {'mean hits':>10}")
    for kind, make in kinds.items():
        for label, filters in (("none", SearchFilters()), ("de+section+90 days", narrow)):
            _report(kind, label, [make() for _ in range(QUERIES_PER_KIND)], filters)


def _warm_up(vocabulary: dict[str, list[str]]) -> None:
    """Search the 20 most frequent words of each language first, unmeasured (the timed queries
    never use them): the figures are for a server that has been answering searches, its cache
    holding the index, not for the first queries after a start."""
    from gazzetta.search.backends import get_search_backend
    from gazzetta.search.backends.base import SearchFilters

    backend = get_search_backend()
    for words in vocabulary.values():
        for word in words[:20]:
            backend.search(word, SearchFilters())


def _words(vocabulary: dict[str, list[str]], rng: random.Random, count: int) -> str:
    """Pick words of mixed frequency (ranks 1-50, 50-400 and the tail) from one language."""
    words = vocabulary[rng.choice(list(LANGUAGE_SHARES))]
    bands = [(20, 60), (60, 160), (160, 1200)]
    return " ".join(words[rng.randrange(*rng.choice(bands))] for _ in range(count))


def _report(kind: str, label: str, queries: list[str], filters) -> None:
    from gazzetta.search.backends import get_search_backend

    backend, timings, hits = get_search_backend(), [], []
    cpu_started = time.process_time()
    for query in queries:
        started = time.perf_counter()
        results = backend.search(query, filters)
        timings.append((time.perf_counter() - started) * 1000)
        hits.append(results.count)
    cpu = (time.process_time() - cpu_started) * 1000 / len(queries)
    p95 = statistics.quantiles(timings, n=20)[-1]
    print(f"{kind:<10} {label:<26} {statistics.median(timings):>10.1f} {p95:>8.1f} {cpu:>8.1f} {statistics.mean(hits):>10,.0f}")


if __name__ == "__main__":
    main()
