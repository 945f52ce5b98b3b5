"""`gazzetta worker`: poll sources and the inbox in the foreground until SIGTERM or SIGINT.

With CELERY_BROKER_URL set it runs a Celery worker instead (gazzetta.celery), which also
schedules the polls unless --no-beat (run one scheduler per cluster; polls are claimed, so
a second one only wastes a little work).
"""

from __future__ import annotations

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from gazzetta.ingest import scheduler

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Command(BaseCommand):
    help = "Run the ingest scheduler (sources and inbox) in the foreground until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=scheduler.TICK_SECONDS,
                            help=f"seconds between passes (default {scheduler.TICK_SECONDS:g})")
        parser.add_argument("--concurrency", type=int, default=settings.GAZZETTA.server_workers,
                            help="with a broker: tasks run at once (default: cores)")
        parser.add_argument("--pool", default="prefork", help="with a broker: Celery pool (prefork, threads, solo)")
        parser.add_argument("--no-beat", dest="beat", action="store_false",
                            help="with a broker: do not schedule polls from this worker")
        parser.add_argument("--queues", default="", help="with a broker: only these queues (comma-separated)")

    def handle(self, *args, interval, concurrency, pool, beat, queues, **options):
        if settings.GAZZETTA.broker_url:
            from gazzetta.celery import run_worker

            run_worker(concurrency=concurrency, beat=beat, pool=pool, queues=queues)
            return
        stop_event = threading.Event()
        previous = {signum: signal.signal(signum, lambda *_: stop_event.set()) for signum in STOP_SIGNALS}
        self.stdout.write(f"worker: polling sources and the inbox every {interval:g}s (stop with Ctrl-C)")
        try:
            scheduler.run_forever(stop_event, interval)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        self.stdout.write("worker: stopped")
