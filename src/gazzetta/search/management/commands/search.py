"""`gazzetta search "query"`: search from the shell, or rebuild the index."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from gazzetta.search.backends import get_search_backend
from gazzetta.search.backends.base import MAX_PER_PAGE, ORDERS, RELEVANCE, SearchFilters


class Command(BaseCommand):
    help = "Search visible articles (words, \"phrases\", -exclusions, OR, prefix*), or rebuild the index."

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="?", default="", help="what to look for")
        parser.add_argument("--json", action="store_true", help="print one JSON object per hit")
        parser.add_argument("--language", help="only articles in this language")
        parser.add_argument("--order", choices=ORDERS, default=RELEVANCE)
        parser.add_argument("--limit", type=int, default=20, help=f"hits to print (at most {MAX_PER_PAGE})")
        parser.add_argument("--rebuild", action="store_true", help="index every published article afresh first")

    def handle(self, *args, **options):
        backend = get_search_backend()
        if options["rebuild"]:
            count = backend.rebuild()
            self.stderr.write(f"search: indexed {count} articles ({backend.vendor})")
        if not options["query"]:
            if not options["rebuild"]:
                raise CommandError("search: give a query, or --rebuild")
            return
        found = backend.search(options["query"], SearchFilters(language=options["language"]), options["order"],
                               per_page=options["limit"])
        for hit in found:
            self.stdout.write(json.dumps(hit.as_dict(), ensure_ascii=False) if options["json"] else _line(hit))
        if not options["json"]:
            self.stderr.write(f"search: {found.count} found")


def _line(hit) -> str:
    article = hit.article
    return f"{article.pk:>8}  {article.language}  {article.published_at:%Y-%m-%d}  {article.headline}"
