"""sources.py: due computation, health bookkeeping, conditional polling and full-text mode."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta, timezone
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from localwire import LocalWire, Reply
from PIL import Image as PillowImage

from gazzetta.ingest import fetch
from gazzetta.ingest.fetch import FetchError, FetchResult
from gazzetta.ingest.models import Receipt
from gazzetta.ingest.pipeline import ItemResult
from gazzetta.ingest.sources import (
    ERROR_BACKOFF_CAP,
    FULL_TEXT_MIN_CHARS,
    due_sources,
    is_due,
    next_poll_at,
    poll,
    with_full_text,
)
from gazzetta.ingest.wireitem import WireItem
from gazzetta.newsroom.models import Article, Image, Section, Source

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
PARAGRAPH = ("The council met on Tuesday evening and agreed, after a long debate that ran past midnight, "
             "to rebuild the old harbour bridge with money from the regional fund. ")


def make_source(key="wire", **fields) -> Source:
    defaults = {"name": key.title(), "url": f"https://{key}.example/feed", "poll_interval": 300}
    return Source.objects.create(key=key, **{**defaults, **fields})


def ninjs(guid: str, headline: str, version: int = 1) -> bytes:
    body = f"<p>{PARAGRAPH}</p><p>{headline} was the word of the day.</p>"
    return json.dumps({"uri": guid, "version": version, "type": "text", "language": "en",
                       "headline": headline, "body_html": body}).encode()


def ok(content=b"payload", etag="", last_modified="", url="https://wire.example/feed") -> FetchResult:
    return FetchResult(200, content, etag, last_modified, url)


class FakeIngest:
    """Stands in for pipeline.ingest_payload; remembers its calls and answers canned results."""

    def __init__(self, *statuses: str):
        self.statuses = statuses or ("created",)
        self.calls: list[tuple[bytes, dict]] = []

    def __call__(self, data: bytes, **options) -> list[ItemResult]:
        self.calls.append((data, options))
        return [ItemResult(status, error="ingest: ninjs: broken" if status == "rejected" else "")
                for status in self.statuses]


def failing_fetcher(message="ingest: fetch: https://wire.example/feed: HTTP 503"):
    def fetcher(url, **options):
        raise FetchError(message)
    return fetcher


# --- due -------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_never_fetched_source_is_due():
    assert is_due(make_source(), NOW) and next_poll_at(make_source("other")) is None


@pytest.mark.django_db
def test_due_once_the_interval_has_passed():
    source = make_source(last_fetched_at=NOW - timedelta(seconds=299))
    assert not is_due(source, NOW)
    assert is_due(source, NOW + timedelta(seconds=1))


@pytest.mark.django_db
def test_errors_stretch_the_interval_up_to_the_cap():
    source = make_source(last_fetched_at=NOW, error_streak=2)
    assert next_poll_at(source) == NOW + timedelta(seconds=4 * 300)
    source.error_streak = 50
    assert next_poll_at(source) == NOW + timedelta(seconds=ERROR_BACKOFF_CAP * 300)


@pytest.mark.django_db
def test_due_sources_leaves_out_disabled_recent_and_urlless_ones():
    due = make_source("due", last_fetched_at=NOW - timedelta(hours=1))
    make_source("recent", last_fetched_at=NOW - timedelta(seconds=10))
    make_source("off", enabled=False)
    make_source("desk", url="")
    assert [source.key for source in due_sources(NOW)] == [due.key]


# --- health ----------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_success_hands_bytes_to_the_pipeline_and_records_health():
    source = make_source(format="ninjs")
    ingest = FakeIngest("created", "updated")
    outcome = poll(source, now=NOW, ingest=ingest, fetcher=lambda url, **o: ok(b"items", '"e1"', "Wed, 01 May"))
    data, options = ingest.calls[0]
    assert data == b"items"
    assert (options["origin"], options["source"], options["format"]) == ("source:wire", source, "ninjs")
    assert outcome.status == "ok" and outcome.counts() == {"created": 1, "updated": 1}
    source.refresh_from_db()
    assert (source.etag, source.last_modified, source.last_fetched_at, source.last_success_at) == (
        '"e1"', "Wed, 01 May", NOW, NOW)


@pytest.mark.django_db
def test_error_streak_grows_and_recovery_clears_it():
    source = make_source()
    for minute in (0, 10):
        outcome = poll(source, now=NOW + timedelta(minutes=minute), ingest=FakeIngest(), fetcher=failing_fetcher())
    assert outcome.failed and "HTTP 503" in outcome.error
    source.refresh_from_db()
    assert (source.error_streak, source.last_error_at, source.last_success_at) == (
        2, NOW + timedelta(minutes=10), None)
    assert "HTTP 503" in source.last_error
    poll(source, now=NOW + timedelta(hours=1), ingest=FakeIngest(), fetcher=lambda url, **o: ok())
    source.refresh_from_db()
    assert (source.error_streak, source.last_error, source.last_success_at) == (0, "", NOW + timedelta(hours=1))
    assert source.last_error_at == NOW + timedelta(minutes=10)


@pytest.mark.django_db
def test_a_payload_with_every_item_rejected_counts_as_a_failure_and_keeps_no_validators():
    source = make_source()
    outcome = poll(source, now=NOW, ingest=FakeIngest("rejected"), fetcher=lambda url, **o: ok(etag='"bad"'))
    source.refresh_from_db()
    assert outcome.failed and source.error_streak == 1 and source.etag == ""
    assert source.last_error == "ingest: ninjs: broken"


@pytest.mark.django_db
def test_a_crash_in_the_pipeline_is_recorded_not_raised():
    def exploding(data, **options):
        raise RuntimeError("boom")

    outcome = poll(make_source(), now=NOW, ingest=exploding, fetcher=lambda url, **o: ok())
    assert outcome.failed and outcome.error == "ingest: sources: RuntimeError: boom"


@pytest.mark.django_db
def test_a_source_claimed_by_another_poller_is_left_alone():
    stale = make_source(last_fetched_at=NOW - timedelta(hours=1))
    Source.objects.filter(pk=stale.pk).update(last_fetched_at=NOW)  # another scheduler got there first
    ingest = FakeIngest()
    assert poll(stale, now=NOW, ingest=ingest, fetcher=failing_fetcher()).status == "busy"
    assert ingest.calls == []


# --- through HTTP and the real pipeline -------------------------------------------------------------

@pytest.mark.django_db
def test_conditional_get_does_not_ingest_again(wire: LocalWire):
    def answer(headers):
        return Reply(304) if headers.get("if-none-match") == '"v1"' else Reply(
            body=ninjs("urn:test:1", "Harbour bridge to be rebuilt"), headers={"ETag": '"v1"'})

    source = make_source(url=wire.route("/feed", answer), format="ninjs")
    first = poll(source, now=NOW)
    second = poll(source, now=NOW + timedelta(hours=1))
    assert [result.status for result in first.results] == ["created"]
    assert (second.status, second.results) == ("not-modified", ())
    assert wire.requests[1][1]["if-none-match"] == '"v1"'
    assert Receipt.objects.count() == 1 and Article.objects.get().headline == "Harbour bridge to be rebuilt"


def png() -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (6, 4), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def with_picture(payload: bytes, url: str) -> bytes:
    item = json.loads(payload)
    item["associations"] = {"featureimage": {"type": "picture", "renditions": {"original": {"href": url}}}}
    return json.dumps(item).encode()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.mark.django_db
def test_a_poll_downloads_the_pictures_of_what_it_stored(wire: LocalWire, media,
                                                         django_capture_on_commit_callbacks):
    picture = png()
    photo = wire.route("/photo.png", Reply(body=picture, headers={"Content-Type": "image/png"}))
    feed = with_picture(ninjs("urn:test:1", "Harbour bridge to be rebuilt"), photo)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = poll(make_source(url=wire.route("/feed", Reply(body=feed)), format="ninjs"), now=NOW)
    assert [result.status for result in outcome.results] == ["created"]
    image = Image.objects.get(article__guid="urn:test:1")
    with image.file.open("rb") as stored:
        assert image.source_url == photo and stored.read() == picture
    assert wire.hits("/photo.png") == 1


@pytest.mark.django_db
def test_a_picture_over_the_size_limit_is_not_downloaded(wire: LocalWire, media, monkeypatch,
                                                         django_capture_on_commit_callbacks):
    monkeypatch.setattr(fetch, "IMAGE_MAX_BYTES", 64)
    photo = wire.route("/big.png", Reply(body=png() + b"\0" * 64, headers={"Content-Type": "image/png"}))
    feed = with_picture(ninjs("urn:test:1", "Harbour bridge to be rebuilt"), photo)
    with django_capture_on_commit_callbacks(execute=True):
        poll(make_source(url=wire.route("/feed", Reply(body=feed)), format="ninjs"), now=NOW)
    image = Image.objects.get(article__guid="urn:test:1")
    assert image.source_url == photo and not image.file  # the record stays, waiting for a smaller file


@pytest.mark.django_db
def test_unreachable_source_fails_with_the_reason(wire: LocalWire):
    source = make_source(url=wire.route("/gone", Reply(404)))
    outcome = poll(source, now=NOW)
    source.refresh_from_db()
    assert outcome.failed and "HTTP 404" in source.last_error and source.error_streak == 1


# --- full text -------------------------------------------------------------------------------------

ARTICLE_PAGE = ("<html><head><title>Harbour bridge</title></head><body><nav>Home | News</nav><article>"
                "<h1>Harbour bridge to be rebuilt</h1>" + "".join(f"<p>Part {n}. {PARAGRAPH}</p>" for n in range(6))
                + "</article></body></html>")


def page_fetcher(page: str = ARTICLE_PAGE):
    def fetcher(url, **options):
        return FetchResult(200, page.encode(), "", "", url)
    return fetcher


def test_short_feed_items_get_the_text_of_their_page():
    teaser = WireItem(guid="tag:feed,1", headline="Harbour bridge to be rebuilt", url="https://site.example/a",
                      body_html="<p>The council agreed.</p>", format="feed")
    full = with_full_text(teaser, fetcher=page_fetcher())
    assert full.guid == "tag:feed,1" and full.headline == teaser.headline
    assert full.body_html.count("regional fund") == 6


def test_long_items_and_items_without_link_are_kept_as_they_are():
    long_item = WireItem(url="https://site.example/a", paragraphs=("x" * FULL_TEXT_MIN_CHARS,))
    no_link = WireItem(body_html="<p>short</p>")
    assert with_full_text(long_item, fetcher=failing_fetcher()) is long_item
    assert with_full_text(no_link, fetcher=failing_fetcher()) is no_link


def test_an_unreadable_page_leaves_the_teaser():
    teaser = WireItem(url="https://site.example/a", body_html="<p>The council agreed.</p>")
    assert with_full_text(teaser, fetcher=failing_fetcher()) is teaser
    assert with_full_text(teaser, fetcher=page_fetcher("<html><body></body></html>")) is teaser


@pytest.mark.django_db
def test_full_text_sources_ask_the_pipeline_to_enrich_items():
    ingest = FakeIngest()
    poll(make_source(full_text=True), now=NOW, ingest=ingest, fetcher=page_fetcher())
    enrich = ingest.calls[0][1]["enrich"]
    assert enrich(WireItem(url="https://site.example/a", body_html="<p>Teaser.</p>")).body_html.count(
        "regional fund") == 6
    poll(make_source("plain"), now=NOW, ingest=ingest, fetcher=lambda url, **o: ok())
    assert "enrich" not in ingest.calls[1][1]


@pytest.mark.django_db
def test_a_full_text_feed_is_stored_with_the_text_of_its_pages(wire: LocalWire):
    page_url = wire.route("/story", Reply(body=ARTICLE_PAGE.encode(), headers={"Content-Type": "text/html"}))
    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Site</title><link>{wire.url("/")}</link>'
            f"<item><title>Harbour bridge to be rebuilt</title><link>{page_url}</link><guid>tag:site,1</guid>"
            "<description>The council agreed.</description></item></channel></rss>")
    source = make_source(url=wire.route("/rss", Reply(body=feed.encode())), full_text=True)
    [result] = poll(source, now=NOW).results
    article = Article.objects.get()
    assert (result.status, article.guid, article.headline) == ("created", "tag:site,1", "Harbour bridge to be rebuilt")
    assert article.body_html.count("regional fund") == 6


# --- gazzetta sources -------------------------------------------------------------------------------

def run_sources(*args) -> str:
    out = StringIO()
    call_command("sources", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_sources_add_stores_every_option():
    section = Section.objects.create(key="politics", names={"en": "Politics"})
    run_sources("add", "https://wire.example/g2", "--name", "Example Wire", "--format", "newsml-g2",
                "--interval", "120", "--language", "it", "--section", "politics", "--full-text")
    source = Source.objects.get()
    assert (source.key, source.name, source.url, source.format, source.kind) == (
        "example-wire", "Example Wire", "https://wire.example/g2", "newsml-g2", Source.Kind.AGENCY)
    assert (source.poll_interval, source.default_language, source.default_section, source.full_text,
            source.enabled) == (120, "it", section, True, True)


@pytest.mark.parametrize(("args", "message"), [
    (("ftp://wire.example/x", "--name", "X"), "not an http or https URL"),
    (("https://wire.example/x", "--name", "X", "--section", "nowhere"), "no section with key 'nowhere'"),
    (("https://wire.example/x", "--name", "X", "--interval", "5"), "at least 30 seconds"),
    (("https://wire.example/x", "--name", "Wire"), "key 'wire' exists already"),
    (("https://wire.example/x", "--name", "!!!"), "no usable key"),
])
@pytest.mark.django_db
def test_sources_add_refuses_bad_input(args, message):
    make_source("wire")
    with pytest.raises(CommandError, match=message):
        run_sources("add", *args)


@pytest.mark.django_db
def test_sources_list_shows_state_and_last_error():
    make_source("alpha", error_streak=3, last_error="ingest: fetch: HTTP 503")
    make_source("beta", enabled=False)
    lines = run_sources("list").splitlines()
    assert lines[0].split()[:3] == ["KEY", "STATE", "EVERY"]
    assert lines[1].split()[:5] == ["alpha", "enabled", "300s", "detect", "never"]
    assert lines[2].strip() == "last error: ingest: fetch: HTTP 503"
    assert lines[3].split()[:2] == ["beta", "disabled"]


@pytest.mark.django_db
def test_sources_enable_and_disable():
    source = make_source()
    assert run_sources("disable", "wire") == "sources: wire disabled\n"
    source.refresh_from_db()
    assert not source.enabled
    run_sources("enable", "wire")
    source.refresh_from_db()
    assert source.enabled
    with pytest.raises(CommandError, match="no source with key 'nosuch'"):
        run_sources("enable", "nosuch")


@pytest.mark.django_db
def test_sources_remove_only_without_articles():
    source = make_source()
    Article.objects.create(guid="urn:x", source=source, language="en", headline="Kept")
    with pytest.raises(CommandError, match="has 1 articles and cannot be removed; disable it instead"):
        run_sources("remove", "wire")
    make_source("empty")
    run_sources("remove", "empty")
    assert list(Source.objects.values_list("key", flat=True)) == ["wire"]
