"""HTTP behaviour shared by every API endpoint: CORS for reading, conditional GET, rate limits.

- CORS (GAZZETTA_CORS_ORIGINS: a list of origins, or ["*"]): GET, HEAD and their preflight
  are opened to those origins, with ETag and Last-Modified readable by scripts. Writing
  endpoints (the push API) stay closed to browsers of other sites.
- Conditional GET: every answer carries an ETag (a hash of its body) and, where the
  endpoint knows it, Last-Modified; If-None-Match / If-Modified-Since then answer 304.
- Rate limit (GAZZETTA_API_RATE, e.g. "600/m"; empty for none) per client address, read
  on every request so that a changed setting applies at once.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date
from ninja.throttling import AnonRateThrottle

READ_METHODS = ("GET", "HEAD", "OPTIONS")
PREFLIGHT_HEADERS = "Accept, Accept-Language, If-None-Match, If-Modified-Since"
EXPOSED_HEADERS = "ETag, Last-Modified, Retry-After"
PREFLIGHT_MAX_AGE = 86400
DEFAULT_RATE = "600/m"


def cors_origins() -> tuple[str, ...]:
    return tuple(getattr(settings, "GAZZETTA_CORS_ORIGINS", ()))


def allowed_origin(request) -> str | None:
    """Return the value for Access-Control-Allow-Origin, or None when this request gets no CORS."""
    origin = request.headers.get("Origin")
    if not origin or request.method not in READ_METHODS:
        return None
    origins = cors_origins()
    return "*" if "*" in origins else (origin if origin in origins else None)


def cors(view):
    """Answer preflights and open reading answers to the configured origins."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        origin = allowed_origin(request)
        if origin and request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            return _preflight(origin)
        response = view(request, *args, **kwargs)
        if origin:
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        if cors_origins() and "*" not in cors_origins():
            patch_vary_headers(response, ["Origin"])  # the answer differs by origin
        return response

    return wrapped


def _preflight(origin: str) -> HttpResponse:
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Origin"] = origin
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response["Access-Control-Allow-Headers"] = PREFLIGHT_HEADERS
    response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    patch_vary_headers(response, ["Origin"])
    return response


def set_last_modified(response: HttpResponse, moment) -> None:
    if moment:
        response["Last-Modified"] = http_date(moment.timestamp())


class ClientRateThrottle(AnonRateThrottle):
    """Requests per client address at the rate of GAZZETTA_API_RATE."""

    def __init__(self):
        super().__init__(rate=DEFAULT_RATE)

    def allow_request(self, request) -> bool:
        rate = getattr(settings, "GAZZETTA_API_RATE", DEFAULT_RATE)
        if not rate:
            return True
        self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request)
