"""The full-page cache for anonymous readers, answering before Django runs.

`PageCache` wraps the WSGI application (see `gazzetta.wsgi`). A reader page is keyed by
scheme, host, path, the query parameters pages understand and the text-size step; a
request carrying a session or CSRF cookie (an editor) always goes to Django. Each stored
page carries tags naming what it shows (`article:7`, `section:de:2`, `story:3`,
`edition:de`); `article_changed` removes exactly the pages tagged with what an article
touches, in every process, because the store is shared: a SQLite file in GAZZETTA_HOME
for the processes of one machine (the embedded default), Redis (CACHE_URL) across machines.

A page rendered while an article changed must not be stored after the invalidation has
run: every invalidation raises a global epoch and stamps its tags with it, a render
remembers the epoch it started under, and `put` refuses a page whose tags were stamped
later (checked and written atomically). Entries also expire after `ttl` seconds, which
bounds how late a list shows an article whose embargo or publication time passes.
"""

from __future__ import annotations

import functools
import json
import logging
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.utils.http import parse_http_date_safe

from gazzetta.newsroom.models import Article, Relation, Section
from gazzetta.newsroom.signals import article_changed
from gazzetta.reader import textsize
from gazzetta.server import http

log = logging.getLogger(__name__)

TAGS_KEY = "gazzetta.pagecache.tags"
ALL = "*"  # every page; invalidating it empties the cache
SITE = "site"  # pages outside the editions (sitemaps, robots.txt): any change removes them
CACHEABLE_STATUS = "200 OK"
MAX_BODY = 2 * 1024 * 1024
TAG_EPOCH_SECONDS = 600
HIT = ("X-Cache", "hit")
MISS = ("X-Cache", "miss")
NOT_MODIFIED_HEADERS = {"etag", "last-modified", "cache-control", "vary", "content-location", "expires"}


def article_tag(pk: int) -> str:
    return f"article:{pk}"


def edition_tag(language: str) -> str:
    return f"edition:{language}"


def section_tag(language: str, section_id: int | None) -> str:
    return f"section:{language}:{section_id}"


def story_tag(pk: int | None) -> str:
    return f"story:{pk}"


def tag(request, *tags: str) -> None:
    """Record what a page shows so a change to it removes the cached copy (no-op outside the cache)."""
    recorded = request.META.get(TAGS_KEY)
    if recorded is not None:
        recorded.update(tags)


@dataclass(frozen=True)
class Entry:
    """A stored response: status line, headers and body."""

    status: str
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str:
        return next((value for key, value in self.headers if key.lower() == name), "")

    def encoded_headers(self) -> str:
        return json.dumps(self.headers, separators=(",", ":"))

    @classmethod
    def decode(cls, status: str, headers: str, body: bytes) -> Entry:
        return cls(status, [tuple(pair) for pair in json.loads(headers)], bytes(body))


