"""`gazzetta worker`: poll sources and the inbox in the foreground until SIGTERM or SIGINT."""

from __future__ import annotations

import signal
import threading

from django.core.management.base import BaseCommand

from gazzetta.ingest import scheduler

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Command(BaseCommand):
    help = "Run the ingest scheduler (sources and inbox) in the foreground until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=scheduler.TICK_SECONDS,
                            help=f"seconds between passes (default {scheduler.TICK_SECONDS:g})")

    def handle(self, *args, interval, **options):
        stop_event = threading.Event()
        previous = {signum: signal.signal(signum, lambda *_: stop_event.set()) for signum in STOP_SIGNALS}
        self.stdout.write(f"worker: polling sources and the inbox every {interval:g}s (stop with Ctrl-C)")
        try:
            scheduler.run_forever(stop_event, interval)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        self.stdout.write("worker: stopped")
