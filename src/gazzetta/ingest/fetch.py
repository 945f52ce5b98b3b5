"""Fetch bytes over HTTP the way a polite, careful crawler does.

Conditional GET (ETag / Last-Modified), connect/read timeouts, a size limit enforced while
the body streams in (so a huge or endless answer costs at most `max_bytes`), redirects
followed by hand so that each hop is checked, retries with exponential backoff and full
jitter for 5xx/429/network errors, and Retry-After honoured up to a cap. Addresses that
are not globally routable (private, loopback, link-local, metadata services) are refused
unless a network in the GAZZETTA_FETCH_ALLOWED_NETWORKS setting (e.g. ["10.8.0.0/16"] for an
in-house wire server) holds them: a guard against SSRF through a source URL, an image URL
or a redirect.
"""

from __future__ import annotations

import ipaddress
import random
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urljoin, urlsplit

import httpx
from django.conf import settings


def _user_agent() -> str:
    try:
        release = version("gazzetta")
    except PackageNotFoundError:
        release = "dev"
    return f"Gazzetta/{release} (self-hosted news portal; wire and feed ingest)"


USER_AGENT = _user_agent()
ALLOWED_SCHEMES = ("http", "https")
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
RETRY_STATUSES = (429, 500, 502, 503, 504)
CONNECT_TIMEOUT_CAP = 10.0
CHUNK_SIZE = 64 * 1024
IMAGE_MAX_BYTES = 15 * 1024 * 1024
IMAGE_TIMEOUT = 20.0

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class FetchError(Exception):
    """The URL could not be fetched; the message says why (prefixed 'ingest: fetch:')."""


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry: full-jitter backoff, Retry-After up to a cap."""

    attempts: int = 3
    backoff_base: float = 1.0
    backoff_cap: float = 30.0
    retry_after_cap: float = 120.0
    max_redirects: int = 5


DEFAULT_POLICY = RetryPolicy()


@dataclass(frozen=True)
class FetchResult:
    """What a fetch brought back: status 200 with content, or 304 with none."""

    status: int
    content: bytes
    etag: str
    last_modified: str
    url: str

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class _Retryable(Exception):
    """A failure worth another attempt, with the delay the server asked for (if any)."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


def fetch(url: str, *, max_bytes: int, timeout: float, etag: str | None = None,
          last_modified: str | None = None, policy: RetryPolicy = DEFAULT_POLICY,
          sleep: Callable[[float], None] = time.sleep) -> FetchResult:
    """GET `url` (conditionally when etag/last_modified are given), retrying what may pass."""
    headers = _request_headers(etag, last_modified)
    with httpx.Client(timeout=_timeouts(timeout), follow_redirects=False, headers=headers) as client:
        for attempt in range(policy.attempts):
            try:
                return _follow(client, url, max_bytes, policy)
            except _Retryable as failure:
                if attempt + 1 == policy.attempts:
                    raise FetchError(f"ingest: fetch: {url}: {failure} (gave up after {policy.attempts} attempts)")
                sleep(_delay(policy, attempt, failure.retry_after))
    raise FetchError(f"ingest: fetch: {url}: no attempt allowed (attempts={policy.attempts})")


def fetch_image(url: str) -> bytes:
    """Fetch one picture for the pipeline (its `fetch_image` hook), size-limited."""
    return fetch(url, max_bytes=IMAGE_MAX_BYTES, timeout=IMAGE_TIMEOUT).content


def _request_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _timeouts(timeout: float) -> httpx.Timeout:
    return httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT_CAP))


def _follow(client: httpx.Client, url: str, max_bytes: int, policy: RetryPolicy) -> FetchResult:
    """Request `url`, following up to `policy.max_redirects` redirects, each one checked."""
    for _hop in range(policy.max_redirects + 1):
        check_url(url)
        location, result = _request(client, url, max_bytes)
        if result:
            return result
        url = _redirect_target(url, location)
    raise FetchError(f"ingest: fetch: {url}: more than {policy.max_redirects} redirects")


def _redirect_target(url: str, location: str) -> str:
    try:
        return urljoin(url, location)
    except ValueError as error:
        raise FetchError(f"ingest: fetch: {url}: unusable redirect to {location!r}: {error}") from error


