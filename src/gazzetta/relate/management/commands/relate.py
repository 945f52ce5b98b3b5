"""`gazzetta relate --rebuild`: recompute features, stories and "Empfohlen" lists for everything."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from gazzetta.relate.rebuild import rebuild


class Command(BaseCommand):
    help = "Recompute every published article's features, story and recommendations, in arrival order."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="recompute everything (editors' decisions kept)")
        parser.add_argument("--workers", type=int, default=None,
                            help="processes for the features and lists passes (default: one per core)")

    def handle(self, *args, **options):
        if not options["rebuild"]:
            raise CommandError("relate: nothing to do; did you mean --rebuild?")
        if options["workers"] is not None and options["workers"] < 1:
            raise CommandError("relate: --workers must be at least 1")
        started = time.perf_counter()
        built = rebuild(progress=self.stderr.write, workers=options["workers"])
        self.stderr.write(f"relate: rebuilt {len(built.index)} articles, {len(built.clusterer.stories)} stories "
                          f"in {time.perf_counter() - started:.1f} s")
