"""Finding what a request names, or answering 400/404 with a reason: never a database error."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import BeforeValidator

from django.db.models import Model, QuerySet
from django.http import Http404

from gazzetta.api.errors import BadRequest
from gazzetta.syndication.links import editions

MAX_ID = 2**63 - 1  # the largest key either database stores: a larger id names nothing


def by_id(queryset: QuerySet, pk: int, what: str) -> Model:
    """Return the object with primary key `pk`, or answer 404."""
    found = queryset.filter(pk=pk).first() if 1 <= pk <= MAX_ID else None
    if found is None:
        raise Http404(f"api: no {what} with id {pk}")
    return found


def named(queryset: QuerySet, what: str, **lookup) -> Model:
    """Return the object a filter names, or answer 400 (a filter on nothing is a mistake, not an empty list)."""
    found = queryset.filter(**lookup).first()
    if found is None:
        raise BadRequest(f"unknown {what} {next(iter(lookup.values()))!r}")
    return found


def edition(code: str) -> str:
    if code not in editions():
        raise BadRequest(f"unknown language {code!r} (editions: {', '.join(editions())})")
    return code


# RFC 3339 date-time, as the OpenAPI document promises: a time of day and a zone are required.
_RFC_3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", re.IGNORECASE)


def rfc_3339(value):
    """Read a query's time only in the documented form (pydantic alone would take "0.5" as a timestamp)."""
    if isinstance(value, str) and not _RFC_3339.match(value):
        raise ValueError("expected an RFC 3339 time such as 2025-05-01T08:00:00Z")
    return value


Rfc3339 = Annotated[datetime, BeforeValidator(rfc_3339)]

# A calendar day as the OpenAPI document's `format: date` promises (pydantic would take "0" too).
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_day(value):
    """Read a query's day only as YYYY-MM-DD."""
    if isinstance(value, str) and not _ISO_DAY.match(value):
        raise ValueError("expected a day such as 2025-05-01")
    return value


IsoDay = Annotated[date, BeforeValidator(iso_day)]


def moment(value: datetime, name: str) -> datetime:
    """Return `value` in UTC, or answer 400 when that is beyond the calendar's ends."""
    try:
        return value.astimezone(UTC)
    except OverflowError as error:
        raise BadRequest(f"{name} is out of range: {value.isoformat()}") from error
