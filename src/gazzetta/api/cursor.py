"""Keyset pagination with opaque cursors.

A cursor is the position after the last item of a page, (moment, id) in the list's order,
signed so that a client can neither forge nor edit one: anything else answers 400. Unlike
page numbers, a cursor stays right while new articles arrive at the top of the list.
"""

from __future__ import annotations

from datetime import datetime

from django.core import signing
from django.db.models import Q, QuerySet

from gazzetta.api.errors import BadRequest

SALT = "gazzetta.api.cursor"


def encode(field: str, moment: datetime, pk: int) -> str:
    return signing.dumps([moment.isoformat(), pk], salt=f"{SALT}.{field}", compress=False)


def decode(field: str, cursor: str) -> tuple[datetime, int]:
    try:
        moment, pk = signing.loads(cursor, salt=f"{SALT}.{field}")
        return datetime.fromisoformat(moment), int(pk)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadRequest("invalid cursor (use the next_cursor of a previous answer)") from error


def page(queryset: QuerySet, field: str, cursor: str | None, limit: int) -> tuple[list, str | None]:
    """Return up to `limit` items after `cursor`, newest `field` first, and the cursor for the next page."""
    ordered = queryset.order_by(f"-{field}", "-pk")
    if cursor:
        moment, pk = decode(field, cursor)
        ordered = ordered.filter(Q(**{f"{field}__lt": moment}) | Q(**{field: moment, "pk__lt": pk}))
    items = list(ordered[: limit + 1])
    if len(items) <= limit:
        return items, None
    last = items[limit - 1]
    return items[:limit], encode(field, getattr(last, field), last.pk)
