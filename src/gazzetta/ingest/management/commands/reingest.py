"""`gazzetta reingest [--all | RECEIPT_ID …]`: parse archived payloads again, e.g. after a parser fix."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from gazzetta.ingest.archive import ArchiveError
from gazzetta.ingest.models import Receipt
from gazzetta.ingest.pipeline import reingest


class Command(BaseCommand):
    help = "Ingest archived payloads again from their receipts (the newest results replace the old ones)."

    def add_arguments(self, parser):
        parser.add_argument("receipt_ids", nargs="*", type=int, metavar="RECEIPT_ID")
        parser.add_argument("--all", dest="every", action="store_true", help="every receipt, oldest first")

    def handle(self, *args, receipt_ids, every, **options):
        receipts = chosen(receipt_ids, every)
        rejected = 0
        for receipt in receipts:
            rejected += self.run(receipt)
        if rejected:
            raise CommandError(f"reingest: {rejected} items rejected", returncode=1)

    def run(self, receipt: Receipt) -> int:
        """Re-ingest one receipt, print its tally and return how many items were rejected."""
        try:
            results = reingest(receipt)
        except ArchiveError as error:
            self.stderr.write(str(error))
            return 1
        tally = ", ".join(f"{status} {sum(r.status == status for r in results)}"
                          for status in sorted({result.status for result in results}))
        self.stdout.write(f"receipt {receipt.pk} ({receipt.origin}): {tally}")
        return sum(result.status == "rejected" for result in results)


def chosen(receipt_ids: list[int], every: bool) -> list[Receipt]:
    if every == bool(receipt_ids):
        raise CommandError("reingest: name receipt ids or give --all (not both)", returncode=2)
    if every:
        return list(Receipt.objects.order_by("received_at", "pk"))
    found = Receipt.objects.in_bulk(receipt_ids)
    if missing := [str(pk) for pk in receipt_ids if pk not in found]:
        raise CommandError(f"reingest: no receipt {', '.join(missing)}", returncode=2)
    return [found[pk] for pk in receipt_ids]
