"""`gazzetta fetch [--all] [KEY …]`: poll the due sources once, or the named ones, and say how it went."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from gazzetta.ingest import sources
from gazzetta.newsroom.models import Source


class Command(BaseCommand):
    help = "Poll the due sources once (or every enabled one with --all, or the named ones); exit 1 if any failed."

    def add_arguments(self, parser):
        parser.add_argument("keys", nargs="*", metavar="KEY", help="sources to poll now, due or not")
        parser.add_argument("--all", dest="every", action="store_true",
                            help="poll every enabled source now, due or not")

    def handle(self, *args, keys, every, **options):
        polls = [sources.poll(source) for source in _chosen(keys, every)]
        for poll in polls:
            (self.stderr if poll.failed else self.stdout).write(poll.summary())
        if not polls:
            self.stdout.write("fetch: no source is due")
        if failed := sum(poll.failed for poll in polls):
            raise CommandError(f"fetch: {failed} of {len(polls)} sources failed", returncode=1)


def _chosen(keys: list[str], every: bool) -> list[Source]:
    if keys:
        found = {source.key: source for source in Source.objects.filter(key__in=keys)}
        if missing := [key for key in keys if key not in found]:
            raise CommandError(f"fetch: no source with key {', '.join(missing)} (see `gazzetta sources list`)")
        return [found[key] for key in keys]
    if every:
        return list(Source.objects.filter(enabled=True).exclude(url=""))
    return sources.due_sources()