def _request(client: httpx.Client, url: str, max_bytes: int) -> tuple[str, FetchResult | None]:
    """Return (redirect location, None) or ("", the final result)."""
    try:
        with client.stream("GET", url) as response:
            _check_peer(url, response)
            location = response.headers.get("Location", "")
            if response.status_code in REDIRECT_STATUSES and location:
                return location, None
            _raise_for_status(response)
            return "", _result(response, _read_limited(response, max_bytes))
    except httpx.TimeoutException as error:
        raise _Retryable(f"timed out ({type(error).__name__})") from error
    except httpx.TransportError as error:
        raise _Retryable(f"network error: {error or type(error).__name__}") from error
    except (httpx.HTTPError, httpx.InvalidURL) as error:  # e.g. a body that does not decode
        raise FetchError(f"ingest: fetch: {url}: {type(error).__name__}: {error}") from error


def _raise_for_status(response: httpx.Response) -> None:
    status = response.status_code
    if status in RETRY_STATUSES:
        raise _Retryable(f"HTTP {status}", retry_after_seconds(response.headers.get("Retry-After", "")))
    if status != 304 and not 200 <= status < 300:
        raise FetchError(f"ingest: fetch: {response.url}: HTTP {status}")


def _read_limited(response: httpx.Response, max_bytes: int) -> bytes:
    """Read the (decoded) body, stopping as soon as it grows past `max_bytes`."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"ingest: fetch: {response.url}: {declared} bytes declared, limit is {max_bytes}")
    body = bytearray()
    for chunk in response.iter_bytes(CHUNK_SIZE):
        body += chunk
        if len(body) > max_bytes:
            raise FetchError(f"ingest: fetch: {response.url}: body larger than the limit of {max_bytes} bytes")
    return bytes(body)


def _result(response: httpx.Response, content: bytes) -> FetchResult:
    return FetchResult(
        status=response.status_code,
        content=content,
        etag=response.headers.get("ETag", ""),
        last_modified=response.headers.get("Last-Modified", ""),
        url=str(response.url),
    )


def _delay(policy: RetryPolicy, attempt: int, retry_after: float | None) -> float:
    """Retry-After when the server gave one (capped), else full jitter (AWS architecture blog)."""
    if retry_after is not None:
        return min(retry_after, policy.retry_after_cap)
    return random.uniform(0, min(policy.backoff_cap, policy.backoff_base * 2**attempt))


def retry_after_seconds(value: str, now: datetime | None = None) -> float | None:
    """Read a Retry-After header: delay-seconds or an HTTP-date (RFC 9110 §10.2.3)."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    now = now or datetime.now(timezone.utc)
    return max(0.0, (when - now).total_seconds()) if when.tzinfo else None


def check_url(url: str) -> None:
    """Refuse non-HTTP schemes and, unless allowed, hosts that resolve to internal addresses."""
    scheme, host, port = _split(url)
    if scheme not in ALLOWED_SCHEMES or not host:
        raise FetchError(f"ingest: fetch: {url}: only http and https URLs with a host are fetched")
    allowed = _allowed_networks()
    for address in _addresses(host, port):
        _refuse_internal(url, address, allowed)


def _check_peer(url: str, response: httpx.Response) -> None:
    """Judge the address the connection really went to, before anything of the answer is read.

    check_url judged what the name resolved to a moment earlier; a name that resolves again to an
    internal address in between (DNS rebinding) is caught here.
    """
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if peer:
        address = ipaddress.ip_address(str(peer[0]).split("%")[0])
        _refuse_internal(url, getattr(address, "ipv4_mapped", None) or address, _allowed_networks())


def _refuse_internal(url: str, address: IPAddress, allowed: list[IPNetwork]) -> None:
    if not address.is_global and not any(address in network for network in allowed):
        raise FetchError(f"ingest: fetch: {url}: refusing {address}, a private or internal address")


def _split(url: str) -> tuple[str, str | None, int | None]:
    try:
        parts = urlsplit(url)
        return parts.scheme, parts.hostname, parts.port
    except ValueError as error:  # a bracket left open, a port that is no number…
        raise FetchError(f"ingest: fetch: {url}: {error}") from error


def _allowed_networks() -> list[IPNetwork]:
    return [ipaddress.ip_network(cidr) for cidr in getattr(settings, "GAZZETTA_FETCH_ALLOWED_NETWORKS", ())]


def _addresses(host: str, port: int | None) -> set[IPAddress]:
    """Resolve `host`; IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry."""
    try:
        infos = socket.getaddrinfo(host, port or 80, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"ingest: fetch: cannot resolve {host}: {error}") from error
    addresses = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos}
    return {getattr(address, "ipv4_mapped", None) or address for address in addresses}