@dataclass(frozen=True)
class Policy:
    """Which requests may be answered from the cache, and under which key."""

    languages: tuple[str, ...]
    private_cookies: frozenset[str]
    textsize_cookie: str
    language_cookie: str = ""
    query_params: frozenset[str] = frozenset({"page", "before", "after"})
    uncached_sections: tuple[str, ...] = ("search", "textsize")
    proxy_https: bool = False

    def key(self, environ: dict) -> str | None:
        """Return the cache key of a request, or None when Django must answer it."""
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or not self.cacheable_path(environ["PATH_INFO"]):
            return None
        cookies = cookie_values(environ.get("HTTP_COOKIE", ""))
        query = environ.get("QUERY_STRING", "")
        if self.private_cookies.intersection(cookies) or not self.known_query(query):
            return None
        step = str(textsize.from_cookie(cookies.get(self.textsize_cookie)))  # five variants at most
        path = environ["PATH_INFO"]
        if not self.in_edition(path):  # Django picks the language from cookie or Accept-Language here
            step += "@" + self.negotiated_language(cookies, environ.get("HTTP_ACCEPT_LANGUAGE", ""))
        return f"{self.scheme(environ)}://{environ.get('HTTP_HOST', '').lower()}{path}?{query}#{step}"

    def in_edition(self, path: str) -> bool:
        return path.split("/", 2)[1] in self.languages

    def negotiated_language(self, cookies: dict[str, str], accept: str) -> str:
        """The edition LocaleMiddleware activates outside a language prefix: cookie, Accept-Language, default."""
        wanted = [cookies.get(self.language_cookie, "")]
        wanted += [part.split(";")[0].strip().split("-")[0].lower() for part in accept.split(",")]
        return next((code for code in wanted if code in self.languages), self.languages[0])

    def cacheable_path(self, path: str) -> bool:
        """Reader pages, feeds and sitemaps; never search, the text-size switch, the API or the admin."""
        parts = path.split("/", 3)
        if len(parts) > 2 and parts[1] in self.languages:
            return parts[2] not in self.uncached_sections
        return path.startswith("/sitemap") and path.endswith(".xml") or path == "/robots.txt"

    def known_query(self, query: str) -> bool:
        return not query or all(name in self.query_params for name, _value in parse_qsl(query, True))

    def scheme(self, environ: dict) -> str:
        if self.proxy_https:
            return "https" if environ.get("HTTP_X_FORWARDED_PROTO") == "https" else "http"
        return environ.get("wsgi.url_scheme", "http")

    def default_tags(self, path: str) -> set[str]:
        """Tags of a page whose view named none (feeds, sitemaps): any change in its edition or story."""
        parts = path.split("/") + ["", ""]
        if parts[1] not in self.languages:
            return {SITE}
        story = parts[3].split("-")[0]
        if parts[2] == "story" and story.isdigit():  # a story's feed lists every edition
            return {edition_tag(parts[1]), story_tag(int(story))}
        return {edition_tag(parts[1])}


def cookie_values(header: str) -> dict[str, str]:
    """Parse a Cookie header into names and values, leniently (a broken pair is skipped)."""
    pairs = (part.split("=", 1) for part in header.split(";") if "=" in part)
    return {name.strip(): value.strip() for name, value in pairs}


class PageCache:
    """WSGI middleware: answer anonymous reader requests from the store, fill it from Django."""

    def __init__(self, app, store, policy: Policy):
        self.app, self.store, self.policy = app, store, policy

    def __call__(self, environ: dict, start_response):
        key = self.policy.key(environ)
        if key is None:
            return self.app(environ, start_response)
        try:
            entry, epoch = self.store.get(key)
        except Exception:  # a store that is down must not take the site with it
            log.exception("pagecache: reading %s failed; Django answers", key)
            return self.app(environ, start_response)
        if entry is not None:
            return answer(entry, environ, start_response)
        return self.render(key, epoch, environ, start_response)

    def render(self, key: str, epoch: int, environ: dict, start_response):
        """Let Django answer, store a cacheable response under the tags its view recorded."""
        environ[TAGS_KEY] = tags = set()
        entry = run_application(self.app, environ)
        if cacheable(entry):
            self.keep(key, entry, (tags or self.policy.default_tags(environ["PATH_INFO"])) | {ALL}, epoch)
        start_response(entry.status, [*entry.headers, MISS])
        return [b"" if environ["REQUEST_METHOD"] == "HEAD" else entry.body]


    def keep(self, key: str, entry: Entry, tags: set[str], epoch: int) -> None:
        try:
            self.store.put(key, entry, tags, epoch)
        except Exception:
            log.exception("pagecache: storing %s failed", key)


def run_application(app, environ: dict) -> Entry:
    """Call a WSGI application and collect its whole response."""
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=list(headers))
        return lambda data: None

    chunks = app(environ, start_response)
    try:
        body = b"".join(chunks)
    finally:
        getattr(chunks, "close", lambda: None)()
    return Entry(started["status"], started["headers"], body)


def cacheable(entry: Entry) -> bool:
    """Only complete, public, cookie-free 200 answers that vary on nothing the key lacks (it holds the language)."""
    if entry.status != CACHEABLE_STATUS or len(entry.body) > MAX_BODY or entry.header("set-cookie"):
        return False
    control = entry.header("cache-control")
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    varies = {name.strip().lower() for name in entry.header("vary").split(",") if name.strip()}
    return varies <= {"cookie", "accept-encoding", "accept-language"}


