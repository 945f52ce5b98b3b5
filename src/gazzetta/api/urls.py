"""The API's one NinjaAPI instance, mounted at /api/v1/; each part of Gazzetta contributes its router."""

from django.views.decorators.http import conditional_page
from ninja import NinjaAPI

from gazzetta.api import articles, catalogue, errors
from gazzetta.api.http import ClientRateThrottle, cors
from gazzetta.ingest.api import router as ingest_router
from gazzetta.search.api import router as search_router

# Every operation can meet invalid input and the rate limit; the OpenAPI document says so.
COMMON_ERRORS = {400: "Invalid path, query, filter or cursor", 429: "Too many requests"}


class GazzettaAPI(NinjaAPI):
    """A NinjaAPI whose routes all answer CORS preflights and whose schema documents the common errors."""

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            pattern.callback = cors(pattern.callback)
        return patterns, app_name, namespace

    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["ApiError"] = errors.ApiError.model_json_schema()
        for operations in schema["paths"].values():
            for operation in operations.values():
                document_errors(operation["responses"])
        return schema


def document_errors(responses: dict) -> None:
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}
    for status, description in COMMON_ERRORS.items():
        responses.setdefault(status, {"description": description, "content": error})


api = GazzettaAPI(title="Gazzetta API", version="1", urls_namespace="api", throttle=ClientRateThrottle(),
                  description="Articles, sections, stories and search of this Gazzetta site, as JSON and ninjs.")
errors.install(api)
api.add_decorator(conditional_page, mode="view")
api.add_router("/", catalogue.router)
api.add_router("/", articles.router)
api.add_router("/search", search_router)
api.add_router("/ingest", ingest_router)
