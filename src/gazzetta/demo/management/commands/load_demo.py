"""`gazzetta load_demo`: the demo newsroom, loaded or refreshed (safe to run again)."""

from django.core.management.base import BaseCommand

from gazzetta.demo import loader


class Command(BaseCommand):
    help = "Load the demo content (articles in de, it and en with generated photos); running it again refreshes it."

    def handle(self, *args, **options):
        count = loader.load()
        self.stdout.write(self.style.SUCCESS(f"Demo loaded: {count} articles."))