def answer(entry: Entry, environ: dict, start_response):
    """Send a stored page, or 304 when the client's copy is current."""
    if not_modified(entry, environ):
        start_response("304 Not Modified", [(k, v) for k, v in entry.headers if k.lower() in NOT_MODIFIED_HEADERS])
        return [b""]
    start_response(entry.status, [*entry.headers, HIT])
    return [b"" if environ["REQUEST_METHOD"] == "HEAD" else entry.body]


def not_modified(entry: Entry, environ: dict) -> bool:
    """RFC 9110 13.2.2: If-None-Match decides when present, else If-Modified-Since."""
    if match := environ.get("HTTP_IF_NONE_MATCH"):
        etag = entry.header("etag").removeprefix("W/")
        return bool(etag) and any(part.strip().removeprefix("W/") in (etag, "*") for part in match.split(","))
    if not (since := environ.get("HTTP_IF_MODIFIED_SINCE")):
        return False
    since, modified = parse_http_date_safe(since), parse_http_date_safe(entry.header("last-modified"))
    return since is not None and modified is not None and modified <= since


class SQLiteStore:
    """Pages in one SQLite file, shared by every process of the machine (WAL: readers never wait)."""

    SCHEMA = """
        CREATE TABLE IF NOT EXISTS page (key TEXT PRIMARY KEY, status TEXT, headers TEXT, body BLOB, expires REAL);
        CREATE TABLE IF NOT EXISTS page_tag (tag TEXT, key TEXT, PRIMARY KEY (tag, key)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS page_tag_key ON page_tag (key);
        CREATE TABLE IF NOT EXISTS tag_epoch (tag TEXT PRIMARY KEY, epoch INTEGER, at REAL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS clock (id INTEGER PRIMARY KEY CHECK (id = 1), epoch INTEGER NOT NULL);
        INSERT OR IGNORE INTO clock VALUES (1, 0);
    """
    PRUNE_EVERY = 200

    def __init__(self, path: Path, *, ttl: float = 60.0, max_entries: int = 5000):
        self.path, self.ttl, self.max_entries = Path(path), ttl, max_entries
        self.local = threading.local()
        self.writes = 0

    def connection(self) -> sqlite3.Connection:
        """One connection per thread, opened on first use (after the server forked its workers)."""
        connection = getattr(self.local, "connection", None)
        if connection is None:
            connection = self.local.connection = self.connect()
        return connection

    def connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.executescript(self.SCHEMA)
        return connection

    def get(self, key: str) -> tuple[Entry | None, int]:
        """Return the live entry under `key`, or None and the epoch a render starts under."""
        connection = self.connection()
        row = connection.execute(
            "SELECT status, headers, body FROM page WHERE key = ? AND expires > ?", (key, time.time())
        ).fetchone()
        if row is not None:
            return Entry.decode(*row), 0
        return None, connection.execute("SELECT epoch FROM clock").fetchone()[0]

    def put(self, key: str, entry: Entry, tags: set[str], epoch: int) -> bool:
        """Store `entry` unless one of its tags was invalidated after the render began."""
        with self.transaction() as connection:
            if self.stamped_after(connection, tags, epoch):
                return False
            connection.execute("INSERT OR REPLACE INTO page VALUES (?, ?, ?, ?, ?)",
                               (key, entry.status, entry.encoded_headers(), entry.body, time.time() + self.ttl))
            connection.execute("DELETE FROM page_tag WHERE key = ?", (key,))
            connection.executemany("INSERT INTO page_tag VALUES (?, ?)", [(name, key) for name in tags])
        self.prune_now_and_then()
        return True

    @staticmethod
    def stamped_after(connection: sqlite3.Connection, tags: set[str], epoch: int) -> bool:
        marks = ",".join("?" * len(tags))
        latest = connection.execute(f"SELECT max(epoch) FROM tag_epoch WHERE tag IN ({marks})", tuple(tags))
        return (latest.fetchone()[0] or 0) > epoch

    def invalidate(self, tags: set[str]) -> list[str]:
        """Remove every page carrying one of `tags`; return their keys."""
        now = time.time()
        with self.transaction() as connection:
            epoch = connection.execute("UPDATE clock SET epoch = epoch + 1 RETURNING epoch").fetchone()[0]
            connection.executemany("INSERT OR REPLACE INTO tag_epoch VALUES (?, ?, ?)",
                                   [(name, epoch, now) for name in tags])
            keys = self.keys_tagged(connection, tags)
            connection.executemany("DELETE FROM page WHERE key = ?", [(key,) for key in keys])
            connection.executemany("DELETE FROM page_tag WHERE key = ?", [(key,) for key in keys])
        return keys

    @staticmethod
    def keys_tagged(connection: sqlite3.Connection, tags: set[str]) -> list[str]:
        marks = ",".join("?" * len(tags))
        rows = connection.execute(f"SELECT DISTINCT key FROM page_tag WHERE tag IN ({marks})", tuple(tags))
        return [key for (key,) in rows]

    def transaction(self):
        return _Immediate(self.connection())

    def prune_now_and_then(self) -> None:
        """Drop expired pages, the oldest beyond `max_entries` and old tag stamps, every few writes."""
        self.writes += 1
        if self.writes % self.PRUNE_EVERY:
            return
        with self.transaction() as connection:
            connection.execute("DELETE FROM page WHERE expires <= ? OR key IN (SELECT key FROM page "
                               "ORDER BY expires DESC LIMIT -1 OFFSET ?)", (time.time(), self.max_entries))
            connection.execute("DELETE FROM page_tag WHERE key NOT IN (SELECT key FROM page)")
            connection.execute("DELETE FROM tag_epoch WHERE at < ?", (time.time() - TAG_EPOCH_SECONDS,))


