"""`gazzetta serve`: the production server (granian, one worker per core by default).

Granian was measured against gunicorn (sync and gthread) on the same article page, cached and
uncached, by bench/serve.py; the figures and the choice are in docs/decisions/server.md.
The page cache (gazzetta.server.pagecache) sits in the WSGI application itself, so every
worker process answers cached pages before Django runs and shares one store.
"""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from gazzetta.server.staticfiles import collect_if_changed

# Django views are synchronous; a second thread per process overlaps database waits (a
# PostgreSQL round trip) without letting one process queue hundreds of requests (granian's
# default) while others idle. More threads only contend for the interpreter lock: uncached
# article pages, one run, 2 cores, 745 requests/s with 4 threads, 896 with 2, 914 with 1
# (docs/decisions/server.md).
THREADS_PER_WORKER = 2


class Command(BaseCommand):
    help = "Serve Gazzetta with the production WSGI server (brings an embedded database up to date first)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=None, help="default: $PORT or 8000")
        parser.add_argument("--workers", type=int, default=settings.GAZZETTA.server_workers,
                            help="worker processes (default: GAZZETTA_WORKERS, else one per core)")
        parser.add_argument("--threads", type=int, default=THREADS_PER_WORKER, help="threads per worker")
        parser.add_argument("--no-scheduler", dest="scheduler", action="store_false",
                            help="do not poll sources and the inbox from this process")

    def handle(self, *args, host, port, workers, threads, scheduler, **options):
        from granian import Granian
        from granian.constants import Interfaces

        if settings.GAZZETTA.embedded_database:
            call_command("migrate", interactive=False, verbosity=0)
        collect_if_changed()
        if scheduler and not settings.GAZZETTA.broker_url:
            self.start_scheduler()
        port = port or int(os.environ.get("PORT", "8000"))
        self.stdout.write(f"Gazzetta on http://{host}:{port}/ ({workers} workers × {threads} threads)")
        Granian(
            "gazzetta.wsgi:application", address=host, port=port, interface=Interfaces.WSGI, workers=workers,
            blocking_threads=threads, backpressure=threads * 8,
        ).serve()

    @staticmethod
    def start_scheduler() -> None:
        """Embedded default: poll sources and the inbox from a thread of this process (workers only serve)."""
        from gazzetta.ingest import scheduler

        scheduler.start_in_background()
