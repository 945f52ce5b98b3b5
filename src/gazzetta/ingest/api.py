"""Push API: agencies and editors POST NewsML-G2 or ninjs, and get one result per item back.

The body is the document itself (not a form): its format comes from the Content-Type or,
when that says nothing useful, from its first bytes. 200 when every item was accepted, 422
when some were rejected (each result says why), 413 when the body is over PUSH_MAX_BYTES.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from gazzetta.api.errors import ApiError
from gazzetta.ingest import pipeline
from gazzetta.ingest.formats import detect_format
from gazzetta.ingest.wireitem import ParseError
from gazzetta.tokens.auth import TokenAuth
from gazzetta.tokens.models import Scope

PUSH_MAX_BYTES = 10 * 1024 * 1024
PUSH_FORMATS = ("newsml-g2", "ninjs")
FORMAT_BY_CONTENT_TYPE = {
    "application/json": "ninjs",
    "application/ninjs+json": "ninjs",
    "application/vnd.iptc.ninjs+json": "ninjs",
    "application/xml": "newsml-g2",
    "text/xml": "newsml-g2",
    "application/vnd.iptc.g2.newsmessage+xml": "newsml-g2",
    "application/vnd.iptc.g2.newsitem+xml": "newsml-g2",
    "application/vnd.iptc.g2.packageitem+xml": "newsml-g2",
}
REQUEST_BODY_DOC = {
    "required": True,
    "description": "One NewsML-G2 document (newsMessage or newsItem) or one ninjs document or list.",
    "content": {content_type: {"schema": {} if content_type.endswith("json") else {"type": "string"}}
                for content_type in FORMAT_BY_CONTENT_TYPE},
}

router = Router(tags=["ingest"])


class ItemOut(Schema):
    status: str
    id: int | None
    url: str
    headline: str
    language: str
    source: str
    error: str


class PushOut(Schema):
    results: list[ItemOut]


@router.post("", auth=TokenAuth(Scope.INGEST), summary="Push NewsML-G2 or ninjs items",
             response={200: PushOut, 401: ApiError, 403: ApiError, 413: ApiError, 422: PushOut},
             openapi_extra={"requestBody": REQUEST_BODY_DOC})
def push(request: HttpRequest):
    """Ingest the posted document; one result per item, in order."""
    results = _ingest(_read_limited(request), request.content_type)
    accepted = all(result.status != "rejected" for result in results)
    return Status(200 if accepted else 422, {"results": [result.as_json() for result in results]})


def _read_limited(request: HttpRequest) -> bytes:
    """Return the body; answer 413 when it is over the limit (judged before reading when declared)."""
    declared = request.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > PUSH_MAX_BYTES:
        raise _too_large()
    data = request.read(PUSH_MAX_BYTES + 1)
    if len(data) > PUSH_MAX_BYTES:
        raise _too_large()
    return data


def _too_large() -> HttpError:
    return HttpError(413, f"ingest: push: the body is larger than {PUSH_MAX_BYTES} bytes")


def _ingest(data: bytes, content_type: str) -> list[pipeline.ItemResult]:
    try:
        format = push_format(data, content_type)
    except ParseError as error:
        return [pipeline.ItemResult("rejected", error=str(error))]
    return pipeline.ingest_payload(data, origin="push", format=format)


def push_format(data: bytes, content_type: str) -> str:
    """The format the Content-Type names, else the one the bytes show; only NewsML-G2 and ninjs are pushed."""
    format = FORMAT_BY_CONTENT_TYPE.get(content_type) or detect_format(data)
    if format not in PUSH_FORMATS:
        raise ParseError(f"ingest: push: only NewsML-G2 and ninjs are accepted here, this looks like {format}; "
                         "send Content-Type application/xml or application/json")
    return format