class _Immediate:
    """BEGIN IMMEDIATE … COMMIT (ROLLBACK on error): check-and-write without a race between processes."""

    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        self.connection.execute("BEGIN IMMEDIATE")
        return self.connection

    def __exit__(self, kind, error, trace) -> None:
        self.connection.execute("ROLLBACK" if kind else "COMMIT")


class RedisStore:
    """Pages in Redis, shared by every web node; the check-and-write and the removal are Lua scripts."""

    PUT = """
        local n = tonumber(ARGV[6])
        for i = 1, n do
            if tonumber(redis.call('GET', KEYS[1 + i]) or '0') > tonumber(ARGV[1]) then return 0 end
        end
        redis.call('HSET', KEYS[1], 's', ARGV[3], 'h', ARGV[4], 'b', ARGV[5])
        redis.call('EXPIRE', KEYS[1], ARGV[2])
        for i = 1, n do
            redis.call('SADD', KEYS[1 + n + i], KEYS[1])
            redis.call('EXPIRE', KEYS[1 + n + i], tonumber(ARGV[2]) + 60)
        end
        return 1
    """
    INVALIDATE = """
        local n = tonumber(ARGV[1])
        local epoch = redis.call('INCR', KEYS[1])
        local removed = {}
        for i = 1, n do
            redis.call('SET', KEYS[1 + i], epoch, 'EX', ARGV[2])
            for _, page in ipairs(redis.call('SMEMBERS', KEYS[1 + n + i])) do
                if redis.call('DEL', page) == 1 then table.insert(removed, page) end
            end
            redis.call('DEL', KEYS[1 + n + i])
        end
        return removed
    """

    def __init__(self, url: str, *, ttl: float = 60.0, prefix: str = "gazzetta:pagecache:"):
        import redis

        self.client = redis.Redis.from_url(url)
        self.ttl, self.prefix = int(ttl), prefix
        self.put_script = self.client.register_script(self.PUT)
        self.invalidate_script = self.client.register_script(self.INVALIDATE)

    def get(self, key: str) -> tuple[Entry | None, int]:
        pipe = self.client.pipeline(transaction=False)
        pipe.hmget(self.prefix + "p:" + key, "s", "h", "b")
        pipe.get(self.prefix + "clock")
        (status, headers, body), epoch = pipe.execute()
        if status is None:
            return None, int(epoch or 0)
        return Entry.decode(status.decode(), headers.decode(), body), 0

    def put(self, key: str, entry: Entry, tags: set[str], epoch: int) -> bool:
        names = sorted(tags)
        keys = [self.prefix + "p:" + key, *self.tag_keys(names, "e:"), *self.tag_keys(names, "t:")]
        arguments = [epoch, self.ttl, entry.status, entry.encoded_headers(), entry.body, len(names)]
        return bool(self.put_script(keys=keys, args=arguments))

    def invalidate(self, tags: set[str]) -> list[str]:
        names = sorted(tags)
        keys = [self.prefix + "clock", *self.tag_keys(names, "e:"), *self.tag_keys(names, "t:")]
        removed = self.invalidate_script(keys=keys, args=[len(names), TAG_EPOCH_SECONDS])
        start = len(self.prefix) + 2
        return [page.decode()[start:] for page in removed]

    def tag_keys(self, names: list[str], kind: str) -> list[str]:
        return [self.prefix + kind + name for name in names]


