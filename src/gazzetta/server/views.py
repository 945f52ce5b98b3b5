"""Operational endpoints for load balancers and monitors."""

from pathlib import PurePosixPath

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, JsonResponse
from django.views.static import serve
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """Answer 200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return JsonResponse({"status": "unavailable", "database": str(error)[:200]}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


# Uploaded files are only ever served as the image types we generate or accept.
MEDIA_TYPES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif"}


def media(request, path: str):
    """Serve an uploaded image on the embedded default (a CDN or web server does it at scale)."""
    if PurePosixPath(path).suffix.lower() not in MEDIA_TYPES:
        raise Http404("not a media file")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
