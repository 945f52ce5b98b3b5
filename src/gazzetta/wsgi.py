"""WSGI entry point for `gazzetta serve` and any other WSGI server.

The page cache wraps Django's handler, so a cached reader page is answered before any
middleware, URL resolution or view runs (see gazzetta.server.pagecache).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazzetta.settings")
django_application = get_wsgi_application()

from gazzetta.server import pagecache  # noqa: E402  (needs the settings configured above)

application = pagecache.wrap(django_application)
