"""The stable key of an item, so that a retry or a new version finds the article it belongs to.

Fallback order (the key is stored in Article.guid, which the database keeps unique):
1. the provider's guid, as given;
2. else the item's canonical URL (scheme and host lower-cased, fragment, default port and
   tracking parameters dropped);
3. else "sha256:" + the content hash, so identical text received twice is the same item.
The content hash (sha256 of the normalised headline and body text) also finds exact
duplicates that arrive under another key.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from gazzetta.ingest.normalise import Normalised, text_key
from gazzetta.ingest.wireitem import WireItem

KEY_MAX_CHARS = 500  # Article.guid and Alternate.guid
TRACKING_PARAMETERS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid")
DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True, slots=True)
class Identity:
    key: str
    basis: str  # "guid", "url" or "content"
    content_hash: str


def identify(item: WireItem, normalised: Normalised) -> Identity:
    """Return the item's key by the documented fallback order, and its content hash."""
    digest = content_hash(normalised)
    for basis, value in (("guid", item.guid.strip()), ("url", canonical_url(item.url))):
        if value:
            return Identity(bounded(value, basis), basis, digest)
    return Identity(f"sha256:{digest}", "content", digest)


def content_hash(normalised: Normalised) -> str:
    """Return the sha256 of the headline and body text with case, punctuation and spacing folded."""
    folded = f"{text_key(normalised.headline)}\n{text_key(normalised.text)}"
    return hashlib.sha256(folded.encode()).hexdigest()


def canonical_url(url: str) -> str:
    """Return `url` in one spelling per page; '' when it is not an absolute http(s) URL."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return ""
    host = parts.hostname
    port = _port(parts)
    if port and port != DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    query = [(name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True)
             if not name.lower().startswith(TRACKING_PARAMETERS)]
    return urlunsplit((scheme, host, parts.path or "/", urlencode(query), ""))


def _port(parts) -> int | None:
    try:
        return parts.port
    except ValueError:  # a port that is no number, or out of range: ignore it
        return None


def bounded(key: str, basis: str) -> str:
    """Return `key`, or a hash of it when it is longer than the column holds."""
    if len(key) <= KEY_MAX_CHARS:
        return key
    return f"{basis}-sha256:{hashlib.sha256(key.encode()).hexdigest()}"
