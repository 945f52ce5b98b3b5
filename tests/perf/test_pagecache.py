"""The full-page cache in front of Django: hits, keys, exact invalidation, editors bypass it.

Requests go through `PageCache` wrapped around Django's real WSGI handler, as `gazzetta
serve` runs it; each test gets a fresh store (SQLite, and Redis too when it answers).
"""

import subprocess
import sys
import textwrap
from io import BytesIO

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from localwire import Reply

from gazzetta.newsroom.models import Article, Relation
from gazzetta.newsroom.signals import article_changed
from gazzetta.reader import textsize
from gazzetta.server import pagecache

pytestmark = pytest.mark.django_db
REDIS_URL = "redis://127.0.0.1:6379/14"


def _redis_store():
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).flushdb()
    except redis.ConnectionError:
        pytest.skip("Redis is not answering at 127.0.0.1:6379")
    return pagecache.RedisStore(REDIS_URL, ttl=60, prefix="gazzetta-test:")


@pytest.fixture(params=["sqlite", "redis"])
def store(request, tmp_path, monkeypatch):
    """A fresh store, also the one `article_changed` invalidates."""
    made = pagecache.SQLiteStore(tmp_path / "pages.sqlite3") if request.param == "sqlite" else _redis_store()
    monkeypatch.setattr(pagecache, "default_store", lambda: made)
    return made


