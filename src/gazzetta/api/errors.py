"""One shape for every API error: {"status": 404, "detail": "api: …", "errors": […]}.

Invalid input of any kind (path, query, cursor, filter) answers 400, never 422 or 500; an
unknown id answers 404; too many requests 429 with Retry-After. Paths under /api/ that no
route knows answer the same JSON 404 instead of the reader's HTML page.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse, JsonResponse
from ninja import Schema
from ninja.errors import HttpError, Throttled, ValidationError


class ApiError(Schema):
    status: int
    detail: str
    errors: list[dict[str, Any]] = []


class BadRequest(HttpError):
    def __init__(self, message: str):
        super().__init__(400, f"api: {message}")


class Gone(HttpError):
    def __init__(self, message: str):
        super().__init__(410, f"api: {message}")


def body(status: int, detail: str, errors: list | None = None) -> dict:
    return {"status": status, "detail": detail, "errors": errors or []}


def install(api) -> None:
    """Replace ninja's default error answers with ours."""
    api.add_exception_handler(ValidationError, lambda request, exc: invalid(api, request, exc))
    api.add_exception_handler(Http404, lambda request, exc: not_found_answer(api, request, exc))
    api.add_exception_handler(HttpError, lambda request, exc: http_error(api, request, exc))


def invalid(api, request, exc: ValidationError) -> HttpResponse:
    problems = "; ".join(f"{_where(error)}: {error.get('msg', 'invalid')}" for error in exc.errors)
    return api.create_response(request, body(400, f"api: invalid request: {problems}", exc.errors), status=400)


def _where(error: dict) -> str:
    return ".".join(str(part) for part in error.get("loc", ())) or "request"


def not_found_answer(api, request, exc: Http404) -> HttpResponse:
    detail = str(exc) if str(exc).startswith("api: ") else "api: not found"
    return api.create_response(request, body(404, detail), status=404)


def http_error(api, request, exc: HttpError) -> HttpResponse:
    detail = str(exc) if str(exc).startswith("api: ") else f"api: {exc}"
    response = api.create_response(request, body(exc.status_code, detail), status=exc.status_code)
    if isinstance(exc, Throttled) and exc.wait:
        response["Retry-After"] = str(int(exc.wait) + 1)
    return response


def unknown_path(request, rest: str = "") -> JsonResponse:
    """The JSON 404 for paths under /api/ that no route answers."""
    return JsonResponse(body(404, f"api: no such endpoint: {request.path}"), status=404)
