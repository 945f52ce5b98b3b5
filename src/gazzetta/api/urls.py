"""The API's one NinjaAPI instance; each app contributes its router."""

from ninja import NinjaAPI

api = NinjaAPI(title="Gazzetta API", version="1", urls_namespace="api")
