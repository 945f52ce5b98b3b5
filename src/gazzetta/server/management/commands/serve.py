"""`gazzetta serve`: the production server (granian, one worker per core by default)."""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


# Django views are synchronous; a few threads per process overlap database waits without
# letting one process queue hundreds of requests (granian's default) while others idle.
THREADS_PER_WORKER = 4


class Command(BaseCommand):
    help = "Serve Gazzetta with the production WSGI server (brings an embedded database up to date first)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=None, help="default: $PORT or 8000")
        parser.add_argument("--workers", type=int, default=settings.GAZZETTA.server_workers)

    def handle(self, *args, host, port, workers, **options):
        from granian import Granian
        from granian.constants import Interfaces

        if settings.GAZZETTA.embedded_database:
            call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        port = port or int(os.environ.get("PORT", "8000"))
        self.stdout.write(f"Gazzetta on http://{host}:{port}/ ({workers} workers)")
        Granian(
            "gazzetta.wsgi:application", address=host, port=port, interface=Interfaces.WSGI, workers=workers,
            blocking_threads=THREADS_PER_WORKER, backpressure=THREADS_PER_WORKER * 8,
        ).serve()
