"""HTTP caching done right for anonymous reader pages, and the purge hook for a CDN.

Reader pages get an ETag (hash of the body) and a Last-Modified (the render time: the page
cache is emptied on every change, so nothing the page shows changed after it), and a
conditional request gets 304. Cache-Control lets browsers keep a copy they revalidate
each time (max-age=0), and shared caches keep it for `PAGE_S_MAXAGE` seconds with
stale-while-revalidate; `Vary: Cookie` because the text-size cookie changes the HTML (a
CDN should key on that one cookie, see docs/deploy.md).

The CDN purge hook: with GAZZETTA_CDN_PURGE_URL set to a template such as
`http://varnish:6081{path}`, every invalidation sends `PURGE` to it once per removed page
path, with a short timeout; failures are logged, never raised.
"""

from __future__ import annotations

import logging
import time

import httpx
from django.conf import settings
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.http import http_date

log = logging.getLogger(__name__)

PURGE_TIMEOUT = 2.0


def cache_control() -> str:
    return (f"public, max-age=0, s-maxage={settings.PAGE_S_MAXAGE}, "
            f"stale-while-revalidate={settings.PAGE_STALE_WHILE_REVALIDATE}")


class ReaderCaching:
    """Middleware: validators, CDN Cache-Control and 304 answers on anonymous reader pages."""

    def __init__(self, get_response):
        from gazzetta.server.pagecache import policy_from_settings

        self.get_response = get_response
        self.policy = policy_from_settings()

    def __call__(self, request):
        response = self.get_response(request)
        if not self.applies(request, response):
            return response
        return self.with_validators(request, response)

    def applies(self, request, response) -> bool:
        """Public pages only: the page cache's own rule, a complete 200 answer, no cookie set."""
        return (response.status_code == 200 and not response.streaming and not response.cookies
                and not response.has_header("Cache-Control") and self.policy.key(request.META) is not None)

    @staticmethod
    def with_validators(request, response):
        set_response_etag(response)
        response["Last-Modified"] = http_date(time.time())
        response["Cache-Control"] = cache_control()
        patch_vary_headers(response, ("Cookie",))
        return get_conditional_response(request, etag=response["ETag"], response=response)


def purge_cdn(paths: list[str]) -> None:
    """Ask the CDN to drop `paths`; stop at the first failure (the CDN's own s-maxage bounds the rest)."""
    template = settings.CDN_PURGE_URL
    if not template or not paths:
        return
    with httpx.Client(timeout=PURGE_TIMEOUT) as client:
        for path in paths:
            if not _purge_one(client, template.format(path=path)):
                return


def _purge_one(client: httpx.Client, url: str) -> bool:
    try:
        client.request("PURGE", url).raise_for_status()
    except httpx.HTTPError as error:
        log.warning("server: CDN purge of %s failed: %s", url, error)
        return False
    return True
