"""fetch.py against a real HTTP server on 127.0.0.1 started by the test."""

from __future__ import annotations

import gzip
import ipaddress
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
from localwire import Reply

from gazzetta.ingest import fetch as fetch_module
from gazzetta.ingest.fetch import (
    USER_AGENT,
    FetchError,
    RetryPolicy,
    check_url,
    fetch,
    retry_after_seconds,
)

NO_RETRY = RetryPolicy(attempts=1)


def test_plain_get_returns_body_validators_and_sends_user_agent(wire):
    url = wire.route("/feed", Reply(body=b"<rss/>", headers={"ETag": '"v1"', "Last-Modified": "Mon, 01 Jan 2024"}))
    result = fetch(url, max_bytes=1000, timeout=5)
    assert (result.status, result.content, result.etag, result.last_modified) == (
        200, b"<rss/>", '"v1"', "Mon, 01 Jan 2024")
    assert wire.requests[0][1]["user-agent"] == USER_AGENT and "Gazzetta" in USER_AGENT


def test_conditional_get_sends_validators_and_reports_not_modified(wire):
    def answer(headers):
        fresh = headers.get("if-none-match") == '"v1"' and headers.get("if-modified-since") == "yesterday"
        return Reply(304) if fresh else Reply(body=b"full")

    url = wire.route("/feed", answer)
    result = fetch(url, max_bytes=1000, timeout=5, etag='"v1"', last_modified="yesterday")
    assert result.not_modified and result.content == b""
    assert fetch(url, max_bytes=1000, timeout=5).content == b"full"


def test_gzip_body_is_decoded(wire):
    url = wire.route("/gz", Reply(body=gzip.compress(b"hello wire"), headers={"Content-Encoding": "gzip"}))
    assert fetch(url, max_bytes=1000, timeout=5).content == b"hello wire"


def test_read_timeout_is_an_error_naming_it(wire):
    url = wire.route("/slow", Reply(body=b"late", delay=1.5))
    with pytest.raises(FetchError, match="timed out"):
        fetch(url, max_bytes=1000, timeout=0.3, policy=NO_RETRY)


def test_declared_size_over_limit_is_refused(wire):
    url = wire.route("/big", Reply(body=b"x" * 5000))
    with pytest.raises(FetchError, match="5000 bytes declared, limit is 1000"):
        fetch(url, max_bytes=1000, timeout=5)


def test_undeclared_size_is_limited_while_streaming(wire):
    url = wire.route("/endless", Reply(body=b"x" * 300_000, declare_length=False))
    with pytest.raises(FetchError, match="larger than the limit of 100000"):
        fetch(url, max_bytes=100_000, timeout=5)


def test_gzip_bomb_is_limited_on_decoded_size(wire):
    bomb = gzip.compress(b"\0" * 2_000_000)
    url = wire.route("/bomb", Reply(body=bomb, headers={"Content-Encoding": "gzip"}))
    assert len(bomb) < 100_000
    with pytest.raises(FetchError, match="larger than the limit"):
        fetch(url, max_bytes=100_000, timeout=5)


def test_redirects_are_followed_and_the_final_url_reported(wire):
    wire.route("/old", Reply(301, headers={"Location": "/new"}))
    wire.route("/new", Reply(body=b"moved"))
    result = fetch(wire.url("/old"), max_bytes=1000, timeout=5)
    assert (result.content, result.url) == (b"moved", wire.url("/new"))


def test_redirect_loop_stops_at_the_limit(wire):
    url = wire.route("/loop", Reply(302, headers={"Location": "/loop"}))
    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetch(url, max_bytes=1000, timeout=5, policy=RetryPolicy(max_redirects=3))
    assert wire.hits("/loop") == 4


def test_server_errors_are_retried_with_retry_after_seconds(wire):
    url = wire.route("/flaky", Reply(503, headers={"Retry-After": "7"}), Reply(429, headers={"Retry-After": "2"}),
                     Reply(body=b"at last"))
    slept: list[float] = []
    result = fetch(url, max_bytes=1000, timeout=5, sleep=slept.append)
    assert result.content == b"at last" and slept == [7.0, 2.0]