@pytest.fixture
def site(store):
    """Django's WSGI handler behind the page cache; connections stay open as the test client keeps them."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield Site(pagecache.PageCache(WSGIHandler(), store, pagecache.policy_from_settings()))
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


class Site:
    def __init__(self, app):
        self.app = app

    def get(self, path: str, cookies: str = "", method: str = "GET", **headers):
        path, _, query = path.partition("?")
        environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "testserver",
                   "SERVER_PORT": "80", "HTTP_HOST": "testserver", "wsgi.url_scheme": "http",
                   "wsgi.input": BytesIO(), "wsgi.errors": sys.stderr, "HTTP_COOKIE": cookies, **headers}
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer.update(status=int(status.split()[0]), headers=dict(headers))

        body = b"".join(self.app(environ, start_response))
        return Answer(answer["status"], answer["headers"], body.decode())


class Answer:
    def __init__(self, status, headers, html):
        self.status, self.headers, self.html = status, headers, html

    @property
    def cache(self) -> str:
        return self.headers.get("X-Cache", "bypass")


def announce(article, change="updated"):
    """What the newsroom does after its transaction commits."""
    article_changed.send(sender=Article, article_id=article.pk, change=change)


def test_second_request_is_a_hit_with_the_same_page(site, newsroom):
    first, second = site.get("/de/"), site.get("/de/")
    assert (first.cache, second.cache) == ("miss", "hit")
    assert second.status == 200 and second.html == first.html
    assert newsroom.articles["de-politics"].headline in second.html


def test_editions_and_text_sizes_have_their_own_pages(site, newsroom):
    german, italian = site.get("/de/"), site.get("/it/")
    assert italian.cache == "miss" and '<html lang="it"' in italian.html and '<html lang="de"' in german.html
    large = site.get("/de/", cookies=f"{textsize.COOKIE}=3")
    assert large.cache == "miss" and 'class="ts-3"' in large.html
    assert site.get("/de/", cookies=f"{textsize.COOKIE}=3").cache == "hit"
    default = site.get("/de/")
    assert default.cache == "hit" and 'class="ts-0"' in default.html
    assert site.get("/de/", cookies=f"{textsize.COOKIE}=junk").cache == "hit"  # no key per junk value


@pytest.mark.parametrize("cookie", ["sessionid=abc", "csrftoken=xyz"])
def test_editors_with_a_session_or_csrf_cookie_bypass_the_cache(site, store, newsroom, cookie):
    site.get("/de/")
    answer = site.get("/de/", cookies=f"{textsize.COOKIE}=0; {cookie}")
    assert answer.status == 200 and answer.cache == "bypass"


def test_unknown_parameters_posts_search_and_api_bypass_the_cache(site, newsroom):
    for path in ("/de/?utm_source=x", "/de/search/?q=Triest", "/api/v1/openapi.json", "/healthz"):
        site.get(path)
        assert site.get(path).cache == "bypass", path
    assert site.get("/de/", method="POST").cache == "bypass"


def test_only_complete_200_answers_are_stored(site, newsroom):
    for path in (newsroom.articles["de-withdrawn"].get_absolute_url(), "/de/politik/999999-nothing/"):
        statuses = [site.get(path).status for _ in range(2)]
        assert statuses[0] == statuses[1] != 200
        assert site.get(path).cache == "miss"


def test_publishing_refreshes_home_section_feeds_and_sitemaps_of_its_edition(site, newsroom):
    pages = ["/de/", "/de/politik/", "/de/feed/rss/", "/de/politik/feed/atom/", "/it/"]
    for path in pages:
        assert site.get(path).status == 200, path
    fresh = Article.objects.create(guid="urn:test:fresh", language="de", section=newsroom.sections[0],
                                   headline="Neue Fähre nach Istrien", lead="Ab Montag.")
    announce(fresh, "created")
    *german, italian = (site.get(path) for path in pages)
    assert all(answer.cache == "miss" and fresh.headline in answer.html for answer in german)
    assert italian.cache == "hit"


def test_feeds_and_sitemaps_are_cached_until_a_change(site, newsroom):
    paths = ["/de/feed/rss/", "/sitemap.xml", newsroom.story.get_absolute_url("it") + "feed/rss/"]
    assert all(site.get(path).status == 200 for path in paths)
    assert [site.get(path).cache for path in paths] == ["hit"] * 3
    announce(newsroom.articles["de-strike-0"])
    assert [site.get(path).cache for path in paths] == ["miss"] * 3


def test_an_update_or_correction_refreshes_its_page_story_and_lists(site, newsroom):
    article = newsroom.articles["de-strike-1"]
    pages = [article.get_absolute_url(), newsroom.story.get_absolute_url("de"), "/de/wirtschaft/",
             newsroom.articles["de-strike-0"].get_absolute_url()]
    for path in pages:
        site.get(path)
    Article.objects.filter(pk=article.pk).update(headline="Hafenstreik beendet", correction_note="Zahl korrigiert.")
    announce(article)
    answers = [site.get(path) for path in pages]
    assert [answer.cache for answer in answers] == ["miss"] * 4
    assert all("Hafenstreik beendet" in answer.html for answer in answers)
    assert "Zahl korrigiert." in answers[0].html


def test_a_withdrawn_article_disappears_everywhere_at_once(site, newsroom):
    article, other = newsroom.articles["de-politics"], newsroom.articles["de-photo"]
    Relation.objects.create(article=other, related=article, rank=0, score=0.9)
    pages = [article.get_absolute_url(), "/de/", "/de/politik/", other.get_absolute_url()]
    assert all(article.headline in site.get(path).html for path in pages)
    assert all(site.get(path).cache == "hit" for path in pages)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.WITHDRAWN, withdrawn_reason="Falsch.")
    announce(article, "withdrawn")
    assert site.get(pages[0]).status == 410
    for path in pages[1:]:
        answer = site.get(path)
        assert answer.cache == "miss" and article.headline not in answer.html, path


def test_a_page_whose_empfohlen_holds_a_source_teaser_refreshes_when_its_article_arrives(site, newsroom):
    page = newsroom.articles["de-photo"]
    teaser = Relation.objects.create(article=page, kind=Relation.Kind.SOURCE, headline="Noch nicht da", lead="…")
    site.get(page.get_absolute_url())
    arrived = newsroom.articles["de-strike-2"]
    Relation.objects.filter(pk=teaser.pk).update(related=arrived)
    announce(arrived, "created")
    answer = site.get(page.get_absolute_url())
    assert answer.cache == "miss" and f'href="{arrived.get_absolute_url()}"' in answer.html


def test_a_conditional_request_for_a_cached_page_gets_304(site, newsroom):
    first = site.get("/de/")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert site.get("/de/", HTTP_IF_NONE_MATCH=etag).status == 304
    assert site.get("/de/", HTTP_IF_NONE_MATCH='"other"').status == 200
    assert site.get("/de/", HTTP_IF_MODIFIED_SINCE=modified).status == 304


def test_a_render_that_began_before_an_invalidation_is_not_stored(store):
    entry = pagecache.Entry("200 OK", [("Content-Type", "text/html")], b"old page")
    _nothing, epoch = store.get("k")
    store.invalidate({"article:1"})
    assert store.put("k", entry, {"article:1", pagecache.ALL}, epoch) is False
    assert store.get("k")[0] is None
    _nothing, epoch = store.get("k")
    assert store.put("k", entry, {"article:1", pagecache.ALL}, epoch) is True
    assert store.get("k")[0].body == b"old page"


def test_another_process_invalidates_what_this_one_cached(tmp_path):
    shared = tmp_path / "pages.sqlite3"
    here = pagecache.SQLiteStore(shared)
    here.put("/de/", pagecache.Entry("200 OK", [], b"home"), {"edition:de", pagecache.ALL}, here.get("/de/")[1])
    here.put("/it/", pagecache.Entry("200 OK", [], b"casa"), {"edition:it", pagecache.ALL}, here.get("/it/")[1])
    script = textwrap.dedent(f"""
        import django, os
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazzetta.settings")
        django.setup()
        from gazzetta.server.pagecache import SQLiteStore
        print(SQLiteStore({str(shared)!r}).invalidate({{"edition:de"}}))
    """)
    removed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert "/de/" in removed
    assert here.get("/de/")[0] is None and here.get("/it/")[0].body == b"casa"


def test_the_cdn_purge_hook_gets_the_changed_pages(site, newsroom, settings, wire):
    settings.CDN_PURGE_URL = wire.url("{path}")
    wire.default = Reply(200)  # a CDN answers every purge
    article = newsroom.articles["de-politics"]
    site.get(article.get_absolute_url())
    site.get("/de/politik/?page=1")
    announce(article)
    assert {article.get_absolute_url(), "/de/", "/de/politik/", "/de/politik/?page=1"} <= {path for method, path in wire.methods if method == "PURGE"}


def test_a_failing_cdn_is_logged_and_never_stops_the_newsroom(site, newsroom, settings, caplog):
    settings.CDN_PURGE_URL = "http://127.0.0.1:9{path}"
    site.get("/de/")
    announce(newsroom.articles["de-politics"])
    assert site.get("/de/").cache == "miss"
    assert "CDN purge" in caplog.text