# Wiring to Django: the store and policy from settings, invalidation on newsroom changes.

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


@functools.cache
def default_store() -> SQLiteStore | RedisStore:
    """Redis when CACHE_URL names it (several machines), else a SQLite file in GAZZETTA_HOME."""
    url, ttl = settings.GAZZETTA.cache_url, settings.PAGE_CACHE_SECONDS
    if url.startswith(REDIS_SCHEMES):
        return RedisStore(url, ttl=ttl)
    return SQLiteStore(Path(settings.HOME) / "pagecache.sqlite3", ttl=ttl)


def policy_from_settings() -> Policy:
    return Policy(
        languages=tuple(code for code, _name in settings.LANGUAGES),
        private_cookies=frozenset({settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME}),
        textsize_cookie=textsize.COOKIE,
        language_cookie=settings.LANGUAGE_COOKIE_NAME,
        proxy_https=bool(getattr(settings, "SECURE_PROXY_SSL_HEADER", None)),
    )


def wrap(app):
    """Put the page cache in front of a WSGI application, unless GAZZETTA_PAGE_CACHE turned it off."""
    return PageCache(app, default_store(), policy_from_settings()) if settings.PAGE_CACHE else app


def tags_of_change(article_id: int, article: Article | None) -> set[str]:
    """Everything a change to an article can alter: its page, lists, story, feeds, sitemaps, Empfohlen."""
    tags = {article_tag(article_id), SITE}
    if article is None:  # deleted: its edition is unknown
        return tags | {edition_tag(code) for code, _name in settings.LANGUAGES}
    language = article.language
    tags |= {edition_tag(language), section_tag(language, article.section_id), story_tag(article.story_id)}
    recommending = Relation.objects.filter(related_id=article_id).values_list("article_id", flat=True)
    return tags | {article_tag(pk) for pk in recommending}


def canonical_paths(article: Article | None) -> set[str]:
    """The pages a CDN may hold for an article even when this cache no longer does."""
    if article is None:
        return set()
    paths = {article.get_absolute_url(), f"/{article.language}/"}
    if article.section:
        paths.add(article.section.get_absolute_url(article.language))
    return paths


def invalidate(tags: set[str], store=None, paths: set[str] = frozenset()) -> list[str]:
    """Remove the pages carrying `tags` here and (with `paths`) at the CDN; failures are logged, not raised."""
    try:
        keys = (store or default_store()).invalidate(tags)
    except Exception:
        log.exception("pagecache: invalidating %s failed; pages expire within %ss", sorted(tags),
                      settings.PAGE_CACHE_SECONDS)
        keys = []
    http.purge_cdn(sorted(paths | {key_path(key) for key in keys}))
    return keys


def key_path(key: str) -> str:
    """The path and query of a cache key (scheme://host/path?query#step)."""
    path = "/" + key.split("://", 1)[-1].split("/", 1)[-1].rsplit("#", 1)[0]
    return path.removesuffix("?")


def on_article_changed(sender, article_id: int, change: str, **kwargs) -> None:
    article = Article.objects.select_related("section").filter(pk=article_id).first()
    invalidate(tags_of_change(article_id, article), paths=canonical_paths(article))


def on_site_changed(sender, **kwargs) -> None:
    """A section renamed or added changes every page's navigation: empty the cache."""
    invalidate({ALL})


def connect_receivers() -> None:
    """Subscribe every process (web, worker, command) to the changes that invalidate pages."""
    article_changed.connect(on_article_changed, dispatch_uid="gazzetta.pagecache.article")
    post_save.connect(on_site_changed, sender=Section, dispatch_uid="gazzetta.pagecache.section_saved")
    post_delete.connect(on_site_changed, sender=Section, dispatch_uid="gazzetta.pagecache.section_deleted")