def test_retry_after_is_capped_and_attempts_are_bounded(wire):
    url = wire.route("/down", Reply(503, headers={"Retry-After": "86400"}))
    slept: list[float] = []
    with pytest.raises(FetchError, match="HTTP 503 .gave up after 3 attempts"):
        fetch(url, max_bytes=1000, timeout=5, sleep=slept.append, policy=RetryPolicy(retry_after_cap=60))
    assert slept == [60.0, 60.0] and wire.hits("/down") == 3


def test_backoff_without_retry_after_is_full_jitter_within_the_exponential_bound(wire):
    url = wire.route("/down", Reply(500))
    slept: list[float] = []
    policy = RetryPolicy(attempts=4, backoff_base=1.0, backoff_cap=3.0)
    with pytest.raises(FetchError):
        fetch(url, max_bytes=1000, timeout=5, sleep=slept.append, policy=policy)
    assert len(slept) == 3
    assert all(0 <= delay <= bound for delay, bound in zip(slept, [1.0, 2.0, 3.0], strict=True))


def test_client_errors_are_not_retried(wire):
    url = wire.route("/gone", Reply(404))
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(url, max_bytes=1000, timeout=5, sleep=lambda _s: None)
    assert wire.hits("/gone") == 1


def test_network_errors_are_retried_then_reported(wire):
    wire.server.shutdown()
    wire.server.server_close()
    slept: list[float] = []
    with pytest.raises(FetchError, match="network error"):
        fetch(wire.url("/x"), max_bytes=1000, timeout=2, sleep=slept.append)
    assert len(slept) == 2


def test_retry_after_http_date():
    now = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
    assert retry_after_seconds(format_datetime(now + timedelta(seconds=90), usegmt=True), now) == 90.0
    assert retry_after_seconds(format_datetime(now - timedelta(hours=1), usegmt=True), now) == 0.0
    assert retry_after_seconds("soon", now) is None


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/feed", "http://localhost:8000/", "http://10.1.2.3/", "http://192.168.0.1/",
    "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/",
])
def test_internal_addresses_are_refused_by_default(settings, url):
    settings.GAZZETTA_FETCH_ALLOWED_NETWORKS = []
    with pytest.raises(FetchError, match="private or internal address"):
        check_url(url)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x/", "http:///nohost"])
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(FetchError, match="only http and https"):
        fetch(url, max_bytes=10, timeout=1)


@pytest.mark.parametrize("url", ["http://wire.example:notaport/", "http://" + "x" * 70 + ".example/",
                                 "http://[::1/"])
def test_malformed_urls_are_fetch_errors(url):
    with pytest.raises(FetchError):
        fetch(url, max_bytes=10, timeout=1)


def test_a_body_that_does_not_decode_is_a_fetch_error(wire):
    url = wire.route("/bad-gzip", Reply(body=b"not gzip at all", headers={"Content-Encoding": "gzip"}))
    with pytest.raises(FetchError, match="DecodingError"):
        fetch(url, max_bytes=1000, timeout=5)


def test_redirect_to_an_internal_address_is_refused(wire):
    url = wire.route("/hop", Reply(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}))
    with pytest.raises(FetchError, match="refusing 169.254.169.254"):
        fetch(url, max_bytes=1000, timeout=5)


def test_allowed_networks_open_only_themselves(settings):
    settings.GAZZETTA_FETCH_ALLOWED_NETWORKS = ["10.8.0.0/16"]
    check_url("http://10.8.1.2/wire")
    with pytest.raises(FetchError, match="refusing 10.9.0.1"):
        check_url("http://10.9.0.1/wire")


def test_a_name_that_resolves_again_to_an_internal_address_is_refused(wire, settings, monkeypatch):
    """DNS rebinding: the name looked public when checked, the connection then went to loopback."""
    url = wire.route("/feed", Reply(body=b"<rss>internal</rss>"))
    settings.GAZZETTA_FETCH_ALLOWED_NETWORKS = []
    monkeypatch.setattr(fetch_module, "_addresses", lambda host, port: {ipaddress.ip_address("93.184.216.34")})
    with pytest.raises(FetchError, match="refusing 127.0.0.1"):
        fetch(url, max_bytes=1000, timeout=5, policy=NO_RETRY)
    assert wire.hits("/feed") == 1
